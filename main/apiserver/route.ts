// Request routing: authenticate, parse the path, authorize, dispatch by verb.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { MethodNotAllowedError, NoRouteError } from '../../api/errors/status-error.js';
import { authenticate } from './authn.js';
import { authorize, registryPods } from './authz.js';
import type { HandlerContext, ServerDeps } from './handlers/context.js';
import { getObject, listObjects } from './handlers/read.js';
import { handleSubresource } from './handlers/subresources.js';
import { watchObjects } from './handlers/watch.js';
import { createObject, deleteCollection, deleteObject, patchObject, updateObject } from './handlers/write.js';
import { parseMetricsPath, serveMetrics } from './metrics/index.js';
import { handleNonResource } from './nonresource.js';
import { handlePairing, isPairingPath } from './pairing-endpoints.js';
import { isRotateKeyPath, rotateSecretsKey } from './secrets-key-rotation.js';
import { boolOf } from './query.js';
import { parseRequestPath } from './request-info.js';
import { sendError } from './respond.js';

export async function route(req: IncomingMessage, res: ServerResponse, deps: ServerDeps): Promise<void> {
  const started = performance.now();
  let code = 0;
  let verb = req.method ?? 'GET';
  try {
    const url = new URL(req.url ?? '/', 'https://skiff.invalid');
    // --- pairing (main/apiserver/pairing-endpoints.ts): a device's first calls carry no credentials ---
    if (isPairingPath(url.pathname)) return await handlePairing(req, res, url.pathname, deps);
    const user = authenticate(req, deps);
    // metrics.k8s.io is no stored resource: its objects come from the agents (main/apiserver/metrics).
    const metrics = parseMetricsPath(url.pathname);
    if (metrics) return await serveMetrics({ req, res, url, user, deps }, metrics);
    // `skiff secrets rotate-key` while the server runs (admin only; main/apiserver/secrets-key-rotation.ts).
    if (isRotateKeyPath(url.pathname)) return await rotateSecretsKey(req, res, user, deps);
    const info = parseRequestPath(url.pathname);
    if (info.type === 'nonresource') {
      authorize(user, { verb: verb.toLowerCase(), path: info.path });
      handleNonResource(req, res, info.path, deps.serverAddress);
      return;
    }
    const rt = info.rt;
    if (!rt) throw new NoRouteError();
    if (rt.namespaced && info.name !== undefined && info.namespace === undefined) throw new NoRouteError();
    if (!rt.namespaced && info.namespace !== undefined) throw new NoRouteError();
    const query = url.searchParams;
    const watch = info.watchPath || boolOf(query, 'watch');
    verb = kubeVerb(req.method ?? 'GET', info.name !== undefined, watch, info.subresource);
    authorize(user, { verb, group: rt.group, resource: rt.resource, subresource: info.subresource, namespace: info.namespace, name: info.name, path: url.pathname, fieldSelector: query.get('fieldSelector') ?? undefined }, registryPods(deps.registry));
    if ((verb === 'update' || verb === 'patch') && info.name === undefined) throw new MethodNotAllowedError(`${req.method} needs an object name: /…/${rt.resource}/NAME`);
    if (verb === 'create-named' || (verb === 'watch' && info.name !== undefined && info.subresource === undefined)) {
      throw new MethodNotAllowedError(`${req.method} is not supported on a single ${rt.singular}; use the collection (/…/${rt.resource})`);
    }
    const h: HandlerContext = { req, res, query, info, rt, user, deps };
    if (info.subresource !== undefined) return await handleSubresource(h, req.method ?? 'GET');
    switch (verb) {
      case 'get': return getObject(h);
      case 'list': return listObjects(h);
      case 'watch': return watchObjects(h);
      case 'create': return await createObject(h);
      case 'update': return await updateObject(h, undefined);
      case 'patch': return await patchObject(h, undefined);
      case 'delete': return await deleteObject(h);
      case 'deletecollection': return await deleteCollection(h);
    }
    throw new MethodNotAllowedError(`${req.method} is not supported here`);
  } catch (err) {
    code = sendError(res, err);
    // 503s are expected answers (a node without a tunnel, shutdown); other 5xx are our faults.
    if (code === 503) deps.log.warn({ method: req.method, url: req.url, reason: (err as Error).message }, 'service unavailable');
    else if (code >= 500) deps.log.error({ err, method: req.method, url: req.url }, 'request failed');
  } finally {
    const ms = performance.now() - started;
    if (ms > 1000 && verb !== 'watch') deps.log.info({ method: req.method, url: req.url, code: code || res.statusCode, ms: Math.round(ms) }, 'slow request');
  }
}

function kubeVerb(method: string, named: boolean, watch: boolean, sub: string | undefined): string {
  switch (method) {
    case 'GET':
    case 'HEAD':
      if (watch) return 'watch';
      return named ? 'get' : 'list';
    case 'POST': return sub ? 'create' : named ? 'create-named' : 'create';
    case 'PUT': return 'update';
    case 'PATCH': return 'patch';
    case 'DELETE': return named ? 'delete' : 'deletecollection';
    default: return method.toLowerCase();
  }
}
