// The envelope every Kubernetes protobuf body starts with: the magic "k8s\0", then a runtime.Unknown
// `{1: TypeMeta {1: apiVersion, 2: kind}, 2: raw (the object's own message), 3: contentEncoding, 4: contentType}`.
import { WireReader, WireType, malformed } from './wire-reader.js';

export const PROTOBUF_MAGIC: readonly number[] = [0x6b, 0x38, 0x73, 0x00];

export interface ProtobufEnvelope {
  apiVersion: string;
  kind: string;
  raw: Uint8Array;
}

const utf8 = new TextDecoder('utf-8');

export function hasProtobufMagic(body: Uint8Array): boolean {
  return body.length >= PROTOBUF_MAGIC.length && PROTOBUF_MAGIC.every((b, i) => body[i] === b);
}

export function readEnvelope(body: Uint8Array): ProtobufEnvelope {
  if (!hasProtobufMagic(body)) throw malformed('the body does not start with the Kubernetes protobuf prefix "k8s\\x00"');
  const env: ProtobufEnvelope = { apiVersion: '', kind: '', raw: new Uint8Array(0) };
  let contentEncoding = '';
  const r = new WireReader(body, PROTOBUF_MAGIC.length);
  while (!r.done) {
    const { field, wireType } = r.key();
    if (field < 1 || field > 4) { r.skip(wireType); continue; }
    if (wireType !== WireType.LengthDelimited) throw malformed(`envelope field ${field} has wire type ${wireType}`);
    const bytes = r.bytes();
    if (field === 1) readTypeMeta(bytes, env);
    else if (field === 2) env.raw = bytes;
    else if (field === 3) contentEncoding = utf8.decode(bytes);
    // field 4 (contentType) is informational; the raw bytes are protobuf whatever it says.
  }
  if (contentEncoding !== '') throw malformed(`content encoding "${contentEncoding}" is not supported`);
  if (env.kind === '' || env.apiVersion === '') throw malformed('the envelope does not name the apiVersion and kind of the object');
  return env;
}

function readTypeMeta(bytes: Uint8Array, env: ProtobufEnvelope): void {
  const r = new WireReader(bytes);
  while (!r.done) {
    const { field, wireType } = r.key();
    if (field !== 1 && field !== 2) { r.skip(wireType); continue; }
    if (wireType !== WireType.LengthDelimited) throw malformed(`typeMeta field ${field} has wire type ${wireType}`);
    const value = utf8.decode(r.bytes());
    if (field === 1) env.apiVersion = value;
    else env.kind = value;
  }
}
