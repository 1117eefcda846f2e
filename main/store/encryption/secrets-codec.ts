// The store codec that encrypts Secrets at rest: their objects and their change-log records are
// sealed with the ring's current key; every other value stays plain JSON. Decoding goes by the
// value's prefix, so plain values written before encryption was on still read.
import { resourceSlot, type StoreKey } from '../keys.js';
import type { ValueCodec } from '../value-codec.js';
import { AESGCM_PREFIX, seal, sealedKeyId, unseal } from './aesgcm.js';
import type { KeyRing } from './keyring.js';

/** Resource slots ("core/secrets") whose values are encrypted. */
export const ENCRYPTED_RESOURCES: readonly string[] = ['core/secrets'];

export function secretsCodec(ring: KeyRing, resources: readonly string[] = ENCRYPTED_RESOURCES): ValueCodec {
  const encrypted = (subject: StoreKey): boolean => resources.includes(resourceSlot(subject.group, subject.resource));
  return {
    // The ring is read on every call: after a rotation adopts a new key, the next write uses it.
    encode: (at, subject, json) => (encrypted(subject) ? seal(ring.current, at, json) : json),
    decode: (at, raw) => (raw.startsWith(AESGCM_PREFIX) ? unseal(ring, at, raw) : raw),
    isStale: (subject, raw) => encrypted(subject) && sealedKeyId(raw) !== ring.current.id,
  };
}
