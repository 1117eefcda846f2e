// One stream of the tunnel: ordered frames out (behind a per-stream send window), frames in delivered
// to one handler. The window is what keeps a slow reader on one end from making the other end buffer
// without bound: a receiver grants more bytes only as it hands data on (`consumed`).
import { EventEmitter } from 'node:events';
import { StatusError } from '../../api/errors/status-error.js';
import { ALL_CHANNELS, FrameType, resizePayload, windowPayload, type Frame } from './frame.js';

/** Bytes a sender may have in flight on one stream before the receiver grants more. */
export const STREAM_WINDOW = 1 << 20;
/** Data frames are cut to this size so one stream cannot hog the connection. */
export const MAX_DATA_FRAME = 64 * 1024;

export interface StreamResult {
  /** 'closed': the peer ended the stream; 'error': it failed it; 'lost': the tunnel went away. */
  how: 'closed' | 'error' | 'lost';
  error?: StatusError;
  /** JSON the peer sent with its close (exec: `{ exitCode }`). */
  trailer?: Record<string, unknown>;
}

export interface StreamHandler {
  data(channel: number, chunk: Buffer): void;
  /** The peer sends no more on `channel`. */
  end?(channel: number): void;
  resize?(width: number, height: number): void;
  done(result: StreamResult): void;
}

/** What a stream needs of its connection. */
export interface StreamTransport {
  sendFrame(type: FrameType, streamId: number, channel: number, payload?: Buffer): void;
  forget(streamId: number): void;
}

type Queued = { channel: number; data: Buffer } | { channel: number; type: FrameType.Close | FrameType.Error; payload: Buffer };

export class MuxStream extends EventEmitter<{ drain: [] }> {
  private sendWindow = STREAM_WINDOW;
  /** What the peer may still send before we grant more; a peer that overruns it is cut off. */
  private peerWindow = STREAM_WINDOW;
  private readonly queue: Queued[] = [];
  private queuedBytes = 0;
  private ungranted = 0;
  private handler: StreamHandler | undefined;
  private early: (Frame | StreamResult)[] = [];
  private finished = false;
  private ending = false;
  private needDrain = false;
  private flushScheduled = false;

  constructor(readonly id: number, protected readonly transport: StreamTransport) {
    super();
  }

  /** True once the stream ended either way; writes are dropped after that. */
  get closed(): boolean {
    return this.finished;
  }

  /** Starts delivery; frames that came before are delivered now, in order. */
  setHandler(h: StreamHandler): void {
    this.handler = h;
    const early = this.early;
    this.early = [];
    for (const f of early) {
      if ('streamId' in f) this.deliver(f);
      else h.done(f);
    }
  }

