// Decodes one protobuf message into the JSON object a Kubernetes JSON client would have sent,
// driven by the field tables in messages/.
import { WireReader, WireType, malformed } from './wire-reader.js';
import { SCALAR_TYPES, WELL_KNOWN_TYPES, type FieldSpec, type MessageSpec, type WellKnownType } from './message-table.js';
import { decodeWellKnown } from './well-known.js';
import { messageSpecs } from './messages/index.js';
import { toBase64 } from './base64.js';

const utf8 = new TextDecoder('utf-8');
// The tables have no recursive types, so real bodies stay far below this; it only bounds hostile input.
const MAX_DEPTH = 64;
const VARINT_TYPES: ReadonlySet<string> = new Set(['int32', 'int64', 'bool']);

type Scalar = string | number | boolean;
/** What one occurrence of a field held on the wire: a varint already read, or a length-delimited payload. */
type Raw = Scalar | Uint8Array;

export function decodeMessage(bytes: Uint8Array, type: string, path = ''): Record<string, unknown> {
  const spec = messageSpecs.get(type);
  if (!spec) throw new Error(`no protobuf table for message ${type}`);
  return decodeWith(spec, bytes, path, 0);
}

function decodeWith(spec: MessageSpec, bytes: Uint8Array, path: string, depth: number): Record<string, unknown> {
  if (depth > MAX_DEPTH) throw malformed(`${path}: nested deeper than ${MAX_DEPTH} levels`);
  const seen = new Map<FieldSpec, Raw[]>();
  const r = new WireReader(bytes);
  while (!r.done) {
    const { field, wireType } = r.key();
    const f = spec.byNumber.get(field);
    if (!f) { r.skip(wireType); continue; }
    let list = seen.get(f);
    if (!list) seen.set(f, (list = []));
    readOccurrence(r, f, wireType, list, fieldPath(path, f, spec));
  }
  const out: Record<string, unknown> = {};
  for (const f of spec.fields) {
    const raws = seen.get(f);
    if (raws) emitField(out, f, raws, fieldPath(path, f, spec), depth);
  }
  return out;
}

function fieldPath(parent: string, f: FieldSpec, spec: MessageSpec): string {
  const name = f.json || `(${spec.name}.${f.number})`;
  return parent ? `${parent}.${name}` : name;
}

function readOccurrence(r: WireReader, f: FieldSpec, wireType: number, into: Raw[], path: string): void {
  if (VARINT_TYPES.has(f.type)) {
    if (wireType === WireType.Varint) { into.push(readVarintScalar(r, f.type)); return; }
    if (wireType === WireType.LengthDelimited && f.repeated) {
      // Packed encoding: Kubernetes does not emit it, but protobuf parsers must accept it.
      const packed = new WireReader(r.bytes());
      while (!packed.done) into.push(readVarintScalar(packed, f.type));
      return;
    }
  } else if (wireType === WireType.LengthDelimited) {
    into.push(r.bytes());
    return;
  }
  throw malformed(`${path}: wire type ${wireType} does not fit a field of type ${f.type}`);
}

function readVarintScalar(r: WireReader, type: string): Scalar {
  if (type === 'int32') return r.int32();
  if (type === 'int64') return r.int64();
  return r.bool();
}

function emitField(out: Record<string, unknown>, f: FieldSpec, raws: Raw[], path: string, depth: number): void {
  if (f.inline) {
    Object.assign(out, convert(f.type, concat(raws), path, depth));
    return;
  }
  if (f.mapValue !== undefined) {
    const map: Record<string, unknown> = {};
    for (const entry of raws) {
      const [key, value] = decodeMapEntry(bytesOf(entry), f.mapValue, path, depth);
      // defineProperty, so a key such as "__proto__" stays an ordinary key.
      Object.defineProperty(map, key, { value, enumerable: true, writable: true, configurable: true });
    }
    out[f.json] = map;
    return;
  }
  if (f.repeated) {
    out[f.json] = raws.map((raw, i) => convert(f.type, raw, `${path}[${i}]`, depth));
    return;
  }
  // A singular field seen twice: the last scalar wins; message payloads merge, which for protobuf
  // is the same as decoding their concatenation. Only scalars drop zero values: messages (and
  // IntOrString 0, Time null) are emitted, as Go's JSON does for struct fields.
  const isMessage = !SCALAR_TYPES.has(f.type);
  const value = convert(f.type, isMessage ? concat(raws) : raws[raws.length - 1], path, depth);
  if (!isMessage && !f.keepZero && isZero(value)) return;
  out[f.json] = value;
}

function convert(type: string, raw: Raw, path: string, depth: number): unknown {
  if (typeof raw !== 'object') return raw; // int32, int64, bool
  switch (type) {
    case 'string': return utf8.decode(raw);
    case 'bytes': return toBase64(raw);
  }
  if (WELL_KNOWN_TYPES.has(type)) return decodeWellKnown(type as WellKnownType, raw, path);
  const spec = messageSpecs.get(type);
  if (!spec) throw new Error(`no protobuf table for message ${type}`);
  return decodeWith(spec, raw, path, depth + 1);
}

/** Map entries are messages `{1: key, 2: value}`; a missing part is its zero value. */
function decodeMapEntry(bytes: Uint8Array, valueType: string, path: string, depth: number): [string, unknown] {
  let key = '';
  let value: Uint8Array = new Uint8Array(0);
  const r = new WireReader(bytes);
  while (!r.done) {
    const { field, wireType } = r.key();
    if (field !== 1 && field !== 2) { r.skip(wireType); continue; }
    if (wireType !== WireType.LengthDelimited) throw malformed(`${path}: map entry field ${field} has wire type ${wireType}`);
    if (field === 1) key = utf8.decode(r.bytes());
    else value = r.bytes();
  }
  return [key, convert(valueType, value, `${path}[${JSON.stringify(key)}]`, depth)];
}

function bytesOf(raw: Raw): Uint8Array {
  if (typeof raw === 'object') return raw;
  throw new Error('internal: expected a length-delimited payload');
}

function concat(raws: Raw[]): Uint8Array {
  if (raws.length === 1) return bytesOf(raws[0]);
  const parts = raws.map(bytesOf);
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

function isZero(value: unknown): boolean {
  return value === '' || value === 0 || value === false;
}
