// The local shell of browser mode (`skiff serve --ui`): a WebSocket at /ui/shell, for the signed-in admin's
// session cookie only, that runs the user's shell ($SHELL, else /bin/sh) in a pty on this machine with
// KUBECONFIG pointing at the cluster. It speaks the framing of pods/exec (v5.channel.k8s.io: 0 stdin,
// 1 stdout, 3 exit Status, 4 resize, 255 close) so the GUI's one terminal serves both. The shell is
// killed when the socket closes.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { WebSocketServer, type WebSocket } from 'ws';

export const LOCAL_SHELL_PATH = '/ui/shell';
export const SHELL_PROTOCOL = 'v5.channel.k8s.io';

const CH_STDIN = 0;
const CH_STDOUT = 1;
const CH_STATUS = 3;
const CH_RESIZE = 4;
const CH_CLOSE = 255;
/** Output waiting in the socket before the pty is paused (a `cat` of a big file must not fill memory). */
const HIGH_WATER = 1 << 20;

/** What the shell needs of node-pty's IPty (tests pass a fake). */
export interface PtyProcess {
  readonly pid: number;
  onData(cb: (data: string) => void): unknown;
  onExit(cb: (e: { exitCode: number; signal?: number }) => void): unknown;
  write(data: string): void;
  resize(cols: number, rows: number): void;
  kill(signal?: string): void;
  pause(): void;
  resume(): void;
}

export type SpawnPty = (file: string, args: string[], opts: { name: string; cols: number; rows: number; cwd: string; env: Record<string, string> }) => PtyProcess;

export interface LocalShellOptions {
  /** The admin kubeconfig the shell's kubectl uses (DATA_DIR/kubeconfig). */
  kubeconfig: string;
  /** Default: $SHELL, else /bin/sh. */
  shell?: string;
  /** Default: $HOME, else /. */
  cwd?: string;
  /** Default: node-pty's spawn, loaded on first use. */
  spawn?: SpawnPty;
  log: Logger;
}

/** Closers of live streams (the API server's OpenStreams): shells end when the server shuts down. */
export interface StreamTracker {
  add(close: () => void): () => void;
}

export class LocalShell {
  private wss: WebSocketServer | undefined;
  private spawnFn: SpawnPty | undefined;
  private readonly shell: string;
  private readonly cwd: string;

  constructor(private readonly opts: LocalShellOptions) {
    this.shell = opts.shell ?? (process.env.SHELL || '/bin/sh');
    this.cwd = opts.cwd ?? (process.env.HOME || '/');
    this.spawnFn = opts.spawn;
  }

  /** What GET /ui/shell answers: whether the GUI may offer the shell, and which one. */
  info(): { available: true; shell: string } {
    return { available: true, shell: this.shell };
  }

