// The cluster CA: an ECDSA P-256 self-signed root that signs every serving, admin and node certificate.
import { createHash, X509Certificate as NodeX509Certificate } from 'node:crypto';
import { x509, type CryptoKey } from './x509.js';
import { generateKeyPair, importKeyPair, publicKeyDerOf } from './keys.js';
import { randomSerialNumber, validityWindow } from './validity.js';

export const CA_COMMON_NAME = 'skiff-ca';
export const CA_VALIDITY_DAYS = 3650;

/** A loaded CA: its PEMs plus what signing needs. */
export interface CertificateAuthority {
  certPem: string;
  keyPem: string;
  cert: x509.X509Certificate;
  signingKey: CryptoKey;
  /** Hex subjectKeyIdentifier; leaves carry it as their authorityKeyIdentifier. */
  keyId: string;
}

export interface CreateCaOptions {
  commonName?: string;
  validityDays?: number;
}

export async function createCa(opts: CreateCaOptions = {}): Promise<CertificateAuthority> {
  const keys = await generateKeyPair();
  const { notBefore, notAfter } = validityWindow(opts.validityDays ?? CA_VALIDITY_DAYS);
  const ski = await x509.SubjectKeyIdentifierExtension.create(keys.publicKey);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerialNumber(),
    name: [{ CN: [opts.commonName ?? CA_COMMON_NAME] }],
    notBefore,
    notAfter,
    keys: { privateKey: keys.privateKey, publicKey: keys.publicKey },
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature, true),
      ski,
    ],
  });
  return { certPem: cert.toString('pem') + '\n', keyPem: keys.keyPem, cert, signingKey: keys.privateKey, keyId: ski.keyId };
}

/**
 * Loads a CA from its PEMs and checks that they belong together and can sign.
 * Throws a plain Error saying what is wrong; the store adds the file name and the fix.
 */
export async function loadCa(certPem: string, keyPem: string): Promise<CertificateAuthority> {
  const cert = parseCertificate(certPem);
  const basic = cert.getExtension(x509.BasicConstraintsExtension);
  if (!basic?.ca) throw new Error('the certificate is not a CA certificate (basicConstraints CA:true missing)');
  const keys = await importKeyPair(keyPem);
  if (!Buffer.from(cert.publicKey.rawData).equals(publicKeyDerOf(keyPem))) {
    throw new Error('the private key does not match the CA certificate');
  }
  const ski = cert.getExtension(x509.SubjectKeyIdentifierExtension);
  const keyId = ski?.keyId ?? (await x509.SubjectKeyIdentifierExtension.create(keys.publicKey)).keyId;
  return { certPem, keyPem, cert, signingKey: keys.privateKey, keyId };
}

/**
 * The CA pin a pairing device checks: `sha256:<hex>` of the CA certificate's SubjectPublicKeyInfo DER,
 * the same value as kubeadm's --discovery-token-ca-cert-hash.
 */
export function caPin(caCertPem: string): string {
  const spki = new NodeX509Certificate(caCertPem).publicKey.export({ type: 'spki', format: 'der' });
  return `sha256:${createHash('sha256').update(spki).digest('hex')}`;
}

/** Parses one PEM certificate; throws when the text holds no complete certificate. */
export function parseCertificate(pem: string): x509.X509Certificate {
  if (!/-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----/.test(pem)) {
    throw new Error('no complete PEM certificate found');
  }
  // Node's parser rejects truncated or trailing-garbage DER that the ASN.1 library might tolerate.
  new NodeX509Certificate(pem);
  return new x509.X509Certificate(pem);
}
