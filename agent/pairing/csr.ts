// The device's key and its certificate signing request, made here so the private key never leaves the
// device. PKCS#10 is small enough for ECDSA P-256 to encode by hand (DER), which keeps a certificate
// library out of the agent.
import { createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';

export interface NodeKey {
  /** PKCS#8 PEM. */
  keyPem: string;
  /** PKCS#10 PEM, subject O=system:nodes, CN=system:node:<name> (the control plane decides the name anyway). */
  csrPem: string;
}

const OID_CN = [0x55, 0x04, 0x03];
const OID_O = [0x55, 0x04, 0x0a];
const OID_ECDSA_SHA256 = [0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02];

export function generateNodeKey(nodeName: string): NodeKey {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return { keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), csrPem: certificationRequest(privateKey, nodeName) };
}

export function certificationRequest(privateKey: KeyObject, nodeName: string): string {
  const spki = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  const subject = seq(set(seq(oid(OID_O), utf8('system:nodes'))), set(seq(oid(OID_CN), utf8(`system:node:${nodeName}`))));
  const info = seq(tlv(0x02, Buffer.from([0])), subject, spki, tlv(0xa0, Buffer.alloc(0)));
  const signature = sign('sha256', info, privateKey); // DER ECDSA-Sig-Value
  const der = seq(info, seq(oid(OID_ECDSA_SHA256)), tlv(0x03, Buffer.concat([Buffer.from([0]), signature])));
  const b64 = der.toString('base64').replace(/.{1,64}/g, '$&\n');
  return `-----BEGIN CERTIFICATE REQUEST-----\n${b64}-----END CERTIFICATE REQUEST-----\n`;
}

function tlv(tag: number, body: Buffer): Buffer {
  const n = body.length;
  const len = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
  return Buffer.concat([Buffer.from([tag, ...len]), body]);
}

const seq = (...parts: Buffer[]): Buffer => tlv(0x30, Buffer.concat(parts));
const set = (...parts: Buffer[]): Buffer => tlv(0x31, Buffer.concat(parts));
const oid = (bytes: number[]): Buffer => tlv(0x06, Buffer.from(bytes));
const utf8 = (s: string): Buffer => tlv(0x0c, Buffer.from(s, 'utf8'));
