// Edge-device pairing, the control plane's side (like kubeadm's TLS bootstrap): one-time tokens, CSRs
// signed as CN=system:node:<name>, O=system:nodes (at once, or after an admin's approval), certificate
// rotation, and unpairing (revocation, dropped connections, the Node removed).
import { BadRequestError, ConflictError, NotFoundError, UnauthorizedError } from '../../api/errors/status-error.js';
import {
  PAIRING_API_VERSION, type CertificateRequest, type CertificateRequestBody, type CreateTokenBody, type IssuedCertificate,
  type PairedNode, type PairingCa, type PairingToken, type RotateBody,
} from '../../api/pairing/protocol.js';
import { splitPairingToken } from '../../api/pairing/token-format.js';
import { nodeNameFromHostname } from '../../api/workloads/node-name.js';
import type { Transport } from '../../client/transport.js';
import { certificateInfo, signCsr, type CertificateAuthority, type PkiLogger } from '../pki/index.js';
import { advertisedServers } from './advertise.js';
import { PairingStore } from './pairing-store.js';
import { RateLimiter, type RateLimit } from './rate-limiter.js';
import { newRequestName, type NodeRecord, type RequestRecord } from './records.js';
import { RevocationList } from './revocation.js';
import { checkCsrOrBadRequest, checkNodeName } from './request-checks.js';
import { DEFAULT_TOKEN_TTL_SECONDS, generateToken, hashSecret, secretMatches, type TokenRecord } from './tokens.js';

export const DEFAULT_NODE_CERT_VALIDITY_SECONDS = 365 * 24 * 3600;
/** Finished requests stay readable this long (a device polling slowly still gets its certificate). */
const FINISHED_REQUEST_TTL_MS = 60 * 60 * 1000;
/** A request nobody approved or denied in a day is dropped. */
const PENDING_REQUEST_TTL_MS = 24 * 60 * 60 * 1000;
const INVALID_TOKEN = 'the pairing token is unknown, expired or already used: create a new one with `skiff pair-token create` (or in the app) and pair again';

export interface PairingServiceOptions {
  transport: Transport;
  ca: CertificateAuthority;
  /** `sha256:<hex>` of the CA's SubjectPublicKeyInfo. */
  pin: string;
  log: PkiLogger;
  clock?: () => Date;
  /** Lifetime of node certificates (default one year; tests use seconds to exercise rotation). */
  nodeCertValiditySeconds?: number;
  /** Where the API listens, for the URLs put in the device's command. */
  listen?: () => { host: string; port: number };
  rateLimit?: RateLimit;
}

