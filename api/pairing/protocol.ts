// The pairing API (group pairing.skiff.dev/v1): what a device, the CLI and the GUI send and receive.
// Shared by the control plane (main/pairing), the agent (agent/pairing) and the renderer; pure types,
// paths and validators of the bodies each side reads from the network.
import { BadRequestError } from '../errors/status-error.js';
import { isObject } from '../types/meta.js';
import { isCaPin, isPairingToken } from './token-format.js';

export const PAIRING_GROUP = 'pairing.skiff.dev';
export const PAIRING_API_VERSION = `${PAIRING_GROUP}/v1`;
export const PAIRING_ROOT = `/apis/${PAIRING_API_VERSION}`;

/**
 * Paths of the pairing API. Only `ca`, POST `requests` (with a token) and GET `request(name)` answer
 * without authentication; they are rate-limited per client address.
 */
export const pairingPaths = {
  /** GET, no authentication: the CA certificate a device checks against its pin. */
  ca: `${PAIRING_ROOT}/ca`,
  /** POST, no authentication (the body carries the token): a CSR. GET (admin): the requests. */
  requests: `${PAIRING_ROOT}/certificaterequests`,
  /** GET, no authentication (the random name is the capability): a request's state and certificate. */
  request: (name: string): string => `${PAIRING_ROOT}/certificaterequests/${encodeURIComponent(name)}`,
  /** POST (admin). */
  approve: (name: string): string => `${PAIRING_ROOT}/certificaterequests/${encodeURIComponent(name)}/approve`,
  /** POST (admin). */
  deny: (name: string): string => `${PAIRING_ROOT}/certificaterequests/${encodeURIComponent(name)}/deny`,
  /** POST (admin): a new token. GET (admin): the live tokens, without their secrets. */
  tokens: `${PAIRING_ROOT}/tokens`,
  /** DELETE (admin). */
  token: (id: string): string => `${PAIRING_ROOT}/tokens/${encodeURIComponent(id)}`,
  /** GET (admin): paired nodes and their certificates. */
  nodes: `${PAIRING_ROOT}/nodes`,
  /** POST (admin): revoke the node's certificates, drop its connections, delete its Node. */
  unpair: (node: string): string => `${PAIRING_ROOT}/nodes/${encodeURIComponent(node)}/unpair`,
  /** POST (the node itself, over mTLS): a CSR for a new certificate before the current one expires. */
  rotate: (node: string): string => `${PAIRING_ROOT}/nodes/${encodeURIComponent(node)}/rotate`,
};

export interface PairingCa {
  apiVersion: typeof PAIRING_API_VERSION;
  kind: 'PairingCA';
  /** PEM. */
  caCert: string;
}

/** POST requests: what a device sends. */
export interface CertificateRequestBody {
  token: string;
  /** The Node name the device asks for (`--node-name`); a token made for one name requires that name. */
  nodeName?: string;
  /** The device's hostname: the Node name when neither the token nor the device names one. */
  hostname?: string;
  /** PKCS#10 PEM; only its public key is used. */
  csr: string;
}

export type RequestPhase = 'Pending' | 'Issued' | 'Denied';

export interface CertificateRequest {
  apiVersion: typeof PAIRING_API_VERSION;
  kind: 'CertificateRequest';
  /** A random name: who knows it may read the request's state (the certificate is public anyway). */
  name: string;
  nodeName: string;
  tokenId: string;
  created: string;
  phase: RequestPhase;
  /** When Issued: the node's certificate (PEM) and the CA that signed it. */
  certificate?: string;
  caCert?: string;
  message?: string;
  /** Admin listings only: the requester's address. */
  clientAddress?: string;
}

/** POST tokens: what the CLI or the GUI sends. */
export interface CreateTokenBody {
  /** Default 15 minutes; at most 24 hours. */
  ttlSeconds?: number;
  /** Bind the token to one Node name. */
  nodeName?: string;
  /** Hold the device's request until an admin approves it. */
  requireApproval?: boolean;
  description?: string;
  /** The URL devices should use, when the advertised ones are wrong (NAT, DNS name). */
  server?: string;
}

export interface PairingToken {
  apiVersion: typeof PAIRING_API_VERSION;
  kind: 'PairingToken';
  id: string;
  /** `<id>.<secret>`: only in the answer to its creation (it is stored hashed). */
  token?: string;
  expires: string;
  nodeName?: string;
  requireApproval: boolean;
  description?: string;
  /** `sha256:<hex>` of the CA's SubjectPublicKeyInfo. */
  caPin: string;
  /** Candidate API URLs for devices, best first. */
  servers: string[];
  /** The command to run on the device (creation only). */
  command?: string;
  /** e.g. that the API listens on loopback only, where no device can reach it. */
  warnings?: string[];
}

export interface PairedCertificate {
  serial: string;
  notAfter: string;
}

