// Revoked node certificates: by serial (every certificate pairing and rotation issued to an unpaired
// node), and by node (any certificate of that node issued before the unpairing, for ones pairing never
// recorded). Kept in memory for the per-request check and persisted in kube-system/skiff-revoked-certificates.
import type { KubeObject } from '../../api/types/meta.js';
import { normalizeSerial } from './records.js';
import { dataOf, secretObject } from './secret-data.js';

export const REVOCATION_SECRET_NAME = 'skiff-revoked-certificates';
export const REVOCATION_SECRET_TYPE = 'skiff.dev/revocation-list';
const NODE_USER_PREFIX = 'system:node:';

/** What authentication knows of a presented certificate. */
export interface PresentedCertificate {
  serial: string;
  user: string;
  /** ms since the epoch. */
  notBefore: number;
}

export class RevocationList {
  /** serial → the certificate's notAfter (ms); entries past it are pruned (TLS refuses them anyway). */
  private readonly serials = new Map<string, { node: string; notAfter: number }>();
  /** node → certificates of it issued before this time (ms) are revoked. */
  private readonly nodes = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  isRevoked(cert: PresentedCertificate): boolean {
    if (this.serials.has(normalizeSerial(cert.serial))) return true;
    if (!cert.user.startsWith(NODE_USER_PREFIX)) return false;
    const cutoff = this.nodes.get(cert.user.slice(NODE_USER_PREFIX.length));
    return cutoff !== undefined && cert.notBefore < cutoff;
  }

  revokeSerial(serial: string, node: string, notAfter: Date): void {
    this.serials.set(normalizeSerial(serial), { node, notAfter: notAfter.getTime() });
  }

  revokeNode(node: string, at: Date): void {
    this.nodes.set(node, at.getTime());
  }

  /** A node paired again (an admin's decision): certificates issued to it from now on are good. */
  forgiveNode(node: string): boolean {
    return this.nodes.delete(node);
  }

  get size(): number {
    return this.serials.size + this.nodes.size;
  }

  /** Drops serials whose certificates have expired. True if anything changed. */
  prune(): boolean {
    const t = this.now();
    let changed = false;
    for (const [serial, e] of this.serials) {
      if (e.notAfter < t) {
        this.serials.delete(serial);
        changed = true;
      }
    }
    return changed;
  }

  toSecret(): KubeObject {
    const serials: Record<string, { node: string; notAfter: string }> = {};
    for (const [s, e] of this.serials) serials[s] = { node: e.node, notAfter: new Date(e.notAfter).toISOString() };
    const nodes: Record<string, string> = {};
    for (const [n, t] of this.nodes) nodes[n] = new Date(t).toISOString();
    return secretObject(REVOCATION_SECRET_NAME, REVOCATION_SECRET_TYPE, 'revocations', {
      serials: JSON.stringify(serials),
      nodes: JSON.stringify(nodes),
    });
  }

  /** Replaces the contents with a stored list; a malformed entry is skipped, never fatal. */
  load(secret: KubeObject): void {
    this.serials.clear();
    this.nodes.clear();
    const serials = parseRecord(dataOf(secret, 'serials'));
    for (const [s, e] of Object.entries(serials)) {
      const { node, notAfter } = (e ?? {}) as { node?: unknown; notAfter?: unknown };
      const t = Date.parse(typeof notAfter === 'string' ? notAfter : '');
      if (typeof node === 'string' && !Number.isNaN(t)) this.serials.set(normalizeSerial(s), { node, notAfter: t });
    }
    for (const [n, at] of Object.entries(parseRecord(dataOf(secret, 'nodes')))) {
      const t = Date.parse(typeof at === 'string' ? at : '');
      if (!Number.isNaN(t)) this.nodes.set(n, t);
    }
  }
}

function parseRecord(text: string | undefined): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(text ?? '{}');
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
