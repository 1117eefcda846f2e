// What pairing and revocation need to know of an issued certificate.
import { X509Certificate } from 'node:crypto';

export interface CertificateInfo {
  /** Lower-case hex without leading zeros, as revocation lists keep it. */
  serial: string;
  notBefore: Date;
  notAfter: Date;
  /** e.g. "O=system:nodes\nCN=system:node:edge-1" (Node's format). */
  subject: string;
}

export function certificateInfo(pem: string): CertificateInfo {
  const c = new X509Certificate(pem);
  return {
    serial: c.serialNumber.toLowerCase().replace(/^0+(?=.)/, ''),
    notBefore: new Date(c.validFrom),
    notAfter: new Date(c.validTo),
    subject: c.subject,
  };
}
