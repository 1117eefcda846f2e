// A reader for the protobuf wire format (https://protobuf.dev/programming-guides/encoding/), enough for
// the Kubernetes types: varints, length-delimited fields and the fixed 32/64-bit ones (only ever skipped).
// Every read is bounds-checked and fails with a BadRequestError, so a truncated or hostile body cannot
// crash the server or make it loop.
import { BadRequestError } from '../../errors/status-error.js';

export const WireType = { Varint: 0, Fixed64: 1, LengthDelimited: 2, StartGroup: 3, EndGroup: 4, Fixed32: 5 } as const;

export interface FieldKey {
  field: number;
  wireType: number;
}

/** The body is not valid protobuf, or not the message it claims to be. */
export function malformed(message: string): BadRequestError {
  return new BadRequestError(`malformed protobuf body: ${message}`);
}

export class WireReader {
  private pos: number;

  constructor(private readonly buf: Uint8Array, start = 0, private readonly end = buf.length) {
    this.pos = start;
  }

  get done(): boolean {
    return this.pos >= this.end;
  }

  /** Next field key; field numbers are 1..2^29-1. */
  key(): FieldKey {
    const at = this.pos;
    const k = this.varint();
    const field = Math.floor(k / 8);
    if (field < 1 || field > 0x1fffffff) throw malformed(`invalid field number ${field} at byte ${at}`);
    return { field, wireType: k % 8 };
  }

  /** A varint that must fit a JS safe integer (keys, lengths). */
  varint(): number {
    const v = this.varint64();
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw malformed(`varint too large at byte ${this.pos}`);
    return Number(v);
  }

  /** A full 64-bit varint, unsigned. */
  varint64(): bigint {
    let result = 0n;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw malformed('truncated varint');
      const b = this.buf[this.pos++];
      result |= BigInt(b & 0x7f) << BigInt(7 * i);
      if (b < 0x80) return BigInt.asUintN(64, result);
    }
    throw malformed(`varint longer than 10 bytes at byte ${this.pos}`);
  }

  /** int32 fields: negative values arrive sign-extended to 64 bits. */
  int32(): number {
    return Number(BigInt.asIntN(32, this.varint64()));
  }

  /** int64 fields; values beyond 2^53 would silently lose precision in JSON, so they are refused. */
  int64(): number {
    const v = BigInt.asIntN(64, this.varint64());
    if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) {
      throw malformed(`int64 value ${v} does not fit a JSON number`);
    }
    return Number(v);
  }

  bool(): boolean {
    return this.varint64() !== 0n;
  }

  /** The payload of a length-delimited field, as a view (no copy). */
  bytes(): Uint8Array {
    const len = this.varint();
    if (len > this.end - this.pos) throw malformed(`length ${len} at byte ${this.pos} runs past the end of the data`);
    const out = this.buf.subarray(this.pos, this.pos + len);
    this.pos += len;
    return out;
  }

  fixed32(): number {
    if (this.end - this.pos < 4) throw malformed('truncated fixed32');
    const v = new DataView(this.buf.buffer, this.buf.byteOffset + this.pos, 4).getUint32(0, true);
    this.pos += 4;
    return v;
  }

  fixed64(): bigint {
    if (this.end - this.pos < 8) throw malformed('truncated fixed64');
    const v = new DataView(this.buf.buffer, this.buf.byteOffset + this.pos, 8).getBigUint64(0, true);
    this.pos += 8;
    return v;
  }

  /** Skips a field we do not know (newer API versions add fields; protobuf says ignore them). */
  skip(wireType: number): void {
    switch (wireType) {
      case WireType.Varint: this.varint64(); return;
      case WireType.Fixed64: this.fixed64(); return;
      case WireType.LengthDelimited: this.bytes(); return;
      case WireType.Fixed32: this.fixed32(); return;
      // Groups are deprecated proto2 syntax that no Kubernetes type uses.
      default: throw malformed(`unsupported wire type ${wireType} at byte ${this.pos}`);
    }
  }
}
