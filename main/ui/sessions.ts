// Browser-mode sign-in: a one-time login token (printed as a URL by `skiff serve --ui`) is exchanged once
// for a session id carried in an HttpOnly cookie. Sessions slide: each use extends them by the idle TTL,
// up to an absolute limit. Only SHA-256 hashes are kept, as in TokenAuthenticator; that class does not
// fit here because its tokens do not slide and would be accepted as bearer tokens, which skip the CSRF
// header check cookie-authenticated writes need.
import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { ForbiddenError } from '../../api/errors/status-error.js';
import type { UserInfo } from '../registry/context.js';

export const SESSION_COOKIE = 'skiff-session';
/** Cookie-authenticated writes must carry this header: a cross-site page cannot set it without CORS. */
export const CSRF_HEADER = 'x-skiff-csrf';

export interface UiSessionOptions {
  /** Who a session acts as (the cluster admin). */
  user: UserInfo;
  now?: () => number;
  /** How long a login URL stays valid (default 15 min). */
  loginTtlMs?: number;
  /** A session ends after this long unused (default 12 h). */
  idleTtlMs?: number;
  /** ... and at the latest this long after sign-in (default 7 days). */
  maxAgeMs?: number;
}

interface Session {
  expires: number;
  ends: number;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export class UiSessions {
  private readonly logins = new Map<string, number>();
  private readonly sessions = new Map<string, Session>();
  private readonly now: () => number;
  readonly loginTtlMs: number;
  readonly idleTtlMs: number;
  readonly maxAgeMs: number;

  constructor(private readonly opts: UiSessionOptions) {
    this.now = opts.now ?? Date.now;
    this.loginTtlMs = opts.loginTtlMs ?? 15 * 60_000;
    this.idleTtlMs = opts.idleTtlMs ?? 12 * 3600_000;
    this.maxAgeMs = opts.maxAgeMs ?? 7 * 24 * 3600_000;
  }

  /** A new single-use login token. */
  issueLoginToken(): string {
    this.prune();
    const token = randomBytes(24).toString('base64url');
    this.logins.set(hash(token), this.now() + this.loginTtlMs);
    return token;
  }

  /** Spends a login token; returns a new session id, or undefined when the token is unknown, used or expired. */
  redeem(token: string): string | undefined {
    const h = hash(token);
    const expires = this.logins.get(h);
    this.logins.delete(h);
    if (expires === undefined || expires <= this.now()) return undefined;
    const id = randomBytes(32).toString('base64url');
    const now = this.now();
    this.sessions.set(hash(id), { expires: now + this.idleTtlMs, ends: now + this.maxAgeMs });
    return id;
  }

  revoke(sessionId: string): void {
    this.sessions.delete(hash(sessionId));
  }

  /** The session's user, extending the session; undefined for an unknown or expired id. */
  touch(sessionId: string): UserInfo | undefined {
    const h = hash(sessionId);
    const s = this.sessions.get(h);
    const now = this.now();
    if (!s) return undefined;
    if (s.expires <= now || s.ends <= now) {
      this.sessions.delete(h);
      return undefined;
    }
    s.expires = Math.min(now + this.idleTtlMs, s.ends);
    return this.opts.user;
  }

  /**
   * The user of a request carrying a session cookie (undefined without one, or with a stale one). A write
   * without the CSRF header, or from another origin, is refused: the cookie alone must never authorize it.
   */
  authenticate(req: IncomingMessage): UserInfo | undefined {
    const id = sessionIdOf(req);
    if (id === undefined) return undefined;
    const user = this.touch(id);
    if (!user) return undefined;
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== `https://${req.headers.host ?? ''}`) {
      throw new ForbiddenError(`forbidden: a session cookie is only accepted from the GUI's own origin, not ${origin}`);
    }
    if (!SAFE_METHODS.has(req.method ?? 'GET') && req.headers[CSRF_HEADER] === undefined) {
      throw new ForbiddenError(`forbidden: ${req.method} with a session cookie needs the ${CSRF_HEADER} header`);
    }
    return user;
  }

  private prune(): void {
    const now = this.now();
    for (const [h, exp] of this.logins) if (exp <= now) this.logins.delete(h);
    for (const [h, s] of this.sessions) if (s.expires <= now || s.ends <= now) this.sessions.delete(h);
  }
}

/** The session id from the Cookie header, if any. */
export function sessionIdOf(req: IncomingMessage): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === SESSION_COOKIE) return part.slice(eq + 1).trim() || undefined;
  }
  return undefined;
}

/** Set-Cookie for a new session: a browser-session cookie; the server ends it after idle/max TTL. */
export function sessionCookie(sessionId: string): string {
  return `${SESSION_COOKIE}=${sessionId}; Path=/; HttpOnly; Secure; SameSite=Strict`;
}

export function clearedSessionCookie(): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=0`;
}

function hash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
