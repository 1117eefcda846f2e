// Leaf certificates signed by the cluster CA: API serving, client (admin, users) and CSR-based node certs.
import { createPublicKey, type KeyObject } from 'node:crypto';
import { x509, type CryptoKey } from './x509.js';
import type { CertificateAuthority } from './ca.js';
import { CsrRejectedError } from './errors.js';
import { describeKey, generateKeyPair } from './keys.js';
import { defaultServingHosts, splitHosts } from './serving-names.js';
import { randomSerialNumber, validityWindow } from './validity.js';

export const LEAF_VALIDITY_DAYS = 365;
export const SERVING_COMMON_NAME = 'skiff-apiserver';

export interface IssuedKeyPair {
  certPem: string;
  keyPem: string;
}

export interface ServingCertOptions {
  /** DNS names and IP addresses to cover; default: defaultServingHosts(). */
  hosts?: string[];
  /** Added to `hosts` (e.g. the listen address, a name given on the command line). */
  extraHosts?: string[];
  commonName?: string;
  validityDays?: number;
}

export interface ClientCertOptions {
  /** Becomes the Kubernetes user name. */
  commonName: string;
  /** Each becomes an O= attribute, i.e. a Kubernetes group (e.g. system:masters, system:nodes). */
  organizations?: string[];
  validityDays?: number;
}

export async function issueServingCert(ca: CertificateAuthority, opts: ServingCertOptions = {}): Promise<IssuedKeyPair> {
  const hosts = splitHosts([...(opts.hosts ?? defaultServingHosts()), ...(opts.extraHosts ?? [])]);
  const keys = await generateKeyPair();
  const certPem = await issueLeaf(ca, keys.publicKey, {
    subject: [{ CN: [opts.commonName ?? SERVING_COMMON_NAME] }],
    usage: x509.ExtendedKeyUsage.serverAuth,
    hosts,
    validityDays: opts.validityDays,
  });
  return { certPem, keyPem: keys.keyPem };
}

export async function issueClientCert(ca: CertificateAuthority, opts: ClientCertOptions): Promise<IssuedKeyPair> {
  const keys = await generateKeyPair();
  const certPem = await issueLeaf(ca, keys.publicKey, {
    subject: clientSubject(opts),
    usage: x509.ExtendedKeyUsage.clientAuth,
    validityDays: opts.validityDays,
  });
  return { certPem, keyPem: keys.keyPem };
}

/**
 * Signs a PKCS#10 request as a client certificate. Only the request's public key is used: its subject and
 * requested extensions are ignored in favour of `opts`, since the pairing flow, not the device, decides the name.
 */
export async function signCsr(ca: CertificateAuthority, csrPem: string, opts: ClientCertOptions): Promise<string> {
  const csr = await checkCsr(csrPem);
  return issueLeaf(ca, csr.publicKey, {
    subject: clientSubject(opts),
    usage: x509.ExtendedKeyUsage.clientAuth,
    validityDays: opts.validityDays,
  });
}

/**
 * Parses a PKCS#10 request and checks its key type and its self-signature (proof that the requester holds
 * the private key); throws CsrRejectedError saying what is wrong. Pairing calls it before it spends a token.
 */
export async function checkCsr(csrPem: string): Promise<x509.Pkcs10CertificateRequest> {
  let csr: x509.Pkcs10CertificateRequest;
  try {
    csr = new x509.Pkcs10CertificateRequest(csrPem);
  } catch (err) {
    throw new CsrRejectedError('the certificate signing request is not a valid PEM or DER PKCS#10 request', { cause: err });
  }
  checkRequestKey(Buffer.from(csr.publicKey.rawData));
  let valid: boolean;
  try {
    valid = await csr.verify();
  } catch (err) {
    throw new CsrRejectedError('the certificate signing request could not be verified', { cause: err });
  }
  // Without this proof anyone could get a certificate for a key they merely saw.
  if (!valid) throw new CsrRejectedError('the certificate signing request has an invalid signature');
  return csr;
}

interface LeafSpec {
  subject: x509.JsonName;
  usage: x509.ExtendedKeyUsage;
  hosts?: { dnsNames: string[]; ipAddresses: string[] };
  validityDays?: number;
}

async function issueLeaf(ca: CertificateAuthority, publicKey: CryptoKey | x509.PublicKey, spec: LeafSpec): Promise<string> {
  const { notBefore, notAfter } = validityWindow(spec.validityDays ?? LEAF_VALIDITY_DAYS);
  const caNotAfter = ca.cert.notAfter;
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
    new x509.ExtendedKeyUsageExtension([spec.usage]),
    await x509.SubjectKeyIdentifierExtension.create(publicKey),
    new x509.AuthorityKeyIdentifierExtension(ca.keyId),
  ];
  if (spec.hosts) {
    extensions.push(new x509.SubjectAlternativeNameExtension([
      ...spec.hosts.dnsNames.map((value) => ({ type: 'dns' as const, value })),
      ...spec.hosts.ipAddresses.map((value) => ({ type: 'ip' as const, value })),
    ]));
  }
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerialNumber(),
    // The CA's own encoded name, so RawIssuer matches RawSubject byte for byte (Go's chain building needs it).
    issuer: ca.cert.subjectName,
    subject: spec.subject,
    notBefore,
    // A leaf never outlives its CA.
    notAfter: notAfter > caNotAfter ? caNotAfter : notAfter,
    publicKey,
    signingKey: ca.signingKey,
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
    extensions,
  });
  return cert.toString('pem') + '\n';
}

/** Kubernetes reads the user from CN and groups from every O; Go orders O before CN, and so do we. */
function clientSubject(opts: ClientCertOptions): x509.JsonName {
  if (!opts.commonName) throw new RangeError('a client certificate needs a commonName (the user name)');
  return [...(opts.organizations ?? []).map((o) => ({ O: [o] })), { CN: [opts.commonName] }];
}

function checkRequestKey(spki: Buffer): void {
  let key: KeyObject;
  try {
    key = createPublicKey({ key: spki, format: 'der', type: 'spki' });
  } catch (err) {
    throw new CsrRejectedError('the request\'s public key cannot be read', { cause: err });
  }
  const curve = key.asymmetricKeyDetails?.namedCurve;
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  const ok = (key.asymmetricKeyType === 'ec' && (curve === 'prime256v1' || curve === 'secp384r1'))
    || (key.asymmetricKeyType === 'rsa' && bits >= 2048);
  if (!ok) {
    throw new CsrRejectedError(`the request's key (${describeKey(key)}) is not supported: use ECDSA P-256 or P-384, or RSA of 2048 bits or more`);
  }
}
