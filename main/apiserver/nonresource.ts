// Paths that name no resource: version, health, discovery, OpenAPI.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { NoRouteError } from '../../api/errors/status-error.js';
import { k8sOpenApi, openApiRoot } from '../../api/openapi/index.js';
import { aggregatedDiscovery, apiGroupDoc, apiGroupList, apiResourceList, apiVersions } from './discovery.js';
import { negotiate } from './negotiate.js';
import { send } from './respond.js';
import { versionInfo } from './version.js';

const ROOT_PATHS = ['/api', '/api/v1', '/apis', '/healthz', '/livez', '/openapi/v3', '/readyz', '/version'];

export function handleNonResource(req: IncomingMessage, res: ServerResponse, path: string, serverAddress: string): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') throw new NoRouteError();
  const p = path.replace(/\/+$/, '') || '/';
  if (p === '/healthz' || p === '/livez' || p === '/readyz') {
    res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' });
    res.end('ok');
    return;
  }
  if (p === '/version') return send(res, 200, versionInfo());
  if (p === '/') return send(res, 200, { paths: ROOT_PATHS });
  if (p === '/api' || p === '/apis') {
    const format = negotiate(req.headers.accept, { discovery: true });
    if (format === 'discovery-v2' || format === 'discovery-v2beta1') {
      res.setHeader('Vary', 'Accept');
      return send(res, 200, aggregatedDiscovery(p === '/api', format === 'discovery-v2' ? 'v2' : 'v2beta1'), format);
    }
    return send(res, 200, p === '/api' ? apiVersions(serverAddress) : apiGroupList(), format);
  }
  const parts = p.split('/').filter((s) => s !== '');
  if (parts[0] === 'api' && parts.length === 2) return sendOr404(res, apiResourceList('', parts[1]));
  if (parts[0] === 'apis' && parts.length === 2) return sendOr404(res, apiGroupDoc(parts[1]));
  if (parts[0] === 'apis' && parts.length === 3) return sendOr404(res, apiResourceList(parts[1], parts[2]));
  if (parts[0] === 'openapi' && parts[1] === 'v3') {
    if (parts.length === 2) return send(res, 200, openApiRoot());
    const text = k8sOpenApi.documentJSONForPath(parts.slice(2).join('/'));
    if (text === undefined) throw new NoRouteError();
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'public, immutable' });
    res.end(text);
    return;
  }
  throw new NoRouteError();
}

function sendOr404(res: ServerResponse, body: object | undefined): void {
  if (!body) throw new NoRouteError();
  send(res, 200, body);
}
