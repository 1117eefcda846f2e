// Decoding of Kubernetes protobuf request bodies (application/vnd.kubernetes.protobuf), which kubectl 1.32's
// typed-client commands (create secret|configmap|deployment|job|..., drain) and client-go programs send.
// Responses stay JSON. See kubectl-compat.md §5.
import type { KubeObject, Meta } from '../../types/meta.js';
import { BadRequestError } from '../../errors/status-error.js';
import { readEnvelope } from './envelope.js';
import { decodeMessage } from './decode-message.js';
import { protobufMessageFor, UnsupportedProtobufKindError } from './kinds.js';
import { messageSpecs } from './messages/index.js';

export { hasProtobufMagic } from './envelope.js';
export { UnsupportedProtobufKindError } from './kinds.js';

export const KUBERNETES_PROTOBUF_MEDIA_TYPE = 'application/vnd.kubernetes.protobuf';

/** A decoded body: apiVersion and kind from the envelope, then the message's fields as JSON. */
export interface ProtobufBody {
  apiVersion: string;
  kind: string;
  [field: string]: unknown;
}

export function isProtobufKindSupported(apiVersion: string, kind: string): boolean {
  return protobufMessageFor(apiVersion, kind) !== undefined;
}

/**
 * Any supported body, objects and DeleteOptions alike. Throws BadRequestError for malformed input and
 * UnsupportedProtobufKindError (415) for a kind without tables.
 */
export function decodeProtobufBody(body: Uint8Array): ProtobufBody {
  const env = readEnvelope(body);
  const type = protobufMessageFor(env.apiVersion, env.kind);
  if (type === undefined) throw new UnsupportedProtobufKindError(env.apiVersion, env.kind);
  return { apiVersion: env.apiVersion, kind: env.kind, ...decodeMessage(env.raw, type) };
}

/** A body that must be an object with metadata (the POST/PUT of a resource). */
export function decodeKubernetesProtobuf(body: Uint8Array): KubeObject {
  const obj = decodeProtobufBody(body);
  const type = protobufMessageFor(obj.apiVersion, obj.kind) ?? '';
  if (!messageSpecs.get(type)?.fields.some((f) => f.json === 'metadata')) {
    throw new BadRequestError(`${obj.kind} is not an object with metadata and cannot be the body of this request`);
  }
  // ObjectMeta is always on the wire from Go clients; a hand-made body may leave it out.
  const metadata = (obj.metadata ?? {}) as Meta;
  return { ...obj, metadata };
}
