// ECDSA P-256 keys: kept on disk as PKCS#8 PEM, used for signing as WebCrypto keys.
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { webcrypto, type CryptoKey } from './x509.js';

const EC_P256 = { name: 'ECDSA', namedCurve: 'P-256' } as const;

export interface KeyPair {
  /** PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----"), readable by Node's tls and by kubectl. */
  keyPem: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
}

export async function generateKeyPair(): Promise<KeyPair> {
  const pair = await webcrypto.subtle.generateKey(EC_P256, true, ['sign', 'verify']);
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', pair.privateKey));
  return { keyPem: toPem('PRIVATE KEY', pkcs8), privateKey: pair.privateKey, publicKey: pair.publicKey };
}

/**
 * Parses a P-256 private key PEM (PKCS#8 or SEC1 "EC PRIVATE KEY", so a kubeadm CA key works too).
 * Throws a plain Error; callers wrap it with the file name.
 */
export async function importKeyPair(keyPem: string): Promise<KeyPair> {
  const key = createPrivateKey(keyPem);
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new Error(`expected an ECDSA P-256 private key, found ${describeKey(key)}`);
  }
  const pkcs8 = key.export({ type: 'pkcs8', format: 'der' });
  const spki = createPublicKey(key).export({ type: 'spki', format: 'der' });
  const privateKey = await webcrypto.subtle.importKey('pkcs8', pkcs8, EC_P256, true, ['sign']);
  const publicKey = await webcrypto.subtle.importKey('spki', spki, EC_P256, true, ['verify']);
  return { keyPem, privateKey, publicKey };
}

/** SubjectPublicKeyInfo DER of a private key PEM, to match a key against its certificate. */
export function publicKeyDerOf(keyPem: string): Buffer {
  return createPublicKey(createPrivateKey(keyPem)).export({ type: 'spki', format: 'der' });
}

export function describeKey(key: KeyObject): string {
  const curve = key.asymmetricKeyDetails?.namedCurve;
  const bits = key.asymmetricKeyDetails?.modulusLength;
  return [key.asymmetricKeyType ?? 'unknown', curve, bits ? `${bits} bits` : undefined].filter(Boolean).join(' ');
}

export function toPem(label: string, der: Uint8Array): string {
  const b64 = Buffer.from(der).toString('base64').replace(/.{1,64}/g, '$&\n');
  return `-----BEGIN ${label}-----\n${b64}-----END ${label}-----\n`;
}
