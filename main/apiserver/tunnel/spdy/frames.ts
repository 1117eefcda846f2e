// SPDY/3.1 framing (the subset kubectl's port-forward uses): a reader that takes the byte stream in
// pieces of any size and yields whole frames, and writers for the frames a server sends.

export const SPDY_VERSION = 3;

export enum ControlType {
  SynStream = 1,
  SynReply = 2,
  RstStream = 3,
  Settings = 4,
  Ping = 6,
  GoAway = 7,
  Headers = 8,
  WindowUpdate = 9,
}

export const FLAG_FIN = 0x01;

/** RST_STREAM status codes. */
export const RST_PROTOCOL_ERROR = 1;
export const RST_CANCEL = 5;

export type SpdyFrame =
  | { kind: 'data'; streamId: number; flags: number; data: Buffer }
  | { kind: 'control'; type: number; version: number; flags: number; body: Buffer };

export class SpdyProtocolError extends Error {}

/** Frames larger than this are refused (the 24-bit length allows 16 MiB; kubectl sends 32 KiB at most). */
const MAX_FRAME = 1 << 20;

export class SpdyFrameReader {
  private chunks: Buffer[] = [];
  private buffered = 0;

  /** Adds bytes; returns every frame now complete. */
  push(bytes: Buffer): SpdyFrame[] {
    this.chunks.push(bytes);
    this.buffered += bytes.length;
    const frames: SpdyFrame[] = [];
    for (;;) {
      if (this.buffered < 8) break;
      const head = this.peek(8);
      const length = head.readUInt32BE(4) & 0xffffff;
      if (length > MAX_FRAME) throw new SpdyProtocolError(`SPDY frame of ${length} bytes is too large`);
      if (this.buffered < 8 + length) break;
      const whole = this.take(8 + length);
      const word0 = whole.readUInt32BE(0);
      const flags = whole[4];
      const body = whole.subarray(8);
      if (word0 & 0x80000000) {
        frames.push({ kind: 'control', version: (word0 >>> 16) & 0x7fff, type: word0 & 0xffff, flags, body });
      } else {
        frames.push({ kind: 'data', streamId: word0 & 0x7fffffff, flags, data: body });
      }
    }
    return frames;
  }

  private peek(n: number): Buffer {
    if (this.chunks[0].length >= n) return this.chunks[0].subarray(0, n);
    return Buffer.concat(this.chunks).subarray(0, n);
  }

  private take(n: number): Buffer {
    let out: Buffer;
    if (this.chunks[0].length >= n) {
      out = this.chunks[0].subarray(0, n);
      this.chunks[0] = this.chunks[0].subarray(n);
      if (this.chunks[0].length === 0) this.chunks.shift();
    } else {
      const all = Buffer.concat(this.chunks);
      out = all.subarray(0, n);
      this.chunks = all.length > n ? [all.subarray(n)] : [];
    }
    this.buffered -= n;
    return out;
  }
}

export function controlFrame(type: ControlType, flags: number, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE((0x80000000 | (SPDY_VERSION << 16) | type) >>> 0, 0);
  head.writeUInt32BE(((flags << 24) | body.length) >>> 0, 4);
  return Buffer.concat([head, body]);
}

export function dataFrame(streamId: number, data: Buffer, fin: boolean): Buffer {
  const out = Buffer.allocUnsafe(8 + data.length);
  out.writeUInt32BE(streamId & 0x7fffffff, 0);
  out.writeUInt32BE((((fin ? FLAG_FIN : 0) << 24) | data.length) >>> 0, 4);
  data.copy(out, 8);
  return out;
}

export function synReplyFrame(streamId: number, headerBlock: Buffer, fin: boolean): Buffer {
  const id = Buffer.alloc(4);
  id.writeUInt32BE(streamId & 0x7fffffff, 0);
  return controlFrame(ControlType.SynReply, fin ? FLAG_FIN : 0, Buffer.concat([id, headerBlock]));
}

export function rstStreamFrame(streamId: number, status: number): Buffer {
  const body = Buffer.alloc(8);
  body.writeUInt32BE(streamId & 0x7fffffff, 0);
  body.writeUInt32BE(status, 4);
  return controlFrame(ControlType.RstStream, 0, body);
}

export function pingFrame(id: number): Buffer {
  const body = Buffer.alloc(4);
  body.writeUInt32BE(id >>> 0, 0);
  return controlFrame(ControlType.Ping, 0, body);
}

export function goAwayFrame(lastGoodStreamId: number, status: number): Buffer {
  const body = Buffer.alloc(8);
  body.writeUInt32BE(lastGoodStreamId & 0x7fffffff, 0);
  body.writeUInt32BE(status, 4);
  return controlFrame(ControlType.GoAway, 0, body);
}

/** SYN_STREAM body: stream id, associated id, priority/slot, then the compressed header block. */
export function parseSynStream(body: Buffer): { streamId: number; headerBlock: Buffer } {
  if (body.length < 10) throw new SpdyProtocolError('SYN_STREAM frame too short');
  return { streamId: body.readUInt32BE(0) & 0x7fffffff, headerBlock: body.subarray(10) };
}
