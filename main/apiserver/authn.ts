// Authentication: a client certificate signed by the cluster CA (the TLS layer has already verified
// it), or a bearer token. Anything else is 401.
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { UnauthorizedError } from '../../api/errors/status-error.js';
import { identityFromTlsSocket } from '../pki/index.js';
import type { UserInfo } from '../registry/context.js';
import type { TokenAuthenticator } from './tokens.js';

export function authenticate(req: IncomingMessage, tokens: TokenAuthenticator): UserInfo {
  const auth = req.headers.authorization;
  if (auth !== undefined) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    const user = m ? tokens.authenticate(m[1]) : undefined;
    if (!user) throw new UnauthorizedError();
    return withAuthenticated(user);
  }
  const user = certificateUser(req.socket as TLSSocket);
  if (user) return user;
  throw new UnauthorizedError();
}

// A connection's certificate does not change: read it once per socket, not once per request.
const bySocket = new WeakMap<TLSSocket, UserInfo | null>();

function certificateUser(socket: TLSSocket): UserInfo | null {
  let user = bySocket.get(socket);
  if (user === undefined) {
    const id = identityFromTlsSocket(socket);
    user = id ? withAuthenticated({ name: id.user, groups: id.groups }) : null;
    bySocket.set(socket, user);
  }
  return user;
}

function withAuthenticated(user: UserInfo): UserInfo {
  return user.groups.includes('system:authenticated') ? user : { name: user.name, groups: [...user.groups, 'system:authenticated'] };
}