export interface PairedNode {
  apiVersion: typeof PAIRING_API_VERSION;
  kind: 'PairedNode';
  name: string;
  pairedAt: string;
  certificates: PairedCertificate[];
}

/** POST rotate: the node's new CSR. */
export interface RotateBody {
  csr: string;
}

export interface IssuedCertificate {
  apiVersion: typeof PAIRING_API_VERSION;
  kind: 'IssuedCertificate';
  certificate: string;
  caCert: string;
}

export interface PairingList<T> {
  apiVersion: typeof PAIRING_API_VERSION;
  kind: 'List';
  items: T[];
}

// ---- validators of bodies read from the network -------------------------------------------------

const MAX_PEM = 16 * 1024;

export function parseCertificateRequestBody(body: unknown): CertificateRequestBody {
  const o = object(body);
  const token = str(o, 'token', true)!;
  if (!isPairingToken(token)) throw field('token', 'a pairing token looks like abcdef.0123456789abcdef (6 and 16 characters of a-z, 0-9)');
  const csr = pem(o, 'csr', 'CERTIFICATE REQUEST');
  const nodeName = str(o, 'nodeName', false);
  const hostname = str(o, 'hostname', false);
  return { token, csr, nodeName: nodeName || undefined, hostname: hostname?.slice(0, 253) || undefined };
}

export function parseRotateBody(body: unknown): RotateBody {
  return { csr: pem(object(body), 'csr', 'CERTIFICATE REQUEST') };
}

export function parseCreateTokenBody(body: unknown): CreateTokenBody {
  const o = body === undefined ? {} : object(body);
  const out: CreateTokenBody = {};
  if (o.ttlSeconds !== undefined) {
    if (typeof o.ttlSeconds !== 'number' || !Number.isInteger(o.ttlSeconds) || o.ttlSeconds < 1 || o.ttlSeconds > 86_400) {
      throw field('ttlSeconds', 'ttlSeconds must be a whole number of seconds from 1 to 86400 (24 hours)');
    }
    out.ttlSeconds = o.ttlSeconds;
  }
  const nodeName = str(o, 'nodeName', false);
  if (nodeName) out.nodeName = nodeName;
  if (o.requireApproval !== undefined) {
    if (typeof o.requireApproval !== 'boolean') throw field('requireApproval', 'requireApproval must be true or false');
    out.requireApproval = o.requireApproval;
  }
  const description = str(o, 'description', false);
  if (description) out.description = description.slice(0, 256);
  const server = str(o, 'server', false);
  if (server) {
    if (!/^https:\/\/[^/?#\s]+\/?$/.test(server)) throw field('server', 'server must be an https:// URL with host and port, e.g. https://192.168.1.10:6443');
    out.server = server.replace(/\/$/, '');
  }
  return out;
}

/** A CertificateRequest as the agent reads it from the server; throws a plain Error on a malformed answer. */
export function readCertificateRequest(body: unknown): CertificateRequest {
  if (!isObject(body) || body.kind !== 'CertificateRequest' || typeof body.name !== 'string' || typeof body.phase !== 'string') {
    throw new Error('the server did not answer with a CertificateRequest');
  }
  if (body.phase === 'Issued' && (typeof body.certificate !== 'string' || typeof body.caCert !== 'string')) {
    throw new Error('the server said the certificate was issued but sent none');
  }
  return body as unknown as CertificateRequest;
}

export function readPairingCa(body: unknown): PairingCa {
  if (!isObject(body) || body.kind !== 'PairingCA' || typeof body.caCert !== 'string' || !body.caCert.includes('-----BEGIN CERTIFICATE-----')) {
    throw new Error('the server did not answer with its CA certificate (is this a Skiff control plane?)');
  }
  return body as unknown as PairingCa;
}

export function readIssuedCertificate(body: unknown): IssuedCertificate {
  if (!isObject(body) || body.kind !== 'IssuedCertificate' || typeof body.certificate !== 'string' || typeof body.caCert !== 'string') {
    throw new Error('the server did not answer with an IssuedCertificate');
  }
  return body as unknown as IssuedCertificate;
}

export { isCaPin, isPairingToken };

function object(body: unknown): Record<string, unknown> {
  if (!isObject(body)) throw new BadRequestError('the body must be a JSON object');
  return body;
}

function str(o: Record<string, unknown>, name: string, required: boolean): string | undefined {
  const v = o[name];
  if (v === undefined && !required) return undefined;
  if (typeof v !== 'string') throw field(name, `${name} must be a string${required ? ' and is required' : ''}`);
  return v;
}

function pem(o: Record<string, unknown>, name: string, label: string): string {
  const v = str(o, name, true)!;
  if (v.length > MAX_PEM || !v.includes(`-----BEGIN ${label}-----`)) throw field(name, `${name} must be a PEM block "${label}" of at most ${MAX_PEM} bytes`);
  return v;
}

function field(name: string, message: string): BadRequestError {
  return new BadRequestError(message, [{ reason: 'FieldValueInvalid', message, field: name }]);
}
