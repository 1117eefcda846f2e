// Pairing tokens as Kubernetes bootstrap-token Secrets (`kube-system/bootstrap-token-<id>`, type
// bootstrap.kubernetes.io/token), except that the secret half is stored as its SHA-256 (upstream keeps
// it in clear): reading the store does not give a usable token. Tokens are random (6 + 16 characters
// of a-z0-9, about 83 bits in the secret), so one fast hash is enough.
import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import type { KubeObject } from '../../api/types/meta.js';
import { dataOf, secretObject } from './secret-data.js';

export const TOKEN_SECRET_TYPE = 'bootstrap.kubernetes.io/token';
export const TOKEN_SECRET_PREFIX = 'bootstrap-token-';
export const DEFAULT_TOKEN_TTL_SECONDS = 15 * 60;

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

export interface TokenRecord {
  id: string;
  /** Hex SHA-256 of the secret half. */
  secretHash: string;
  expires: Date;
  nodeName?: string;
  requireApproval: boolean;
  description?: string;
}

export function generateToken(): { id: string; secret: string; token: string } {
  const pick = (n: number): string => Array.from({ length: n }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  const id = pick(6), secret = pick(16);
  return { id, secret, token: `${id}.${secret}` };
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Constant-time comparison of a presented secret with a stored hash. */
export function secretMatches(secret: string, secretHash: string): boolean {
  const a = Buffer.from(hashSecret(secret), 'hex');
  const b = Buffer.from(secretHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

export function tokenSecretName(id: string): string {
  return `${TOKEN_SECRET_PREFIX}${id}`;
}

export function tokenToSecret(t: TokenRecord): KubeObject {
  return secretObject(tokenSecretName(t.id), TOKEN_SECRET_TYPE, 'token', {
    'token-id': t.id,
    'token-secret-sha256': t.secretHash,
    expiration: t.expires.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    description: t.description ?? 'Skiff device pairing token',
    // Not a bootstrap credential for the API: it only buys one pairing request.
    'usage-bootstrap-authentication': 'false',
    'usage-bootstrap-signing': 'false',
    'usage-skiff-pairing': 'true',
    'skiff-node-name': t.nodeName,
    'skiff-require-approval': t.requireApproval ? 'true' : 'false',
  });
}

/** The token a Secret holds, or undefined when it is not a (hashed) pairing token. */
export function tokenFromSecret(secret: KubeObject): TokenRecord | undefined {
  if (secret.type !== TOKEN_SECRET_TYPE || dataOf(secret, 'usage-skiff-pairing') !== 'true') return undefined;
  const id = dataOf(secret, 'token-id');
  const secretHash = dataOf(secret, 'token-secret-sha256');
  const expires = new Date(dataOf(secret, 'expiration') ?? '');
  if (!id || !secretHash || !/^[0-9a-f]{64}$/.test(secretHash) || Number.isNaN(expires.getTime())) return undefined;
  return {
    id, secretHash, expires,
    nodeName: dataOf(secret, 'skiff-node-name') || undefined,
    requireApproval: dataOf(secret, 'skiff-require-approval') === 'true',
    description: dataOf(secret, 'description'),
  };
}
