// The window loads the GUI from our own API server, whose certificate the cluster CA signed: Chromium
// does not know that CA. This trusts exactly our serving certificate on our host, and leaves every other
// certificate to Chromium's own verification.
export interface VerifyRequestLike {
  hostname: string;
  certificate: { data: string };
}

/** Chromium's verify-proc answers: 0 trusts, -3 uses Chromium's result. */
export const TRUST = 0;
export const USE_CHROMIUM_RESULT = -3;

export function ownCertificateVerifier(own: { hostname: string; certPem: string }): (req: VerifyRequestLike) => number {
  const body = pemBody(own.certPem);
  const host = own.hostname.replace(/^\[|\]$/g, '');
  return (req) => (req.hostname.replace(/^\[|\]$/g, '') === host && pemBody(req.certificate.data) === body ? TRUST : USE_CHROMIUM_RESULT);
}

function pemBody(pem: string): string {
  const m = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/.exec(pem);
  return m ? m[1].replace(/\s+/g, '') : '';
}