  /** Completes the WebSocket handshake (the caller has authenticated the request) and starts a shell. */
  async accept(req: IncomingMessage, socket: Duplex, head: Buffer, streams?: StreamTracker): Promise<void> {
    const offered = String(req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
    if (!offered.includes(SHELL_PROTOCOL)) return refuse(socket, 400, `the local shell speaks the WebSocket subprotocol ${SHELL_PROTOCOL}`);
    let spawn: SpawnPty;
    try {
      spawn = await this.loadSpawn();
    } catch (err) {
      this.opts.log.error({ err: (err as Error).message }, 'node-pty could not be loaded: no local shell');
      return refuse(socket, 503, 'the local shell is unavailable: node-pty could not be loaded on the server');
    }
    const url = new URL(req.url ?? '/', 'https://skiff.invalid');
    const size = (name: string, fallback: number) => {
      const n = Number(url.searchParams.get(name));
      return Number.isInteger(n) && n > 0 && n < 1000 ? n : fallback;
    };
    this.server().handleUpgrade(req, socket, head, (ws) => this.run(ws, spawn, size('cols', 80), size('rows', 24), streams));
  }

  private run(ws: WebSocket, spawn: SpawnPty, cols: number, rows: number, streams?: StreamTracker): void {
    const started = performance.now();
    let pty: PtyProcess;
    try {
      pty = spawn(this.shell, [], {
        name: 'xterm-256color', cols, rows, cwd: this.cwd,
        env: { ...stringEnv(process.env), KUBECONFIG: this.opts.kubeconfig, TERM: 'xterm-256color', COLORTERM: 'truecolor' },
      });
    } catch (err) {
      sendStatus(ws, { metadata: {}, status: 'Failure', message: `cannot start ${this.shell}: ${(err as Error).message}`, reason: 'InternalError', code: 500 });
      ws.close(1011);
      return;
    }
    const log = this.opts.log.child({ pid: pty.pid, shell: this.shell });
    log.info({}, 'local shell started');
    let exited = false;
    let paused = false;
    const untrack = streams?.add(() => ws.close(1001, 'the server is shutting down'));

    pty.onData((data) => {
      if (ws.readyState !== ws.OPEN) return;
      ws.send(frame(CH_STDOUT, Buffer.from(data, 'utf8')), () => {
        if (paused && ws.bufferedAmount < HIGH_WATER / 2) {
          paused = false;
          pty.resume();
        }
      });
      if (!paused && ws.bufferedAmount > HIGH_WATER) {
        paused = true;
        pty.pause();
      }
    });
    pty.onExit(({ exitCode, signal }) => {
      exited = true;
      log.info({ exitCode, signal, ms: Math.round(performance.now() - started) }, 'local shell ended');
      if (ws.readyState === ws.OPEN) {
        sendStatus(ws, exitCode === 0 ? { metadata: {}, status: 'Success' } : {
          metadata: {}, status: 'Failure', message: `command terminated with non-zero exit code: exit code ${exitCode}`,
          reason: 'NonZeroExitCode', details: { causes: [{ reason: 'ExitCode', message: String(exitCode) }] },
        });
        ws.close(1000);
      }
    });
    ws.on('message', (data, isBinary) => {
      if (!isBinary || !Buffer.isBuffer(data) || data.length === 0 || exited) return;
      const payload = data.subarray(1);
      switch (data[0]) {
        case CH_STDIN: pty.write(payload.toString('utf8')); break;
        case CH_RESIZE: {
          const s = parseResize(payload);
          if (s) pty.resize(s.cols, s.rows);
          break;
        }
        case CH_CLOSE: if (payload[0] === CH_STDIN) pty.write('\x04'); break;
        default: break;
      }
    });
    ws.on('close', () => {
      untrack?.();
      if (exited) return;
      // SIGHUP, as a terminal closing sends; a shell that ignores it is killed.
      pty.kill('SIGHUP');
      setTimeout(() => { if (!exited) pty.kill('SIGKILL'); }, 2000).unref();
    });
    ws.on('error', () => ws.terminate());
  }

  private async loadSpawn(): Promise<SpawnPty> {
    if (!this.spawnFn) {
      const mod = await import('node-pty');
      const spawn = mod.spawn ?? (mod as unknown as { default: typeof mod }).default.spawn;
      this.spawnFn = (file, args, o) => spawn(file, args, o);
    }
    return this.spawnFn;
  }

  private server(): WebSocketServer {
    this.wss ??= new WebSocketServer({
      noServer: true, clientTracking: false, perMessageDeflate: false, maxPayload: 1 << 20,
      handleProtocols: (protocols) => (protocols.has(SHELL_PROTOCOL) ? SHELL_PROTOCOL : false),
    });
    return this.wss;
  }
}

/** Answers a refused upgrade on the raw socket (the HTTP layer has let go of it). */
export function refuse(socket: Duplex, code: number, message: string): void {
  const reason = ({ 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 503: 'Service Unavailable' } as Record<number, string>)[code] ?? 'Error';
  const body = JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', message, reason: reason.replace(/ /g, ''), code });
  socket.end(`HTTP/1.1 ${code} ${reason}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
}

function frame(channel: number, payload: Buffer): Buffer {
  return Buffer.concat([Buffer.from([channel]), payload]);
}

function sendStatus(ws: WebSocket, status: object): void {
  ws.send(frame(CH_STATUS, Buffer.from(JSON.stringify(status))));
}

function parseResize(payload: Buffer): { cols: number; rows: number } | undefined {
  try {
    const v: unknown = JSON.parse(payload.toString('utf8'));
    if (typeof v !== 'object' || v === null) return undefined;
    const { Width, Height } = v as { Width?: unknown; Height?: unknown };
    if (typeof Width !== 'number' || typeof Height !== 'number' || Width < 1 || Height < 1) return undefined;
    return { cols: Math.min(1000, Math.floor(Width)), rows: Math.min(1000, Math.floor(Height)) };
  } catch {
    return undefined;
  }
}

function stringEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) out[k] = v;
  return out;
}
