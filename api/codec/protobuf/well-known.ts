// apimachinery types whose JSON form is not their protobuf shape: metav1.Time and MicroTime (timestamps),
// resource.Quantity (a string), intstr.IntOrString (a number or a string) and metav1.FieldsV1 (raw JSON).
import { WireReader, WireType, malformed } from './wire-reader.js';
import type { WellKnownType } from './message-table.js';

const utf8 = new TextDecoder('utf-8');
// Go's RFC 3339 encoding only handles years 0000-9999.
const MIN_SECONDS = -62167219200;
const MAX_SECONDS = 253402300799;

export function decodeWellKnown(type: WellKnownType, bytes: Uint8Array, path: string): unknown {
  switch (type) {
    case 'Time': return decodeTime(bytes, path, false);
    case 'MicroTime': return decodeTime(bytes, path, true);
    case 'Quantity': return decodeQuantity(bytes, path);
    case 'IntOrString': return decodeIntOrString(bytes, path);
    case 'FieldsV1': return decodeFieldsV1(bytes, path);
  }
}

function expectWire(actual: number, expected: number, path: string): void {
  if (actual !== expected) throw malformed(`${path}: wire type ${actual} where ${expected} was expected`);
}

/**
 * `{1: seconds, 2: nanos}`. An empty message is the zero time, which Go writes as JSON null. Time keeps
 * whole seconds (the apiserver drops nanos when it decodes protobuf); MicroTime keeps microseconds.
 */
function decodeTime(bytes: Uint8Array, path: string, micro: boolean): string | null {
  if (bytes.length === 0) return null;
  let seconds = 0;
  let nanos = 0;
  const r = new WireReader(bytes);
  while (!r.done) {
    const { field, wireType } = r.key();
    if (field === 1) { expectWire(wireType, WireType.Varint, `${path}.seconds`); seconds = r.int64(); }
    else if (field === 2) { expectWire(wireType, WireType.Varint, `${path}.nanos`); nanos = r.int32(); }
    else r.skip(wireType);
  }
  let micros = 0;
  if (micro) {
    // Normalise out-of-range nanos the way Go's time.Unix does, then truncate to microseconds.
    seconds += Math.floor(nanos / 1e9);
    micros = Math.floor((((nanos % 1e9) + 1e9) % 1e9) / 1000);
  }
  if (seconds < MIN_SECONDS || seconds > MAX_SECONDS) throw malformed(`${path}: timestamp ${seconds} is outside years 0000-9999`);
  const iso = new Date(seconds * 1000).toISOString(); // YYYY-MM-DDTHH:MM:SS.mmmZ for years 0000-9999
  const base = iso.slice(0, 19);
  return micro ? `${base}.${String(micros).padStart(6, '0')}Z` : `${base}Z`;
}

/** `{1: string}`; the string is the quantity as the client serialised it ("500m", "1Gi"). */
function decodeQuantity(bytes: Uint8Array, path: string): string {
  let value = '0';
  const r = new WireReader(bytes);
  while (!r.done) {
    const { field, wireType } = r.key();
    if (field === 1) { expectWire(wireType, WireType.LengthDelimited, path); value = utf8.decode(r.bytes()); }
    else r.skip(wireType);
  }
  return value;
}

/** `{1: type (0 int, 1 string), 2: intVal, 3: strVal}`. */
function decodeIntOrString(bytes: Uint8Array, path: string): number | string {
  let type = 0;
  let intVal = 0;
  let strVal = '';
  const r = new WireReader(bytes);
  while (!r.done) {
    const { field, wireType } = r.key();
    if (field === 1) { expectWire(wireType, WireType.Varint, path); type = r.int64(); }
    else if (field === 2) { expectWire(wireType, WireType.Varint, path); intVal = r.int32(); }
    else if (field === 3) { expectWire(wireType, WireType.LengthDelimited, path); strVal = utf8.decode(r.bytes()); }
    else r.skip(wireType);
  }
  if (type === 0) return intVal;
  if (type === 1) return strVal;
  throw malformed(`${path}: IntOrString type ${type} is neither 0 (int) nor 1 (string)`);
}

/** `{1: raw}` where raw is the JSON of the managed fields set. */
function decodeFieldsV1(bytes: Uint8Array, path: string): unknown {
  let raw: Uint8Array | undefined;
  const r = new WireReader(bytes);
  while (!r.done) {
    const { field, wireType } = r.key();
    if (field === 1) { expectWire(wireType, WireType.LengthDelimited, path); raw = r.bytes(); }
    else r.skip(wireType);
  }
  if (raw === undefined || raw.length === 0) return null;
  try {
    return JSON.parse(utf8.decode(raw)) as unknown;
  } catch {
    throw malformed(`${path}: fieldsV1 is not valid JSON`);
  }
}
