// SPDY/3 header blocks: `uint32 count` then (`uint32 len` name, `uint32 len` value) pairs, carried in
// one zlib stream per direction that lives as long as the session.
import { createInflate, constants, type Inflate } from 'node:zlib';
import { SPDY3_DICTIONARY } from './dictionary.js';
import { SpdyProtocolError } from './frames.js';

export type SpdyHeaders = Record<string, string>;

export function serializeHeaders(headers: SpdyHeaders): Buffer {
  const parts: Buffer[] = [u32(Object.keys(headers).length)];
  for (const [name, value] of Object.entries(headers)) {
    const n = Buffer.from(name.toLowerCase(), 'utf8');
    const v = Buffer.from(value, 'utf8');
    parts.push(u32(n.length), n, u32(v.length), v);
  }
  return Buffer.concat(parts);
}

export function parseHeaders(raw: Buffer): SpdyHeaders {
  if (raw.length < 4) throw new SpdyProtocolError('truncated SPDY header block');
  const out: SpdyHeaders = {};
  const count = raw.readUInt32BE(0);
  let i = 4;
  const read = (): Buffer => {
    if (i + 4 > raw.length) throw new SpdyProtocolError('truncated SPDY header block');
    const len = raw.readUInt32BE(i);
    i += 4;
    if (i + len > raw.length) throw new SpdyProtocolError('truncated SPDY header block');
    const b = raw.subarray(i, i + len);
    i += len;
    return b;
  };
  for (let k = 0; k < count; k++) {
    const name = read().toString('utf8').toLowerCase();
    // Several values of one header are NUL-separated; port-forward headers have one.
    out[name] = read().toString('utf8').split('\0')[0];
  }
  return out;
}

/** Inflates the peer's header blocks in order (one persistent zlib stream, SPDY/3 dictionary). */
export class HeaderBlockDecoder {
  private readonly inflate: Inflate = createInflate({ dictionary: SPDY3_DICTIONARY });
  private chain: Promise<unknown> = Promise.resolve();
  private failed: Error | undefined;

  constructor() {
    this.inflate.on('error', (err) => { this.failed = err; });
  }

  decode(block: Buffer): Promise<SpdyHeaders> {
    const next = this.chain.then(() => this.inflateOne(block)).then(parseHeaders);
    this.chain = next.catch(() => undefined);
    return next;
  }

  close(): void {
    this.inflate.close();
  }

  private inflateOne(block: Buffer): Promise<Buffer> {
    if (this.failed) return Promise.reject(new SpdyProtocolError(`SPDY header block: ${this.failed.message}`));
    return new Promise((resolve, reject) => {
      const out: Buffer[] = [];
      const onData = (d: Buffer): void => { out.push(d); };
      const onError = (err: Error): void => {
        this.inflate.off('data', onData);
        reject(new SpdyProtocolError(`SPDY header block: ${err.message}`));
      };
      this.inflate.on('data', onData);
      this.inflate.once('error', onError);
      this.inflate.write(block);
      this.inflate.flush(constants.Z_SYNC_FLUSH, () => {
        this.inflate.off('data', onData);
        this.inflate.off('error', onError);
        resolve(Buffer.concat(out));
      });
    });
  }
}

/**
 * Our header blocks, as one zlib stream of stored (uncompressed) deflate blocks: valid for any
 * inflater and written synchronously, so frames go out in order without waiting on zlib. Each block is
 * followed by an empty stored block, as Z_SYNC_FLUSH does: Go's inflater hands out a stored block's
 * bytes only when the next block begins. Port-forward replies carry no headers worth compressing.
 */
export class HeaderBlockEncoder {
  private started = false;

  encode(headers: SpdyHeaders): Buffer {
    const raw = serializeHeaders(headers);
    if (raw.length > 0xffff) throw new SpdyProtocolError('SPDY header block too large');
    const parts = [storedBlockHeader(raw.length), raw, SYNC_MARKER];
    if (!this.started) {
      this.started = true;
      parts.unshift(Buffer.from([0x78, 0x01])); // zlib header: deflate, 32 KiB window, no preset dictionary
    }
    return Buffer.concat(parts);
  }
}

/** An empty stored block: what Z_SYNC_FLUSH ends its output with. */
const SYNC_MARKER = Buffer.from([0x00, 0x00, 0x00, 0xff, 0xff]);

/** BFINAL=0, BTYPE=00 (stored), padded to the byte; then LEN and its complement, little-endian. */
function storedBlockHeader(len: number): Buffer {
  const b = Buffer.alloc(5);
  b.writeUInt16LE(len, 1);
  b.writeUInt16LE(~len & 0xffff, 3);
  return b;
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n, 0);
  return b;
}
