// A tunnel connection: many streams over one WebSocket, with keepalive. The API server end opens
// streams (`open`); the agent end answers them (`onStream`). When the socket goes, every open stream
// ends with a clear error.
import type { WebSocket } from 'ws';
import { ServiceUnavailableError, StatusError, type StatusReason } from '../../api/errors/status-error.js';
import { isObject } from '../../api/types/meta.js';
import { statusErrorFrom } from '../status-error.js';
import { decodeFrame, encodeFrame, FrameError, FrameType, type Frame } from './frame.js';
import { IncomingStream, MuxStream, type StreamTransport } from './mux-stream.js';
import type { OpenRequest } from './open-request.js';

export const DEFAULT_KEEPALIVE_MS = 15_000;

export interface TunnelConnectionOptions {
  /** 'server' pings every keepaliveMs and drops a peer that missed a pong; 'agent' drops a server silent for 3 periods. */
  role: 'server' | 'agent';
  /** The node this tunnel belongs to (for messages). */
  node: string;
  keepaliveMs?: number;
  /** Agent end: a stream the server opened. Call `accept()` or `fail()` on it. */
  onStream?: (stream: IncomingStream, request: unknown) => void;
  /** Protocol errors and the like; the connection is closed after them. */
  onProblem?: (message: string) => void;
}

interface PendingOpen {
  resolve(s: MuxStream): void;
  reject(err: StatusError): void;
}

export class TunnelConnection implements StreamTransport {
  private readonly streams = new Map<number, MuxStream>();
  private readonly pending = new Map<number, PendingOpen>();
  private nextId = 1;
  private timer: NodeJS.Timeout | undefined;
  private alive = true;
  private lostReason: string | undefined;
  private readonly closeListeners: ((reason: string) => void)[] = [];

  constructor(private readonly ws: WebSocket, private readonly opts: TunnelConnectionOptions) {
    ws.binaryType = 'nodebuffer';
    ws.on('message', (data, isBinary) => {
      this.alive = true;
      if (!isBinary || !Buffer.isBuffer(data)) return this.problem('a tunnel message was not binary');
      let f: Frame;
      try {
        f = decodeFrame(data);
      } catch (err) {
        return this.problem((err as FrameError).message);
      }
      this.onFrame(f);
    });
    ws.on('pong', () => { this.alive = true; });
    ws.on('ping', () => { this.alive = true; });
    ws.on('close', (code, reason) => this.lost(reason.length > 0 ? reason.toString() : `connection closed (code ${code})`));
    ws.on('error', (err) => this.lost(err.message));
    this.startKeepalive(opts.keepaliveMs ?? DEFAULT_KEEPALIVE_MS);
  }

  get node(): string {
    return this.opts.node;
  }

  get isOpen(): boolean {
    return this.lostReason === undefined;
  }

  get streamCount(): number {
    return this.streams.size;
  }

