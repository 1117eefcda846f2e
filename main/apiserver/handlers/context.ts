// What a resource handler gets: the request, its parsed path, the caller, and the server's parts.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { ResourceType } from '../../../api/resources/registry.js';
import { managerFromUserAgent, type UserInfo, type WriteContext } from '../../registry/context.js';
import type { ResourceRegistry } from '../../registry/resource-registry.js';
import type { ResourceRequest } from '../request-info.js';
import { dryRunOf, fieldManagerOf, fieldValidationOf } from '../query.js';
import type { ClientCertificates, SessionAuthenticator } from '../authn.js';
import type { PairingService } from '../../pairing/index.js';
import type { TokenAuthenticator } from '../tokens.js';
import type { TunnelRegistry } from '../tunnel/index.js';
import type { SecretsKeyRotator } from '../secrets-key-rotation.js';

/** Streams (watches, logs) the server must end when it shuts down. */
export class OpenStreams {
  private readonly closers = new Set<() => void>();
  add(close: () => void): () => void {
    this.closers.add(close);
    return () => this.closers.delete(close);
  }
  get size(): number {
    return this.closers.size;
  }
  closeAll(): void {
    for (const c of [...this.closers]) c();
    this.closers.clear();
  }
}

export interface ServerDeps {
  registry: ResourceRegistry;
  tokens: TokenAuthenticator;
  clock: () => Date;
  log: Logger;
  /** host:port clients use to reach the server (discovery's serverAddressByClientCIDRs). */
  serverAddress: string;
  streams: OpenStreams;
  /** Default and maximum lengths of a watch without timeoutSeconds (the real apiserver: 30–60 min). */
  watchTimeoutSeconds: { min: number; max: number };
  bookmarkIntervalMs: number;
  /** Agent tunnels by node: pods/log, exec, attach and portforward go through them. */
  tunnels: TunnelRegistry;
  /** Keepalive ping period of agent tunnels (default 15 s). */
  tunnelKeepaliveMs?: number;
  /** Encryption keys of Secrets at rest (POST /apis/skiff.dev/v1/secrets/rotate-key). */
  secretsKeys?: SecretsKeyRotator;
  /** GUI session cookies, once the browser GUI is attached (main/ui/). */
  sessions?: SessionAuthenticator;
  /** Client certificates of open connections, checked against revocation on every request (pairing). */
  certificates?: ClientCertificates;
  /** Device pairing (main/pairing): tokens, CSRs, rotation, unpairing. */
  pairing?: PairingService;
}

export interface HandlerContext {
  req: IncomingMessage;
  res: ServerResponse;
  query: URLSearchParams;
  info: ResourceRequest;
  rt: ResourceType;
  user: UserInfo;
  deps: ServerDeps;
}

export function writeContextOf(h: HandlerContext): WriteContext {
  return {
    user: h.user,
    dryRun: dryRunOf(h.query),
    fieldManager: fieldManagerOf(h.query) ?? managerFromUserAgent(h.req.headers['user-agent']),
    fieldValidation: fieldValidationOf(h.query),
    warnings: [],
  };
}
