// The value format of Kubernetes' aesgcm provider (EncryptionConfiguration):
//   k8s:enc:aesgcm:v1:<key name>:<nonce (12 bytes)><ciphertext><GCM tag (16 bytes)>
// with the storage key as authenticated data, so a value copied under another key does not decrypt.
// LevelDB holds our values as UTF-8 strings, so the binary part after the prefix is base64.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { DecryptError } from './errors.js';

export const AESGCM_PREFIX = 'k8s:enc:aesgcm:v1:';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
export const KEY_BYTES = 32;
/** Key names end at the next ':' of the prefix, so they cannot contain one. */
export const KEY_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;

export interface DataKey {
  readonly id: string;
  readonly secret: Buffer;
}

/** Where decryption finds keys by name; `source` names the key file in messages. */
export interface KeyLookup {
  get(id: string): Buffer | undefined;
  readonly source: string;
}

/** The name of the key a value is encrypted with, or undefined for a plain value. */
export function sealedKeyId(raw: string): string | undefined {
  if (!raw.startsWith(AESGCM_PREFIX)) return undefined;
  const end = raw.indexOf(':', AESGCM_PREFIX.length);
  return end < 0 ? '' : raw.slice(AESGCM_PREFIX.length, end);
}

/** Encrypts `plaintext` for storage under `at` with a fresh random nonce. */
export function seal(key: DataKey, at: string, plaintext: string): string {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key.secret, nonce);
  cipher.setAAD(Buffer.from(at, 'utf8'));
  const body = Buffer.concat([nonce, cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return `${AESGCM_PREFIX}${key.id}:${body.toString('base64')}`;
}

/** Decrypts a value `seal` wrote under `at`. Throws DecryptError naming `at` and the key. */
export function unseal(keys: KeyLookup, at: string, raw: string): string {
  const id = sealedKeyId(raw);
  if (id === undefined || !KEY_ID_PATTERN.test(id)) throw new DecryptError(at, '', `the value at ${at} has a malformed encryption prefix`);
  const secret = keys.get(id);
  if (!secret) {
    throw new DecryptError(at, id, `the value at ${at} is encrypted with key "${id}", which ${keys.source} does not hold (was the key file replaced or restored from an older backup?)`);
  }
  const body = Buffer.from(raw.slice(AESGCM_PREFIX.length + id.length + 1), 'base64');
  if (body.length < NONCE_BYTES + TAG_BYTES) throw new DecryptError(at, id, `the value at ${at} is truncated (${body.length} bytes after the "${id}" prefix)`);
  const decipher = createDecipheriv('aes-256-gcm', secret, body.subarray(0, NONCE_BYTES));
  decipher.setAAD(Buffer.from(at, 'utf8'));
  decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(body.subarray(NONCE_BYTES, body.length - TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    throw new DecryptError(at, id, `the value at ${at} fails authentication with key "${id}": it was altered, or copied from another key`);
  }
}
