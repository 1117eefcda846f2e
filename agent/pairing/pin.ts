// The CA pin a device checks before it trusts a control plane: `sha256:<hex>` of the CA certificate's
// SubjectPublicKeyInfo (kubeadm's --discovery-token-ca-cert-hash), and the checks of what it receives.
import { createHash, createPrivateKey, timingSafeEqual, X509Certificate } from 'node:crypto';

export function caPinOf(caCertPem: string): string {
  const spki = new X509Certificate(caCertPem).publicKey.export({ type: 'spki', format: 'der' });
  return `sha256:${createHash('sha256').update(spki).digest('hex')}`;
}

export function pinsEqual(a: string, b: string): boolean {
  const x = Buffer.from(a.toLowerCase()), y = Buffer.from(b.toLowerCase());
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Throws unless `certPem` is for our key, signed by the CA, and names the node. */
export function checkIssuedCertificate(certPem: string, keyPem: string, caPem: string, nodeName: string): void {
  const cert = new X509Certificate(certPem);
  const ca = new X509Certificate(caPem);
  if (!cert.verify(ca.publicKey)) throw new Error('the certificate the server sent is not signed by the pinned cluster CA');
  if (!cert.checkPrivateKey(createPrivateKey(keyPem))) throw new Error('the certificate the server sent is not for the key this device generated');
  if (!cert.subject.split('\n').includes(`CN=system:node:${nodeName}`)) throw new Error(`the certificate the server sent is not for node "${nodeName}" (${cert.subject.replace(/\n/g, ', ')})`);
}

