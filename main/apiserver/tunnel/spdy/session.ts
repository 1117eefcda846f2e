// A server-side SPDY/3.1 session over any byte channel (WebSocket binary messages, or a raw upgraded
// socket): client-opened streams with their headers, data both ways, FIN, RST_STREAM, PING, GOAWAY.
// No SPDY flow control: kubectl's spdystream neither sends nor honours WINDOW_UPDATE; back-pressure
// comes from pausing the channel.
import { HeaderBlockDecoder, HeaderBlockEncoder, type SpdyHeaders } from './headers.js';
import {
  ControlType, dataFrame, FLAG_FIN, goAwayFrame, parseSynStream, pingFrame, rstStreamFrame, RST_PROTOCOL_ERROR,
  SpdyFrameReader, SpdyProtocolError, SPDY_VERSION, synReplyFrame, type SpdyFrame,
} from './frames.js';

export interface ByteChannel {
  write(data: Buffer, done?: () => void): void;
  /** Stop / restart delivering input (back-pressure). */
  pause(): void;
  resume(): void;
  close(): void;
}

export interface SpdyStreamHandler {
  data(chunk: Buffer): void;
  /** The client finished sending (FIN). */
  end(): void;
  /** The client reset the stream, or the session ended. */
  reset(): void;
}

/** Data frames we send are cut to this size (spdystream reads a whole frame into memory). */
const MAX_DATA = 32 * 1024;
/** Data buffered for a stream whose handler is not set yet before input is paused. */
const EARLY_LIMIT = 256 * 1024;

export class SpdyStream {
  private handler: SpdyStreamHandler | undefined;
  private early: ({ data: Buffer } | { end: true } | { reset: true })[] = [];
  private earlyBytes = 0;
  private releaseHold: (() => void) | undefined;
  localFinished = false;
  remoteFinished = false;
  resetDone = false;

  constructor(readonly id: number, readonly headers: SpdyHeaders, private readonly session: SpdySession) {}

  setHandler(h: SpdyStreamHandler): void {
    this.handler = h;
    for (const e of this.early.splice(0)) {
      if ('data' in e) h.data(e.data);
      else if ('end' in e) h.end();
      else h.reset();
    }
    this.earlyBytes = 0;
    this.releaseHold?.();
    this.releaseHold = undefined;
  }

  reply(): void {
    this.session.send(synReplyFrame(this.id, this.session.encoder.encode({}), false));
  }

  write(data: Buffer, done?: () => void): void {
    if (this.localFinished || this.resetDone) {
      done?.();
      return;
    }
    for (let i = 0; i < data.length; i += MAX_DATA) {
      const last = i + MAX_DATA >= data.length;
      this.session.send(dataFrame(this.id, data.subarray(i, i + MAX_DATA), false), last ? done : undefined);
    }
  }

  /** FIN: we send no more on this stream. */
  end(): void {
    if (this.localFinished || this.resetDone) return;
    this.localFinished = true;
    this.session.send(dataFrame(this.id, Buffer.alloc(0), true));
    this.session.maybeForget(this);
  }

  reset(status: number): void {
    if (this.resetDone) return;
    this.resetDone = true;
    this.session.send(rstStreamFrame(this.id, status));
    this.session.forget(this.id);
  }

  // --- from the session ---

  onData(data: Buffer, fin: boolean): void {
    if (data.length > 0) this.deliver({ data });
    if (fin) {
      this.remoteFinished = true;
      this.deliver({ end: true });
      this.session.maybeForget(this);
    }
  }

  onReset(): void {
    if (this.resetDone) return;
    this.resetDone = true;
    this.deliver({ reset: true });
  }

  private deliver(e: { data: Buffer } | { end: true } | { reset: true }): void {
    if (this.handler) {
      if ('data' in e) this.handler.data(e.data);
      else if ('end' in e) this.handler.end();
      else this.handler.reset();
      return;
    }
    this.early.push(e);
    if ('data' in e) {
      this.earlyBytes += e.data.length;
      if (this.earlyBytes > EARLY_LIMIT && !this.releaseHold) this.releaseHold = this.session.holdInput();
    }
  }
}

