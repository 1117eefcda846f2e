// Pairing requests and paired-node records as Secrets of kube-system: a request waits there for an
// admin's approval (and keeps the issued certificate for the device to fetch); a node record lists the
// certificates issued to a node, so unpairing can revoke every one of them.
import { randomInt } from 'node:crypto';
import type { RequestPhase } from '../../api/pairing/protocol.js';
import type { KubeObject } from '../../api/types/meta.js';
import { dataOf, secretObject } from './secret-data.js';

export const REQUEST_SECRET_TYPE = 'skiff.dev/pairing-request';
export const REQUEST_SECRET_PREFIX = 'skiff-pairing-request-';
export const NODE_SECRET_TYPE = 'skiff.dev/node-credentials';
export const NODE_SECRET_PREFIX = 'skiff-node-';

export interface RequestRecord {
  name: string;
  nodeName: string;
  tokenId: string;
  csr: string;
  created: Date;
  phase: RequestPhase;
  /** The node name was bound by the token (an admin chose it): it may replace an existing node. */
  nameFromToken: boolean;
  certificate?: string;
  message?: string;
  clientAddress?: string;
}

export interface IssuedRecord {
  /** Lower-case hex without leading zeros (normalizeSerial). */
  serial: string;
  notAfter: Date;
}

export interface NodeRecord {
  nodeName: string;
  pairedAt: Date;
  certificates: IssuedRecord[];
}

/** 20 random characters of a-z0-9 (about 100 bits): the request's name is what lets a device read it. */
export function newRequestName(): string {
  const a = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from({ length: 20 }, () => a[randomInt(a.length)]).join('');
}

export function requestSecretName(name: string): string {
  return `${REQUEST_SECRET_PREFIX}${name}`;
}

export function requestToSecret(r: RequestRecord): KubeObject {
  return secretObject(requestSecretName(r.name), REQUEST_SECRET_TYPE, 'request', {
    'request-name': r.name,
    'node-name': r.nodeName,
    'token-id': r.tokenId,
    csr: r.csr,
    created: r.created.toISOString(),
    phase: r.phase,
    'name-from-token': r.nameFromToken ? 'true' : 'false',
    certificate: r.certificate,
    message: r.message,
    'client-address': r.clientAddress,
  });
}

export function requestFromSecret(s: KubeObject): RequestRecord | undefined {
  if (s.type !== REQUEST_SECRET_TYPE) return undefined;
  const name = dataOf(s, 'request-name'), nodeName = dataOf(s, 'node-name'), csr = dataOf(s, 'csr');
  const phase = dataOf(s, 'phase');
  const created = new Date(dataOf(s, 'created') ?? '');
  if (!name || !nodeName || !csr || (phase !== 'Pending' && phase !== 'Issued' && phase !== 'Denied') || Number.isNaN(created.getTime())) return undefined;
  return {
    name, nodeName, csr, phase, created,
    tokenId: dataOf(s, 'token-id') ?? '',
    nameFromToken: dataOf(s, 'name-from-token') === 'true',
    certificate: dataOf(s, 'certificate'),
    message: dataOf(s, 'message'),
    clientAddress: dataOf(s, 'client-address'),
  };
}

export function nodeSecretName(nodeName: string): string {
  return `${NODE_SECRET_PREFIX}${nodeName}`;
}

export function nodeToSecret(n: NodeRecord): KubeObject {
  return secretObject(nodeSecretName(n.nodeName), NODE_SECRET_TYPE, 'node', {
    'node-name': n.nodeName,
    'paired-at': n.pairedAt.toISOString(),
    certificates: JSON.stringify(n.certificates.map((c) => ({ serial: c.serial, notAfter: c.notAfter.toISOString() }))),
  });
}

export function nodeFromSecret(s: KubeObject): NodeRecord | undefined {
  if (s.type !== NODE_SECRET_TYPE) return undefined;
  const nodeName = dataOf(s, 'node-name');
  const pairedAt = new Date(dataOf(s, 'paired-at') ?? '');
  if (!nodeName || Number.isNaN(pairedAt.getTime())) return undefined;
  return { nodeName, pairedAt, certificates: parseIssued(dataOf(s, 'certificates')) };
}

function parseIssued(text: string | undefined): IssuedRecord[] {
  let v: unknown;
  try {
    v = JSON.parse(text ?? '[]');
  } catch {
    return [];
  }
  if (!Array.isArray(v)) return [];
  const out: IssuedRecord[] = [];
  for (const e of v as unknown[]) {
    const { serial, notAfter } = (e ?? {}) as { serial?: unknown; notAfter?: unknown };
    const d = new Date(typeof notAfter === 'string' ? notAfter : '');
    if (typeof serial === 'string' && !Number.isNaN(d.getTime())) out.push({ serial, notAfter: d });
  }
  return out;
}

/** Certificate serials as one spelling: lower-case hex, no leading zeros (Node prints them upper-case). */
export function normalizeSerial(serial: string): string {
  return serial.toLowerCase().replace(/^0+(?=.)/, '');
}
