// The pairing API on the HTTPS server (paths in api/pairing/protocol.ts). Three calls answer without
// authentication, because a device has no credentials yet: the CA bundle, a CSR with a token, and the
// state of that request (its random name is the capability). They are rate-limited per client address.
// Token and request management is for admins; certificate rotation for the node itself.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ForbiddenError, MethodNotAllowedError, NoRouteError, TooManyRequestsError } from '../../api/errors/status-error.js';
import { PAIRING_API_VERSION, PAIRING_GROUP, PAIRING_ROOT, parseCertificateRequestBody, parseCreateTokenBody, parseRotateBody } from '../../api/pairing/protocol.js';
import { isObject } from '../../api/types/meta.js';
import type { PairingService } from '../pairing/index.js';
import type { UserInfo } from '../registry/context.js';
import { authenticate } from './authn.js';
import { authorize, nodeNameOf } from './authz.js';
import { parseJson, readBody } from './body.js';
import type { ServerDeps } from './handlers/context.js';
import { send } from './respond.js';

const MAX_BODY = 64 * 1024;

export function isPairingPath(pathname: string): boolean {
  return pathname === PAIRING_ROOT || pathname.startsWith(`${PAIRING_ROOT}/`);
}

export async function handlePairing(req: IncomingMessage, res: ServerResponse, pathname: string, deps: ServerDeps): Promise<void> {
  const pairing = deps.pairing;
  if (!pairing) throw new NoRouteError('device pairing is not enabled on this server');
  const parts = pathname.slice(PAIRING_ROOT.length).split('/').filter((s) => s !== '').map(decodeSegment);
  const method = req.method ?? 'GET';
  const [resource, name, action] = parts;
  if (parts.length > 3) throw new NoRouteError();

  // ---- without authentication (rate-limited) ----
  if (resource === 'ca' && !name) {
    expect(method, 'GET');
    limit(req, pairing);
    return send(res, 200, pairing.caBundle());
  }
  if (resource === 'certificaterequests' && !action && (method === 'POST' ? !name : name !== undefined)) {
    limit(req, pairing);
    if (method === 'POST') {
      const body = parseCertificateRequestBody(await json(req));
      const answer = await pairing.submit(body, req.socket.remoteAddress ?? 'unknown');
      return send(res, answer.phase === 'Issued' ? 201 : 202, answer);
    }
    expect(method, 'GET');
    return send(res, 200, await pairing.request(name!));
  }

  // ---- authenticated ----
  const user = authenticate(req, deps);
  if (resource === 'nodes' && name && action === 'rotate') {
    expect(method, 'POST');
    if (nodeNameOf(user) !== name) {
      throw new ForbiddenError(`User "${user.name}" cannot rotate the certificate of node "${name}": only the node itself (system:node:${name} in group system:nodes) may`);
    }
    return send(res, 201, await pairing.rotate(name, parseRotateBody(await json(req))));
  }
  admin(user, method, resource ?? '', name, pathname);
  switch (resource) {
    case 'tokens':
      if (!name && method === 'POST') return send(res, 201, await pairing.createToken(parseCreateTokenBody(await optionalJson(req))));
      if (!name && method === 'GET') return send(res, 200, list(await pairing.listTokens()));
      if (name && !action && method === 'DELETE') {
        await pairing.deleteToken(name);
        return send(res, 200, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: { name, group: PAIRING_GROUP, kind: 'tokens' } });
      }
      break;
    case 'certificaterequests':
      if (!name && method === 'GET') return send(res, 200, list(await pairing.listRequests()));
      if (name && action === 'approve' && method === 'POST') return send(res, 200, await pairing.approve(name));
      if (name && action === 'deny' && method === 'POST') {
        const body = await optionalJson(req);
        const message = isObject(body) && typeof body.message === 'string' ? body.message.slice(0, 512) : undefined;
        return send(res, 200, await pairing.deny(name, message));
      }
      break;
    case 'nodes':
      if (!name && method === 'GET') return send(res, 200, list(await pairing.listNodes()));
      if (name && action === 'unpair' && method === 'POST') return send(res, 200, { apiVersion: PAIRING_API_VERSION, kind: 'UnpairResult', node: name, ...(await pairing.unpair(name)) });
      break;
  }
  throw new NoRouteError();
}

/** Admins only; anyone else gets the authorizer's 403 (a node: "nodes may not access …"). */
function admin(user: UserInfo, method: string, resource: string, name: string | undefined, path: string): void {
  const verb = method === 'POST' ? 'create' : method === 'DELETE' ? 'delete' : name ? 'get' : 'list';
  authorize(user, { verb, group: PAIRING_GROUP, resource: resource || 'pairing', name, path });
}

function limit(req: IncomingMessage, pairing: PairingService): void {
  const wait = pairing.limiter.take(req.socket.remoteAddress ?? 'unknown');
  if (wait > 0) throw new TooManyRequestsError(`too many pairing requests from this address: retry in ${wait} s`, wait);
}

function expect(method: string, wanted: string): void {
  if (method !== wanted && !(wanted === 'GET' && method === 'HEAD')) throw new MethodNotAllowedError(`${method} is not supported here; use ${wanted}`);
}

async function json(req: IncomingMessage): Promise<unknown> {
  return parseJson((await readBody(req, MAX_BODY)).toString('utf8'));
}

async function optionalJson(req: IncomingMessage): Promise<unknown> {
  const raw = await readBody(req, MAX_BODY);
  return raw.length === 0 ? undefined : parseJson(raw.toString('utf8'));
}

function decodeSegment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    throw new NoRouteError();
  }
}

function list<T>(items: T[]): object {
  return { apiVersion: PAIRING_API_VERSION, kind: 'List', items };
}