export class PairingService {
  readonly revocations: RevocationList;
  /** For the endpoints that answer without authentication. */
  readonly limiter: RateLimiter;
  private readonly store: PairingStore;
  private readonly clock: () => Date;
  private readonly listeners: ((node: string) => void)[] = [];
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly o: PairingServiceOptions) {
    this.clock = o.clock ?? (() => new Date());
    this.store = new PairingStore(o.transport);
    this.revocations = new RevocationList(() => this.clock().getTime());
    this.limiter = new RateLimiter(o.rateLimit, () => this.clock().getTime());
  }

  /** Loads the revocation list; call before serving. */
  async start(): Promise<void> {
    const saved = await this.store.loadRevocations();
    if (saved) this.revocations.load(saved);
    this.o.log.info({ revoked: this.revocations.size }, 'pairing ready');
  }

  /** Called with the node's name when it is unpaired (the API server drops its connections and tunnel). */
  onRevoked(listener: (node: string) => void): void {
    this.listeners.push(listener);
  }

  caBundle(): PairingCa {
    return { apiVersion: PAIRING_API_VERSION, kind: 'PairingCA', caCert: this.o.ca.certPem };
  }

  async createToken(body: CreateTokenBody): Promise<PairingToken> {
    if (body.nodeName !== undefined) checkNodeName(body.nodeName, 'nodeName');
    const { id, secret, token } = generateToken();
    const ttl = body.ttlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS;
    const record: TokenRecord = {
      id, secretHash: hashSecret(secret), expires: new Date(this.clock().getTime() + ttl * 1000),
      nodeName: body.nodeName, requireApproval: body.requireApproval ?? false, description: body.description,
    };
    await this.store.createToken(record);
    const adv = body.server ? { servers: [body.server], warnings: [] } : this.advertised();
    const command = ['sudo skiff agent pair', `--server ${adv.servers[0]}`, `--token ${token}`, `--ca-pin ${this.o.pin}`].join(' ');
    this.o.log.info({ tokenId: id, expires: record.expires.toISOString(), nodeName: body.nodeName, requireApproval: record.requireApproval }, 'pairing token created');
    return { ...this.tokenView(record, adv.servers), token, command, warnings: adv.warnings.length ? adv.warnings : undefined };
  }

  async listTokens(): Promise<PairingToken[]> {
    const now = this.clock().getTime();
    const out: PairingToken[] = [];
    const { servers } = this.advertised();
    for (const t of await this.store.listTokens()) {
      if (t.expires.getTime() <= now) await this.store.deleteToken(t.id);
      else out.push(this.tokenView(t, servers));
    }
    return out;
  }

  async deleteToken(id: string): Promise<void> {
    if (!(await this.store.deleteToken(id))) throw new NotFoundError('tokens', 'pairing.skiff.dev', id);
  }

  /** A device's CSR with its token: Issued at once, or Pending until approved when the token says so. */
  submit(body: CertificateRequestBody, clientAddress: string): Promise<CertificateRequest> {
    return this.serialized(async () => {
      // Everything is checked before the token is spent: a mistake (a bad CSR, a name in use) keeps it usable.
      await checkCsrOrBadRequest(body.csr);
      const token = await this.validToken(body.token, clientAddress);
      if (token.nodeName && body.nodeName && body.nodeName !== token.nodeName) {
        throw new BadRequestError(`this token was made for node "${token.nodeName}", not "${body.nodeName}": pair without --node-name, or with --node-name ${token.nodeName}`);
      }
      const nodeName = token.nodeName ?? body.nodeName ?? nodeNameFromHostname(body.hostname ?? '');
      checkNodeName(nodeName, 'nodeName');
      const request: RequestRecord = {
        name: newRequestName(), nodeName, tokenId: token.id, csr: body.csr, created: this.clock(), phase: 'Pending',
        nameFromToken: token.nodeName !== undefined, clientAddress,
      };
      await this.checkNameFree(request);
      // Spent (deleted) before anything is issued, so it works once.
      if (!(await this.store.deleteToken(token.id, token.uid))) throw new UnauthorizedError(INVALID_TOKEN);
      await this.gcRequests();
      if (token.requireApproval) {
        await this.store.putRequest(request);
        this.o.log.info({ request: request.name, node: nodeName, client: clientAddress }, 'pairing request waits for approval');
        return this.requestView(request);
      }
      await this.issue(request);
      return this.requestView(request, true);
    });
  }

  /** What a device polling its request may see. */
  async request(name: string): Promise<CertificateRequest> {
    const r = await this.store.getRequest(name);
    if (!r) throw new NotFoundError('certificaterequests', 'pairing.skiff.dev', name);
    return this.requestView(r, true);
  }

  async listRequests(): Promise<CertificateRequest[]> {
    await this.serialized(() => this.gcRequests());
    return (await this.store.listRequests()).map((r) => ({ ...this.requestView(r), clientAddress: r.clientAddress }));
  }

  approve(name: string): Promise<CertificateRequest> {
    return this.serialized(async () => {
      const r = await this.pendingRequest(name);
      await this.checkNameFree(r);
      await this.issue(r);
      await this.store.putRequest(r);
      return this.requestView(r);
    });
  }

  deny(name: string, message?: string): Promise<CertificateRequest> {
    return this.serialized(async () => {
      const r = await this.pendingRequest(name);
      r.phase = 'Denied';
      r.message = message || 'an administrator denied this pairing request';
      await this.store.putRequest(r);
      this.o.log.info({ request: name, node: r.nodeName }, 'pairing request denied');
      return this.requestView(r);
    });
  }

  /** A new certificate for a node that holds a valid one (the caller checked that identity). */
  rotate(nodeName: string, body: RotateBody): Promise<IssuedCertificate> {
    return this.serialized(async () => {
      await checkCsrOrBadRequest(body.csr);
      const certificate = await this.signAndRecord(nodeName, body.csr, false);
      return { apiVersion: PAIRING_API_VERSION, kind: 'IssuedCertificate', certificate, caCert: this.o.ca.certPem };
    });
  }

  /**
   * Revokes every certificate of the node (recorded ones by serial, any other issued before now by name),
   * tells the listeners (connections and tunnel dropped), removes the Node, its pods (their controllers
   * place them elsewhere; on the device they run on, cut off) and the pairing record.
   */
  unpair(nodeName: string): Promise<{ revokedCertificates: number; nodeDeleted: boolean; podsDeleted: number }> {
    return this.serialized(async () => {
      const record = await this.store.getNode(nodeName);
      const exists = await this.store.nodeExists(nodeName);
      if (!record && !exists) throw new NotFoundError('nodes', '', nodeName);
      const now = this.clock();
      const live = (record?.certificates ?? []).filter((c) => c.notAfter.getTime() > now.getTime());
      // Memory first: the API refuses the certificates from this moment, even if persisting fails below.
      for (const c of live) this.revocations.revokeSerial(c.serial, nodeName, c.notAfter);
      this.revocations.revokeNode(nodeName, now);
      for (const l of this.listeners) l(nodeName);
      this.revocations.prune();
      await this.store.saveRevocations(this.revocations.toSecret());
      const nodeDeleted = await this.store.deleteNodeObject(nodeName);
      const podsDeleted = await this.store.deletePodsOf(nodeName);
      await this.store.deleteNodeRecord(nodeName);
      this.o.log.info({ node: nodeName, revokedCertificates: live.length, nodeDeleted, podsDeleted }, 'node unpaired');
      return { revokedCertificates: live.length, nodeDeleted, podsDeleted };
    });
  }

  async listNodes(): Promise<PairedNode[]> {
    return (await this.store.listNodes()).map((n) => ({
      apiVersion: PAIRING_API_VERSION, kind: 'PairedNode', name: n.nodeName, pairedAt: n.pairedAt.toISOString(),
      certificates: n.certificates.map((c) => ({ serial: c.serial, notAfter: c.notAfter.toISOString() })),
    }));
  }

  // ---- internals -------------------------------------------------------------------------------

  /** The token, when it exists, has that secret and has not expired; else 401 (one message for all). */
  private async validToken(text: string, clientAddress: string): Promise<TokenRecord & { uid?: string }> {
    const parts = splitPairingToken(text);
    const token = parts && (await this.store.getToken(parts.id));
    const why = !parts || !token ? 'unknown token'
      : !secretMatches(parts.secret, token.secretHash) ? 'wrong secret'
        : token.expires.getTime() <= this.clock().getTime() ? 'expired' : undefined;
    if (why || !token) {
      // An expired token is deleted when met; a wrong secret leaves the real owner's token alone.
      if (token && why === 'expired') await this.store.deleteToken(token.id, token.uid);
      this.o.log.warn({ tokenId: parts?.id, client: clientAddress, reason: why }, 'pairing token refused');
      throw new UnauthorizedError(INVALID_TOKEN);
    }
    return token;
  }

  private async pendingRequest(name: string): Promise<RequestRecord> {
    const r = await this.store.getRequest(name);
    if (!r) throw new NotFoundError('certificaterequests', 'pairing.skiff.dev', name);
    if (r.phase !== 'Pending') throw new ConflictError('certificaterequests', 'pairing.skiff.dev', name, `the request is already ${r.phase}`);
    return r;
  }

  /** A name another node uses (a Node object, or a paired node's record) needs a token made for it. */
  private async checkNameFree(r: RequestRecord): Promise<void> {
    if (r.nameFromToken) return;
    if (await this.store.nodeExists(r.nodeName) || await this.store.getNode(r.nodeName)) {
      throw new ConflictError('nodes', '', r.nodeName, `a node named "${r.nodeName}" is already part of the cluster: pair this device under another name (--node-name), or unpair the old one first (skiff node unpair ${r.nodeName}) or make a token for that name (skiff pair-token create --node-name ${r.nodeName})`);
    }
  }

  private async issue(r: RequestRecord): Promise<void> {
    r.certificate = await this.signAndRecord(r.nodeName, r.csr, true);
    r.phase = 'Issued';
    r.message = undefined;
    // Paired again after an unpairing: the name-wide revocation ends (the old serials stay revoked).
    if (this.revocations.forgiveNode(r.nodeName)) await this.store.saveRevocations(this.revocations.toSecret());
  }

  private async signAndRecord(nodeName: string, csr: string, pairing: boolean): Promise<string> {
    const validity = this.o.nodeCertValiditySeconds ?? DEFAULT_NODE_CERT_VALIDITY_SECONDS;
    const certificate = await signCsr(this.o.ca, csr, { commonName: `system:node:${nodeName}`, organizations: ['system:nodes'], validityDays: validity / 86_400 });
    const info = certificateInfo(certificate);
    const now = this.clock();
    const old = await this.store.getNode(nodeName);
    const record: NodeRecord = {
      nodeName,
      pairedAt: pairing || !old ? now : old.pairedAt,
      // Expired entries are dropped; still-valid ones stay so unpairing revokes them too.
      certificates: [...(old?.certificates ?? []).filter((c) => c.notAfter.getTime() > now.getTime()), { serial: info.serial, notAfter: info.notAfter }],
    };
    await this.store.putNode(record);
    this.o.log.info({ node: nodeName, serial: info.serial, notAfter: info.notAfter.toISOString(), via: pairing ? 'pairing' : 'rotation' }, 'node certificate issued');
    return certificate;
  }

  private async gcRequests(): Promise<void> {
    const now = this.clock().getTime();
    for (const r of await this.store.listRequests()) {
      const age = now - r.created.getTime();
      if (age > (r.phase === 'Pending' ? PENDING_REQUEST_TTL_MS : FINISHED_REQUEST_TTL_MS)) await this.store.deleteRequest(r.name);
    }
  }

  private requestView(r: RequestRecord, withCertificate = false): CertificateRequest {
    return {
      apiVersion: PAIRING_API_VERSION, kind: 'CertificateRequest', name: r.name, nodeName: r.nodeName, tokenId: r.tokenId,
      created: r.created.toISOString(), phase: r.phase, message: r.message,
      certificate: withCertificate ? r.certificate : undefined,
      caCert: withCertificate && r.certificate ? this.o.ca.certPem : undefined,
    };
  }

  private tokenView(t: TokenRecord, servers: string[]): PairingToken {
    return {
      apiVersion: PAIRING_API_VERSION, kind: 'PairingToken', id: t.id, expires: t.expires.toISOString(), nodeName: t.nodeName,
      requireApproval: t.requireApproval, description: t.description, caPin: this.o.pin, servers,
    };
  }

  private advertised(): { servers: string[]; warnings: string[] } {
    const l = this.o.listen?.();
    return l ? advertisedServers(l.host, l.port) : { servers: ['https://127.0.0.1:6443'], warnings: [] };
  }

  /** One pairing change at a time: token redemption and name checks must not interleave. */
  private serialized<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