export class SpdySession {
  readonly encoder = new HeaderBlockEncoder();
  private readonly decoder = new HeaderBlockDecoder();
  private readonly reader = new SpdyFrameReader();
  private readonly streams = new Map<number, SpdyStream>();
  private readonly queue: SpdyFrame[] = [];
  private processing = false;
  private holds = 0;
  private closed = false;
  private lastStreamId = 0;
  private readonly closeListeners: ((reason: string) => void)[] = [];
  /** A client-opened stream, with its headers; reply to it (or reset it). */
  onStream: ((s: SpdyStream) => void) | undefined;

  constructor(private readonly channel: ByteChannel) {}

  /** Bytes from the client, in pieces of any size. */
  feed(bytes: Buffer): void {
    if (this.closed) return;
    try {
      this.queue.push(...this.reader.push(bytes));
    } catch (err) {
      return this.fail(err as Error);
    }
    void this.process();
  }

  onClose(listener: (reason: string) => void): void {
    if (this.closed) listener('closed');
    else this.closeListeners.push(listener);
  }

  /** Ends the session: GOAWAY, then the channel closes; every stream is reset locally. */
  close(reason: string, sendGoAway = true): void {
    if (this.closed) return;
    this.closed = true;
    if (sendGoAway) this.channel.write(goAwayFrame(this.lastStreamId, 0));
    for (const s of [...this.streams.values()]) s.onReset();
    this.streams.clear();
    this.decoder.close();
    this.channel.close();
    for (const l of this.closeListeners.splice(0)) l(reason);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Pauses input until the returned function is called (counted: several holders may pause at once). */
  holdInput(): () => void {
    if (this.holds++ === 0) this.channel.pause();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (--this.holds === 0 && !this.closed) this.channel.resume();
    };
  }

  send(frame: Buffer, done?: () => void): void {
    if (this.closed) {
      done?.();
      return;
    }
    this.channel.write(frame, done);
  }

  forget(id: number): void {
    this.streams.delete(id);
  }

  maybeForget(s: SpdyStream): void {
    if (s.localFinished && s.remoteFinished) this.streams.delete(s.id);
  }

  private async process(): Promise<void> {
    if (this.processing) return;
    this.processing = true;
    try {
      while (this.queue.length > 0 && !this.closed) await this.handle(this.queue.shift()!);
    } catch (err) {
      this.fail(err as Error);
    } finally {
      this.processing = false;
    }
  }

  private async handle(f: SpdyFrame): Promise<void> {
    if (f.kind === 'data') {
      this.streams.get(f.streamId)?.onData(f.data, (f.flags & FLAG_FIN) !== 0);
      return;
    }
    if (f.version !== SPDY_VERSION) throw new SpdyProtocolError(`SPDY version ${f.version} is not supported (want 3)`);
    switch (f.type) {
      case ControlType.SynStream: {
        const { streamId, headerBlock } = parseSynStream(f.body);
        const headers = await this.decoder.decode(headerBlock);
        if (streamId <= this.lastStreamId || streamId % 2 === 0) {
          this.send(rstStreamFrame(streamId, RST_PROTOCOL_ERROR));
          return;
        }
        this.lastStreamId = streamId;
        const s = new SpdyStream(streamId, headers, this);
        this.streams.set(streamId, s);
        if ((f.flags & FLAG_FIN) !== 0) s.onData(Buffer.alloc(0), true);
        if (this.onStream) this.onStream(s);
        else s.reset(RST_PROTOCOL_ERROR);
        return;
      }
      case ControlType.Headers:
        // Only to keep the shared zlib stream in step; port-forward has no use for late headers.
        if (f.body.length >= 4) await this.decoder.decode(f.body.subarray(4));
        return;
      case ControlType.RstStream: {
        if (f.body.length < 8) throw new SpdyProtocolError('RST_STREAM frame too short');
        const id = f.body.readUInt32BE(0) & 0x7fffffff;
        const s = this.streams.get(id);
        this.streams.delete(id);
        s?.onReset();
        return;
      }
      case ControlType.Ping:
        // Client pings have odd ids; answer with the same frame.
        if (f.body.length < 4) throw new SpdyProtocolError('PING frame too short');
        this.send(pingFrame(f.body.readUInt32BE(0)));
        return;
      case ControlType.GoAway:
        this.close('the client went away', false);
        return;
      default:
        // SETTINGS, WINDOW_UPDATE and unknown control frames: nothing to do.
        return;
    }
  }

  private fail(err: Error): void {
    this.close(`SPDY protocol error: ${err.message}`);
  }
}