  /**
   * Queues bytes on `channel`; they go out at the end of the current tick, small writes merged into
   * one frame (a log of short lines arrives as thousands of tiny pieces). False when more is queued
   * than the window allows: pause the source until 'drain'.
   */
  write(channel: number, data: Buffer): boolean {
    if (this.finished || this.ending || data.length === 0) return !this.finished;
    this.queue.push({ channel, data });
    this.queuedBytes += data.length;
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      queueMicrotask(() => {
        this.flushScheduled = false;
        this.flush();
      });
    }
    if (this.queuedBytes <= this.sendWindow) return true;
    this.needDrain = true;
    return false;
  }

  /** Half-close: no more data on `channel` (after what is queued). */
  closeChannel(channel: number): void {
    if (this.finished || this.ending) return;
    this.queue.push({ channel, type: FrameType.Close, payload: Buffer.alloc(0) });
    this.flush();
  }

  /** Ends the stream after the queued data, optionally with a JSON trailer. */
  end(trailer?: Record<string, unknown>): void {
    this.finishWith(FrameType.Close, trailer ? Buffer.from(JSON.stringify(trailer)) : Buffer.alloc(0));
  }

  /** Fails the stream after the queued data with a metav1.Status. */
  fail(status: object): void {
    this.finishWith(FrameType.Error, Buffer.from(JSON.stringify(status)));
  }

  /** Ends the stream now, dropping queued data (the reader went away). */
  cancel(): void {
    if (this.finished) return;
    this.queue.length = 0;
    this.queuedBytes = 0;
    this.transport.sendFrame(FrameType.Close, this.id, ALL_CHANNELS);
    this.markFinished();
  }

  resize(width: number, height: number): void {
    if (!this.finished) this.transport.sendFrame(FrameType.Resize, this.id, ALL_CHANNELS, resizePayload(width, height));
  }

  /** The receiver handed `bytes` of received data on; grants the sender that much more window. */
  consumed(bytes: number): void {
    if (this.finished) return;
    this.ungranted += bytes;
    // Batched so a stream of small chunks does not answer each with a frame.
    if (this.ungranted >= STREAM_WINDOW / 4) {
      this.transport.sendFrame(FrameType.Window, this.id, ALL_CHANNELS, windowPayload(this.ungranted));
      this.peerWindow += this.ungranted;
      this.ungranted = 0;
    }
  }

  /** Bytes queued locally waiting for window. */
  get pendingBytes(): number {
    return this.queuedBytes;
  }

  // --- called by the connection ---

  receive(f: Frame): void {
    if (this.finished) return;
    if (f.type === FrameType.Window) {
      this.sendWindow += f.payload.length >= 4 ? f.payload.readUInt32BE(0) : 0;
      this.flush();
      return;
    }
    if (f.type === FrameType.Data) {
      this.peerWindow -= f.payload.length;
      if (this.peerWindow < 0) {
        // Holding more than a window is exactly the unbounded buffering the window exists to stop.
        this.cancel();
        this.finishDelivery({ how: 'error', error: new StatusError(502, 'InternalError', 'the peer sent more than its flow-control window allows') });
        return;
      }
    }
    if (f.type === FrameType.Close && f.channel === ALL_CHANNELS) {
      this.markFinished();
      this.finishDelivery({ how: 'closed', trailer: parseTrailer(f.payload) });
      return;
    }
    if (!this.handler) this.early.push(f);
    else this.deliver(f);
  }

  /** The connection failed (or the peer sent an Error frame). */
  terminate(result: StreamResult): void {
    if (this.finished) return;
    this.markFinished();
    this.finishDelivery(result);
  }

  private deliver(f: Frame): void {
    const h = this.handler!;
    switch (f.type) {
      case FrameType.Data: h.data(f.channel, f.payload); break;
      case FrameType.Close: h.end?.(f.channel); break;
      case FrameType.Resize: if (f.payload.length >= 4) h.resize?.(f.payload.readUInt16BE(0), f.payload.readUInt16BE(2)); break;
      default: break;
    }
  }

  private finishDelivery(result: StreamResult): void {
    if (this.handler) this.handler.done(result);
    else this.early.push(result);
  }

  private finishWith(type: FrameType.Close | FrameType.Error, payload: Buffer): void {
    if (this.finished || this.ending) return;
    this.ending = true;
    this.queue.push({ channel: ALL_CHANNELS, type, payload });
    this.flush();
  }

  private flush(): void {
    while (this.queue.length > 0 && !this.finished) {
      const head = this.queue[0];
      if (!('data' in head)) {
        this.queue.shift();
        this.transport.sendFrame(head.type, this.id, head.channel, head.payload);
        if (head.channel === ALL_CHANNELS) this.markFinished();
        continue;
      }
      if (this.sendWindow <= 0) break;
      const limit = Math.min(this.sendWindow, MAX_DATA_FRAME);
      const parts: Buffer[] = [];
      let size = 0;
      // Consecutive pieces of one channel become one frame, up to the window and the frame size.
      while (size < limit && this.queue.length > 0) {
        const q = this.queue[0];
        if (!('data' in q) || q.channel !== head.channel) break;
        const n = Math.min(q.data.length, limit - size);
        parts.push(n === q.data.length ? q.data : q.data.subarray(0, n));
        size += n;
        if (n === q.data.length) this.queue.shift();
        else q.data = q.data.subarray(n);
      }
      this.transport.sendFrame(FrameType.Data, this.id, head.channel, parts.length === 1 ? parts[0] : Buffer.concat(parts, size));
      this.sendWindow -= size;
      this.queuedBytes -= size;
    }
    if (this.queuedBytes === 0 && this.needDrain) {
      this.needDrain = false;
      this.emit('drain');
    }
  }

  private markFinished(): void {
    if (this.finished) return;
    this.finished = true;
    this.transport.forget(this.id);
    // Writers waiting for window must not wait forever.
    this.emit('drain');
  }
}

function parseTrailer(payload: Buffer): Record<string, unknown> | undefined {
  if (payload.length === 0) return undefined;
  try {
    const v: unknown = JSON.parse(payload.toString('utf8'));
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** A stream the peer opened: `accept()` tells it the stream is served (then data may flow). */
export class IncomingStream extends MuxStream {
  accept(): void {
    if (!this.closed) this.transport.sendFrame(FrameType.Open, this.id, 0);
  }
}
