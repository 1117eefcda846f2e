// Who a client certificate names, read as Kubernetes' x509 authenticator does: user = CN, groups = every O.
import type { TLSSocket } from 'node:tls';

export interface CertIdentity {
  user: string;
  groups: string[];
}

/**
 * The identity in a peer certificate (`tlsSocket.getPeerCertificate()`), or null when there is none or its
 * subject has no single non-empty CN. It does not check trust: use identityFromTlsSocket, or check
 * `socket.authorized` first.
 */
export function identityFromPeerCertificate(cert: unknown): CertIdentity | null {
  if (!isRecord(cert) || !isRecord(cert.subject)) return null;
  const cn = values(cert.subject.CN);
  if (cn.length !== 1 || cn[0] === '') return null;
  return { user: cn[0], groups: values(cert.subject.O).filter((o) => o !== '') };
}

/** The identity of a client whose certificate the TLS layer verified against the configured CA; else null. */
export function identityFromTlsSocket(socket: TLSSocket): CertIdentity | null {
  if (!socket.authorized) return null;
  return identityFromPeerCertificate(socket.getPeerCertificate());
}

// Node gives a string for one attribute and an array when the subject repeats it (O=a, O=b).
function values(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return [];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}
