// One terminal's WebSocket: `pods/exec` with a TTY (Kubernetes' v5 channel protocol) or the local shell of
// browser mode (/ui/shell, same framing). Browser WebSockets cannot set headers: in browser mode the
// session cookie goes along (same origin; the server checks Origin), in Electron the bearer token rides in
// a subprotocol as the Kubernetes API server accepts it (base64url.bearer.authorization.k8s.io.<token>).
import type { Connection } from './connection.js';
import { CH_STATUS, CH_STDERR, CH_STDIN, CH_STDOUT, CHANNEL_PROTOCOL, decodeFrame, encodeFrame, parseExitStatus, resizeFrame, type ExitStatus } from './channel-protocol.js';

export interface ExecTarget {
  namespace: string;
  pod: string;
  container: string;
  /** Default: bash when the image has it, else sh. */
  command?: readonly string[];
}

export const DEFAULT_SHELL_COMMAND: readonly string[] = ['sh', '-c', 'command -v bash >/dev/null 2>&1 && exec bash || exec sh'];

/** The local shell of browser mode (main/ui/local-shell.ts). */
export const LOCAL_SHELL_PATH = '/ui/shell';

/** The exec request kubectl sends for `kubectl exec -it POD -c C -- CMD` (each argv element its own `command=`). */
export function execPath(t: ExecTarget): string {
  const q = new URLSearchParams();
  for (const arg of t.command ?? DEFAULT_SHELL_COMMAND) q.append('command', arg);
  q.set('container', t.container);
  q.set('stdin', 'true');
  q.set('stdout', 'true');
  q.set('tty', 'true');
  return `/api/v1/namespaces/${encodeURIComponent(t.namespace)}/pods/${encodeURIComponent(t.pod)}/exec?${q.toString()}`;
}

/** The ws(s): URL of a path on the API server. */
export function socketUrl(connection: Connection, location: Pick<Location, 'protocol' | 'host'>, path: string): string {
  if (connection.baseUrl === '') return `${location.protocol === 'http:' ? 'ws:' : 'wss:'}//${location.host}${path}`;
  return `${connection.baseUrl.replace(/^http/, 'ws')}${path}`;
}

/** The subprotocols to offer: the channel protocol, and in Electron the bearer token. */
export async function socketProtocols(connection: Connection): Promise<string[]> {
  if (!connection.token) return [CHANNEL_PROTOCOL];
  const token = await connection.token();
  const b64 = btoa(String.fromCharCode(...new TextEncoder().encode(token))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  return [CHANNEL_PROTOCOL, `base64url.bearer.authorization.k8s.io.${b64}`];
}

export type SocketState =
  | { phase: 'connecting' }
  | { phase: 'open' }
  /** The process ended and the server said how (channel 3). */
  | { phase: 'exited'; status: ExitStatus }
  /** Refused, dropped, or closed by us. */
  | { phase: 'closed'; reason: string };

export interface TerminalSocketOptions {
  url: string;
  protocols: () => Promise<string[]>;
  /** The WebSocket constructor (tests pass a fake). */
  WebSocket?: new (url: string, protocols: string[]) => WebSocket;
}

export interface TerminalSocketHandlers {
  output(data: Uint8Array): void;
  state(s: SocketState): void;
}

export class TerminalSocket {
  private ws: WebSocket | undefined;
  private size: { cols: number; rows: number } | undefined;
  private current: SocketState = { phase: 'closed', reason: 'not connected' };
  private closedByUs = false;

  constructor(private readonly opts: TerminalSocketOptions, private readonly handlers: TerminalSocketHandlers) {}

  get state(): SocketState {
    return this.current;
  }

  /** Opens the socket (again, after it closed). */
  async open(): Promise<void> {
    if (this.ws) return;
    this.closedByUs = false;
    this.set({ phase: 'connecting' });
    let protocols: string[];
    try {
      protocols = await this.opts.protocols();
    } catch (err) {
      this.set({ phase: 'closed', reason: `cannot sign the connection: ${err instanceof Error ? err.message : String(err)}` });
      return;
    }
    if (this.closedByUs) return;
    const Ctor = this.opts.WebSocket ?? WebSocket;
    const ws = new Ctor(this.opts.url, protocols);
    ws.binaryType = 'arraybuffer';
    this.ws = ws;
    let opened = false;
    ws.onopen = () => {
      opened = true;
      this.set({ phase: 'open' });
      if (this.size) ws.send(resizeFrame(this.size.cols, this.size.rows));
    };
    ws.onmessage = (ev: MessageEvent) => {
      const frame = decodeFrame(ev.data as ArrayBuffer | string);
      if (!frame) return;
      if (frame.channel === CH_STDOUT || frame.channel === CH_STDERR) this.handlers.output(frame.payload);
      else if (frame.channel === CH_STATUS) this.set({ phase: 'exited', status: parseExitStatus(frame.payload) });
    };
    ws.onclose = (ev: CloseEvent) => {
      if (this.ws !== ws) return;
      this.ws = undefined;
      if (this.current.phase === 'exited') return;
      // Browsers hide why an upgrade was refused (the HTTP answer): say what usually causes it.
      const reason = this.closedByUs ? 'closed'
        : !opened ? 'could not connect: the container may not be running, or the session ended (reload to sign in again)'
          : ev.reason || `the connection was lost (code ${ev.code})`;
      this.set({ phase: 'closed', reason });
    };
  }

  /** Keys typed (xterm's onData: a string) or raw bytes (xterm's onBinary). */
  input(data: string | Uint8Array): void {
    if (this.ws?.readyState === 1) this.ws.send(encodeFrame(CH_STDIN, data));
  }

  /** The terminal's size in cells; sent now when open, else as soon as it opens. */
  resize(cols: number, rows: number): void {
    if (this.size && this.size.cols === cols && this.size.rows === rows) return;
    this.size = { cols, rows };
    if (this.ws?.readyState === 1) this.ws.send(resizeFrame(cols, rows));
  }

  close(): void {
    this.closedByUs = true;
    const ws = this.ws;
    this.ws = undefined;
    ws?.close(1000);
    if (this.current.phase !== 'exited' && this.current.phase !== 'closed') this.set({ phase: 'closed', reason: 'closed' });
  }

  private set(s: SocketState): void {
    this.current = s;
    this.handlers.state(s);
  }
}