  /** Server end: opens a stream and resolves once the agent accepted it (rejects with its Status otherwise). */
  open(request: OpenRequest): Promise<MuxStream> {
    if (this.lostReason !== undefined) return Promise.reject(this.lostError());
    const id = this.nextId;
    this.nextId = this.nextId >= 0x7fffffff ? 1 : this.nextId + 1;
    const stream = new MuxStream(id, this);
    this.streams.set(id, stream);
    return new Promise<MuxStream>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.sendFrame(FrameType.Open, id, 0, Buffer.from(JSON.stringify(request)));
    });
  }

  onClose(listener: (reason: string) => void): void {
    if (this.lostReason !== undefined) listener(this.lostReason);
    else this.closeListeners.push(listener);
  }

  /** Closes the socket; open streams fail with `reason`. */
  close(reason: string, code = 1000): void {
    if (this.lostReason === undefined) this.ws.close(code, reason.slice(0, 120));
    this.lost(reason);
    // A peer that does not answer the close handshake must not keep the socket.
    setTimeout(() => this.ws.terminate(), 2000).unref();
  }

  // --- StreamTransport ---

  sendFrame(type: FrameType, streamId: number, channel: number, payload?: Buffer): void {
    if (this.lostReason !== undefined || this.ws.readyState !== this.ws.OPEN) return;
    this.ws.send(encodeFrame(type, streamId, channel, payload));
  }

  forget(streamId: number): void {
    this.streams.delete(streamId);
    const p = this.pending.get(streamId);
    if (p) {
      this.pending.delete(streamId);
      p.reject(new ServiceUnavailableError(`the agent of node "${this.opts.node}" ended the stream before serving it`));
    }
  }

  // --- internals ---

  private onFrame(f: Frame): void {
    if (f.type === FrameType.Open) return this.onOpenFrame(f);
    const stream = this.streams.get(f.streamId);
    if (!stream) return; // ended here already; late frames are expected
    if (f.type === FrameType.Error) {
      const error = statusErrorOf(f.payload, this.opts.node);
      const p = this.pending.get(f.streamId);
      if (p) {
        this.pending.delete(f.streamId);
        this.streams.delete(f.streamId);
        p.reject(error);
        return;
      }
      stream.terminate({ how: 'error', error });
      return;
    }
    stream.receive(f);
  }

  private onOpenFrame(f: Frame): void {
    if (this.opts.role === 'server') {
      const p = this.pending.get(f.streamId);
      const stream = this.streams.get(f.streamId);
      if (!p || !stream) return;
      this.pending.delete(f.streamId);
      p.resolve(stream);
      return;
    }
    if (this.streams.has(f.streamId)) return this.problem(`stream ${f.streamId} opened twice`);
    const stream = new IncomingStream(f.streamId, this);
    this.streams.set(f.streamId, stream);
    let request: unknown;
    try {
      request = JSON.parse(f.payload.toString('utf8'));
    } catch {
      request = undefined;
    }
    if (this.opts.onStream) this.opts.onStream(stream, request);
    else stream.fail({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'BadRequest', code: 400, message: 'this end serves no streams' });
  }

  private problem(message: string): void {
    this.opts.onProblem?.(message);
    this.close(`tunnel protocol error: ${message}`, 1002);
  }

  private lost(reason: string): void {
    if (this.lostReason !== undefined) return;
    this.lostReason = reason;
    if (this.timer) clearInterval(this.timer);
    const error = this.lostError();
    for (const [id, p] of this.pending) {
      this.pending.delete(id);
      this.streams.delete(id);
      p.reject(error);
    }
    for (const s of [...this.streams.values()]) s.terminate({ how: 'lost', error });
    this.streams.clear();
    for (const l of this.closeListeners.splice(0)) l(reason);
  }

  private lostError(): StatusError {
    return new ServiceUnavailableError(`lost the connection to the agent of node "${this.opts.node}": ${this.lostReason ?? 'closed'}`);
  }

  private startKeepalive(periodMs: number): void {
    if (this.opts.role === 'server') {
      this.timer = setInterval(() => {
        if (!this.alive) {
          this.ws.terminate();
          this.lost(`no keepalive answer for ${periodMs} ms`);
          return;
        }
        this.alive = false;
        this.ws.ping();
      }, periodMs);
    } else {
      // The server pings every period; three silent periods mean the path is dead (NAT timeouts, sleep).
      let silent = 0;
      this.timer = setInterval(() => {
        silent = this.alive ? 0 : silent + 1;
        this.alive = false;
        if (silent >= 3) {
          this.ws.terminate();
          this.lost(`the server was silent for ${3 * periodMs} ms`);
        }
      }, periodMs);
    }
    this.timer.unref();
  }
}

function statusErrorOf(payload: Buffer, node: string): StatusError {
  const text = payload.toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (isObject(parsed) && typeof parsed.code === 'number') return statusErrorFrom(parsed.code, text);
  return new StatusError(500, 'InternalError' satisfies StatusReason, `the agent of node "${node}" failed the stream: ${text.slice(0, 300)}`);
}
