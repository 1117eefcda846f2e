// The GUI in browser mode, on the API server's own HTTPS port: the renderer's files under /ui/, the
// one-time login URL that turns into a session cookie, sign-out, and the local shell (local-shell.ts). API
// requests carrying the cookie are authenticated through authenticate() (wired into the API server's authn).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import type { UserInfo } from '../registry/context.js';
import { clearedSessionCookie, sessionCookie, sessionIdOf, UiSessions, type UiSessionOptions } from './sessions.js';
import { SECURITY_HEADERS, StaticFiles } from './static-files.js';
import { LOCAL_SHELL_PATH, LocalShell, refuse, type LocalShellOptions, type StreamTracker } from './local-shell.js';
import { ForbiddenError } from '../../api/errors/status-error.js';

export const UI_BASE = '/ui/';

export interface BrowserUiOptions extends UiSessionOptions {
  /** The built renderer (default: dist/renderer of this checkout). */
  rendererDir?: string;
  log: Logger;
  /** The local shell at /ui/shell (local-shell.ts); off without it. */
  localShell?: Omit<LocalShellOptions, 'log'>;
}

export class BrowserUi {
  readonly sessions: UiSessions;
  private readonly files: StaticFiles;
  private readonly log: Logger;
  private readonly shell: LocalShell | undefined;

  constructor(opts: BrowserUiOptions) {
    this.sessions = new UiSessions(opts);
    this.files = new StaticFiles(opts.rendererDir ?? defaultRendererDir(), UI_BASE);
    this.log = opts.log;
    this.shell = opts.localShell ? new LocalShell({ ...opts.localShell, log: opts.log.child({ component: 'local-shell' }) }) : undefined;
  }

  /** A fresh one-time login URL on the API server at `apiUrl` (https://host:port). */
  loginUrl(apiUrl: string): string {
    return `${apiUrl}${UI_BASE}login?token=${this.sessions.issueLoginToken()}`;
  }

  /** Whether the built renderer is there to serve. */
  available(): Promise<boolean> {
    return this.files.available();
  }

  /** Whether a request path belongs to the GUI rather than the Kubernetes API. */
  serves(pathname: string): boolean {
    return pathname === '/ui' || pathname.startsWith(UI_BASE);
  }

  /** The session user of an API request (see UiSessions.authenticate). */
  authenticate(req: IncomingMessage): UserInfo | undefined {
    return this.sessions.authenticate(req);
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://skiff.invalid');
    const method = req.method ?? 'GET';
    try {
      if (url.pathname === '/ui') return redirect(res, UI_BASE);
      if (url.pathname === `${UI_BASE}login` && (method === 'GET' || method === 'HEAD')) return this.login(res, url.searchParams.get('token') ?? '');
      if (url.pathname === `${UI_BASE}logout` && method === 'POST') return this.logout(req, res);
      if (url.pathname === LOCAL_SHELL_PATH && method === 'GET') return this.shellInfo(req, res);
      if (method !== 'GET' && method !== 'HEAD') return page(res, 405, 'Method not allowed', 'The GUI serves files only.');
      if (await this.files.serve(req, res, url.pathname)) return;
      if (!(await this.files.available())) {
        return page(res, 503, 'The GUI is not built', 'Run <code>npm run build:renderer</code> in the Skiff checkout, then reload.');
      }
      return page(res, 404, 'Not found', 'There is no such file in the GUI.');
    } catch (err) {
      this.log.error({ err, url: req.url }, 'GUI request failed');
      if (!res.headersSent) page(res, 500, 'Internal error', 'The GUI request failed; see the server log.');
      else res.end();
    }
  }

  // --- local shell (local-shell.ts): the upgrade at /ui/shell, and GET /ui/shell saying whether there is one ---

  /** WebSocket upgrades under /ui/: only the local shell, only for the signed-in admin's session. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, streams?: StreamTracker): void {
    socket.on('error', () => socket.destroy());
    const path = new URL(req.url ?? '/', 'https://skiff.invalid').pathname;
    if (path !== LOCAL_SHELL_PATH || !this.shell) return refuse(socket, 404, 'there is no WebSocket endpoint here');
    let user: UserInfo | undefined;
    try {
      // A browser always sends Origin on a WebSocket: without it this is not the GUI (CSRF: see sessions.ts).
      if (req.headers.origin === undefined) throw new ForbiddenError('forbidden: the local shell is only opened by the GUI (no Origin)');
      user = this.sessions.authenticate(req);
    } catch (err) {
      return refuse(socket, 403, (err as Error).message);
    }
    if (!user) return refuse(socket, 401, 'sign in to the GUI first: the local shell needs its session');
    if (!user.groups.includes('system:masters')) return refuse(socket, 403, `forbidden: ${user.name} is not a cluster admin`);
    this.shell.accept(req, socket, head, streams).catch((err: unknown) => {
      this.log.error({ err }, 'local shell failed to start');
      socket.destroy();
    });
  }

  private shellInfo(req: IncomingMessage, res: ServerResponse): void {
    let user: UserInfo | undefined;
    try {
      user = this.sessions.authenticate(req);
    } catch {
      user = undefined;
    }
    const body = JSON.stringify(!user ? { available: false, reason: 'Sign in first.' }
      : this.shell ? this.shell.info() : { available: false, reason: 'This server was started without a local shell.' });
    res.writeHead(user ? 200 : 401, { ...SECURITY_HEADERS, 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
    res.end(body);
  }

  private login(res: ServerResponse, token: string): void {
    const session = token === '' ? undefined : this.sessions.redeem(token);
    if (!session) {
      this.log.warn({}, 'GUI login with an unknown, used or expired token');
      return page(res, 401, 'This login link is no longer valid',
        'Login links work once and expire after a few minutes. Restart <code>skiff serve --ui</code> for a new one, or keep using a browser tab that is already signed in.');
    }
    this.log.info({}, 'GUI session started');
    // 303 to the app: the token leaves the address bar and the history.
    res.writeHead(303, { ...SECURITY_HEADERS, Location: UI_BASE, 'Set-Cookie': sessionCookie(session), 'Cache-Control': 'no-store' });
    res.end();
  }

  private logout(req: IncomingMessage, res: ServerResponse): void {
    // Same rules as any cookie-authenticated write: the CSRF header and our own origin.
    const user = this.sessions.authenticate(req);
    const id = sessionIdOf(req);
    if (user && id !== undefined) this.sessions.revoke(id);
    res.writeHead(204, { ...SECURITY_HEADERS, 'Set-Cookie': clearedSessionCookie(), 'Cache-Control': 'no-store' });
    res.end();
  }
}

/** dist/renderer beside the compiled main/ (dist/main/ui/browser-ui.js → dist/renderer). */
export function defaultRendererDir(): string {
  return fileURLToPath(new URL('../../renderer/', import.meta.url));
}

function redirect(res: ServerResponse, location: string): void {
  res.writeHead(308, { ...SECURITY_HEADERS, Location: location });
  res.end();
}

function page(res: ServerResponse, code: number, title: string, html: string): void {
  const body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title} — Skiff</title>`
    + '<style>body{font:15px system-ui,sans-serif;max-width:36em;margin:15vh auto;padding:0 1em;color:#1d2433}'
    + '@media(prefers-color-scheme:dark){body{background:#14171c;color:#d8dee9}}code{font-size:90%}</style></head>'
    + `<body><h1>${title}</h1><p>${html}</p></body></html>`;
  res.writeHead(code, { ...SECURITY_HEADERS, 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store' });
  res.end(body);
}
