// The agent's end of the tunnel: one WebSocket to the API server, opened from here (devices sit
// behind NAT), authenticated with the node's client certificate, kept alive, and reopened with
// back-off whenever it drops. Streams the server opens on it are handed to `onStream`.
import { WebSocket } from 'ws';
import type { HttpCredentials } from '../../client/http-transport.js';
import { TUNNEL_SUBPROTOCOL, TunnelConnection, tunnelPath, type IncomingStream } from '../../client/tunnel/index.js';
import type { Logger } from '../logger.js';

export interface TunnelClientOptions {
  credentials: HttpCredentials;
  nodeName: string;
  log: Logger;
  onStream: (stream: IncomingStream, request: unknown) => void;
  /** The server's keepalive period (it pings; we give up after three silent periods). */
  keepaliveMs?: number;
  backoff?: { initialMs: number; maxMs: number };
}

export class TunnelClient {
  private ws: WebSocket | undefined;
  private conn: TunnelConnection | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private delay: number;
  private failures = 0;
  private readonly listeners: (() => void)[] = [];

  constructor(private readonly o: TunnelClientOptions) {
    this.delay = o.backoff?.initialMs ?? 500;
  }

  get connected(): boolean {
    return this.conn?.isOpen === true;
  }

  start(): void {
    this.stopped = false;
    this.connect();
  }

  /** Resolves once a tunnel is up (at once if it is). */
  whenConnected(): Promise<void> {
    if (this.connected) return Promise.resolve();
    return new Promise((resolve) => this.listeners.push(resolve));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    const ws = this.ws;
    this.conn?.close('the agent is stopping', 1001);
    if (ws && ws.readyState !== WebSocket.CLOSED) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => { ws.terminate(); resolve(); }, 2000);
        ws.once('close', () => { clearTimeout(t); resolve(); });
        if (ws.readyState === WebSocket.CONNECTING) ws.terminate();
      });
    }
  }

  private connect(): void {
    if (this.stopped) return;
    const c = this.o.credentials;
    const url = new URL(tunnelPath(this.o.nodeName), c.server.replace(/^http/, 'ws'));
    const ws = new WebSocket(url, [TUNNEL_SUBPROTOCOL], {
      ca: c.caPem, cert: c.certPem, key: c.keyPem,
      headers: c.token ? { Authorization: `Bearer ${c.token}` } : undefined,
      perMessageDeflate: false,
      handshakeTimeout: 10_000,
      maxPayload: 16 * 1024 * 1024,
    });
    this.ws = ws;
    let opened = false;
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => { if (body.length < 2000) body += d; });
      res.on('end', () => {
        this.o.log.warn({ url: url.href, status: res.statusCode, body: messageOf(body) }, 'the API server refused the agent tunnel');
        ws.terminate();
      });
    });
    ws.on('open', () => {
      opened = true;
      this.failures = 0;
      this.delay = this.o.backoff?.initialMs ?? 500;
      const conn = new TunnelConnection(ws, {
        role: 'agent',
        node: this.o.nodeName,
        keepaliveMs: this.o.keepaliveMs,
        onStream: this.o.onStream,
        onProblem: (message) => this.o.log.warn({ message }, 'agent tunnel protocol error'),
      });
      this.conn = conn;
      this.o.log.info({ server: c.server }, 'agent tunnel connected');
      for (const l of this.listeners.splice(0)) l();
    });
    ws.on('error', (err) => {
      if (!opened && this.failures++ % 10 === 0) this.o.log.warn({ server: c.server, err: err.message, retryMs: this.delay }, 'cannot open the agent tunnel; retrying');
    });
    ws.on('close', (code, reason) => {
      if (this.ws !== ws) return;
      this.ws = undefined;
      this.conn = undefined;
      if (opened) this.o.log.info({ code, reason: reason.toString() }, 'agent tunnel closed');
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.stopped) return;
    // Jitter keeps a fleet of agents from reconnecting in lock-step after a server restart.
    const wait = Math.round(this.delay / 2 + Math.random() * (this.delay / 2));
    this.delay = Math.min(this.delay * 2, this.o.backoff?.maxMs ?? 30_000);
    this.timer = setTimeout(() => this.connect(), wait);
    this.timer.unref();
  }
}

function messageOf(body: string): string {
  try {
    const v = JSON.parse(body) as { message?: unknown };
    if (typeof v.message === 'string') return v.message;
  } catch {
    // not JSON
  }
  return body.slice(0, 300);
}
