// Authentication: a client certificate signed by the cluster CA (the TLS layer has already verified
// it; here: not expired, not revoked), a bearer token, or a GUI session cookie. Anything else is 401.
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { UnauthorizedError } from '../../api/errors/status-error.js';
import { identityFromTlsSocket } from '../pki/index.js';
import type { UserInfo } from '../registry/context.js';
import type { TokenAuthenticator } from './tokens.js';

/** The browser GUI's session cookies (main/ui/): a user for a valid cookie, or undefined. */
export interface SessionAuthenticator {
  authenticate(req: IncomingMessage): UserInfo | undefined;
}

/** What authentication reads: ServerDeps has all of it. */
export interface AuthnDeps {
  tokens: TokenAuthenticator;
  sessions?: SessionAuthenticator;
  /** Client certificates with revocation (pairing); without it certificates are checked only for expiry. */
  certificates?: ClientCertificates;
}

const WEBSOCKET_BEARER = 'base64url.bearer.authorization.k8s.io.';

/**
 * A bearer token from a browser WebSocket, which cannot set headers: kube-apiserver's convention is a
 * subprotocol `base64url.bearer.authorization.k8s.io.<base64url token>` beside the real one.
 */
function webSocketBearer(req: IncomingMessage): string | undefined {
  const protocols = req.headers['sec-websocket-protocol'];
  if (!protocols || req.headers.upgrade?.toLowerCase() !== 'websocket') return undefined;
  const entry = protocols.split(',').map((p) => p.trim()).find((p) => p.startsWith(WEBSOCKET_BEARER));
  if (!entry) return undefined;
  const token = Buffer.from(entry.slice(WEBSOCKET_BEARER.length), 'base64url').toString('utf8');
  return token === '' ? undefined : token;
}

export function authenticate(req: IncomingMessage, deps: AuthnDeps): UserInfo {
  const auth = req.headers.authorization;
  const bearer = auth !== undefined ? /^Bearer\s+(\S+)\s*$/i.exec(auth)?.[1] ?? '' : webSocketBearer(req);
  if (auth !== undefined || bearer !== undefined) {
    const user = bearer ? deps.tokens.authenticate(bearer) : undefined;
    if (!user) throw new UnauthorizedError();
    return withAuthenticated(user);
  }
  // GUI (browser mode): session cookie, checked after a bearer token and before the client certificate.
  const sessionUser = deps.sessions?.authenticate(req);
  if (sessionUser) return withAuthenticated(sessionUser);
  const user = (deps.certificates ?? unrevocable).userOf(req.socket as TLSSocket);
  if (user) return user;
  throw new UnauthorizedError();
}

/** Answers whether a presented client certificate was revoked (main/pairing's RevocationList). */
export interface RevocationCheck {
  isRevoked(cert: { serial: string; user: string; notBefore: number }): boolean;
}

interface CertSession {
  user: UserInfo;
  serial: string;
  notBefore: number;
  notAfter: number;
}

/**
 * The client certificates of open connections. A connection's certificate does not change, so it is read
 * once per socket; whether it has expired or was revoked is asked on every request, so an unpaired node
 * is refused on a keep-alive connection too. Sockets are indexed by user to drop an unpaired node's.
 */
export class ClientCertificates {
  private readonly bySocket = new WeakMap<TLSSocket, CertSession | null>();
  private readonly byUser = new Map<string, Set<TLSSocket>>();

  constructor(private readonly revocations?: RevocationCheck, private readonly now: () => number = Date.now) {}

  /** The certificate's user, null without a (trusted) certificate; throws 401 when expired or revoked. */
  userOf(socket: TLSSocket): UserInfo | null {
    let s = this.bySocket.get(socket);
    const first = s === undefined;
    if (s === undefined) {
      s = readSession(socket);
      this.bySocket.set(socket, s);
    }
    if (!s) return null;
    if (this.now() > s.notAfter) throw new UnauthorizedError('the client certificate has expired');
    if (this.revocations?.isRevoked({ serial: s.serial, user: s.user.name, notBefore: s.notBefore })) {
      throw new UnauthorizedError(`the client certificate of "${s.user.name}" has been revoked (the node was unpaired): pair the device again`);
    }
    // Only connections that got in are tracked (and dropped on unpairing); refused ones can do nothing.
    if (first) this.track(socket, s.user.name);
    return s.user;
  }

  /** Destroys every open connection authenticated as `user` (an unpaired node's); returns how many. */
  dropUser(user: string): number {
    const sockets = this.byUser.get(user);
    if (!sockets) return 0;
    this.byUser.delete(user);
    for (const s of sockets) s.destroy();
    return sockets.size;
  }

  /** How many open connections authenticated as `user` (tests, diagnostics). */
  connectionsOf(user: string): number {
    return this.byUser.get(user)?.size ?? 0;
  }

  private track(socket: TLSSocket, user: string): void {
    let set = this.byUser.get(user);
    if (!set) this.byUser.set(user, (set = new Set()));
    set.add(socket);
    socket.once('close', () => {
      const current = this.byUser.get(user);
      current?.delete(socket);
      if (current?.size === 0) this.byUser.delete(user);
    });
  }
}

const unrevocable = new ClientCertificates();

function readSession(socket: TLSSocket): CertSession | null {
  const id = identityFromTlsSocket(socket);
  if (!id) return null;
  const peer = socket.getPeerCertificate();
  return {
    user: withAuthenticated({ name: id.user, groups: id.groups }),
    serial: typeof peer.serialNumber === 'string' ? peer.serialNumber : '',
    notBefore: Date.parse(peer.valid_from),
    notAfter: Date.parse(peer.valid_to),
  };
}

function withAuthenticated(user: UserInfo): UserInfo {
  return user.groups.includes('system:authenticated') ? user : { name: user.name, groups: [...user.groups, 'system:authenticated'] };
}
