// A minimal protobuf writer for building test bodies field by field (kubectl cannot produce every shape,
// e.g. Leases and Events with MicroTime, or deliberately broken input).
export function cat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

export function varintBytes(value: number | bigint): Uint8Array {
  let v = BigInt.asUintN(64, BigInt(value));
  const out: number[] = [];
  while (v >= 0x80n) { out.push(Number(v & 0x7fn) | 0x80); v >>= 7n; }
  out.push(Number(v));
  return Uint8Array.from(out);
}

const key = (field: number, wireType: number): Uint8Array => varintBytes(field * 8 + wireType);

export const pb = {
  varint: (field: number, value: number | bigint | boolean): Uint8Array =>
    cat(key(field, 0), varintBytes(typeof value === 'boolean' ? (value ? 1 : 0) : value)),
  bytes: (field: number, value: Uint8Array): Uint8Array => cat(key(field, 2), varintBytes(value.length), value),
  str: (field: number, value: string): Uint8Array => pb.bytes(field, new TextEncoder().encode(value)),
  msg: (field: number, ...parts: Uint8Array[]): Uint8Array => pb.bytes(field, cat(...parts)),
  fixed32: (field: number): Uint8Array => cat(key(field, 5), new Uint8Array(4)),
  fixed64: (field: number): Uint8Array => cat(key(field, 1), new Uint8Array(8)),
  raw: (...bytes: number[]): Uint8Array => Uint8Array.from(bytes),
};

/** "k8s\0" + runtime.Unknown, as client-go writes it. */
export function envelope(apiVersion: string, kind: string, raw: Uint8Array): Uint8Array {
  return cat(pb.raw(0x6b, 0x38, 0x73, 0x00), pb.msg(1, pb.str(1, apiVersion), pb.str(2, kind)), pb.bytes(2, raw), pb.str(3, ''), pb.str(4, ''));
}
