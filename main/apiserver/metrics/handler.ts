// GET /apis/metrics.k8s.io/v1beta1/{nodes,pods}[/NAME] (pods also under namespaces/NS): the objects
// from the store, selected as metrics-server selects them (labels; metadata.name/namespace fields),
// and their usage from their nodes' agents. Objects without usage are left out of lists and are 404
// on get, as upstream.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { MethodNotAllowedError, NoRouteError, NotFoundError } from '../../../api/errors/status-error.js';
import { findResource } from '../../../api/resources/registry.js';
import { parseFieldSelector, type FieldSelector } from '../../../api/selectors/index.js';
import type { KubeObject } from '../../../api/types/meta.js';
import type { UserInfo } from '../../registry/context.js';
import { listResources } from '../../registry/list.js';
import { authorize } from '../authz.js';
import type { ServerDeps } from '../handlers/context.js';
import { negotiate } from '../negotiate.js';
import { boolOf, includeObjectOf } from '../query.js';
import { safeDecode } from '../request-info.js';
import { send } from '../respond.js';
import { collectSummaries } from './collect.js';
import { METRICS_GROUP, METRICS_GROUP_VERSION, METRICS_RESOURCES, METRICS_VERSION, type MetricsResource } from './discovery.js';
import { metricsTable, nodeMetrics, podMetrics, withKind, type NodeMetrics, type PodMetrics } from './render.js';

const NODES = findResource('', 'v1', 'nodes')!;
const PODS = findResource('', 'v1', 'pods')!;
const PREFIX = ['apis', METRICS_GROUP, METRICS_VERSION];

export interface MetricsRequest {
  /** Undefined: the path names nothing we serve (404). */
  rt: MetricsResource | undefined;
  namespace?: string;
  name?: string;
  /** The legacy /watch/ prefix was used. */
  watchPath: boolean;
}

/** The metrics request a path names, or undefined when the path is not under /apis/metrics.k8s.io/v1beta1/. */
export function parseMetricsPath(pathname: string): MetricsRequest | undefined {
  let parts = pathname.split('/').filter((p) => p !== '');
  if (parts.length <= PREFIX.length || PREFIX.some((p, i) => parts[i] !== p)) return undefined;
  parts = parts.slice(PREFIX.length).map(safeDecode);
  const watchPath = parts[0] === 'watch';
  if (watchPath) parts = parts.slice(1);
  let namespace: string | undefined;
  if (parts[0] === 'namespaces' && parts.length >= 3) {
    namespace = parts[1];
    parts = parts.slice(2);
  }
  const rt = METRICS_RESOURCES.find((r) => r.resource === parts[0]);
  const fits = rt !== undefined && parts.length <= 2 && (namespace === undefined || rt.namespaced) && !(rt.namespaced && parts.length === 2 && namespace === undefined);
  return fits ? { rt, namespace, name: parts[1], watchPath } : { rt: undefined, watchPath };
}

export interface MetricsContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  user: UserInfo;
  deps: ServerDeps;
}

export async function serveMetrics(h: MetricsContext, m: MetricsRequest): Promise<void> {
  const query = h.url.searchParams;
  const method = h.req.method ?? 'GET';
  const watch = m.watchPath || boolOf(query, 'watch');
  const verb = method !== 'GET' && method !== 'HEAD' ? method.toLowerCase() : watch ? 'watch' : m.name !== undefined ? 'get' : 'list';
  authorize(h.user, { verb, group: METRICS_GROUP, resource: m.rt?.resource, namespace: m.namespace, name: m.name, path: h.url.pathname });
  if (!m.rt) throw new NoRouteError();
  const what = `${m.rt.kind.toLowerCase()}.${METRICS_GROUP}`;
  if (verb !== 'get' && verb !== 'list') throw new MethodNotAllowedError(`${verb} is not supported on resources of kind "${what}"`);
  const format = negotiate(h.req.headers.accept, { table: true });
  const started = performance.now();
  const now = h.deps.clock();
  const fields = parseFieldSelector(query.get('fieldSelector') ?? '');
  const labelSelector = query.get('labelSelector') ?? undefined;
  let items: (NodeMetrics | PodMetrics)[];
  if (m.rt.resource === 'nodes') {
    const nodes = m.name !== undefined ? [h.deps.registry.get(NODES, undefined, m.name)] : listResources(h.deps.registry.deps.store, NODES, undefined, { labelSelector }).items.filter((n) => matchesMeta(fields, n, false));
    const summaries = await collectSummaries(h.deps.tunnels, nodes.map(nameOf), { log: h.deps.log });
    items = nodes.flatMap((n) => {
      const usage = summaries.get(nameOf(n))?.node;
      return usage ? [nodeMetrics(n, usage, now)] : [];
    });
  } else {
    const pods = (m.name !== undefined ? [h.deps.registry.get(PODS, m.namespace, m.name)] : listResources(h.deps.registry.deps.store, PODS, m.namespace, { labelSelector }).items.filter((p) => matchesMeta(fields, p, true)))
      // As metrics-server: usage is reported for running pods only.
      .filter((p) => (p.status as { phase?: unknown } | undefined)?.phase === 'Running');
    const summaries = await collectSummaries(h.deps.tunnels, pods.flatMap((p) => nodeNameOf(p) ?? []), { log: h.deps.log });
    const byUid = new Map([...summaries.values()].flatMap((s) => s.pods.map((ps) => [ps.uid, ps] as const)));
    items = pods.flatMap((p) => {
      const stats = byUid.get(p.metadata.uid ?? '');
      const pm = stats ? podMetrics(p, stats, now) : undefined;
      return pm ? [pm] : [];
    });
  }
  h.deps.log.debug({ resource: what, namespace: m.namespace, name: m.name, items: items.length, ms: Math.round(performance.now() - started) }, 'metrics served');
  if (m.name !== undefined && items.length === 0) throw new NotFoundError(m.rt.kind.toLowerCase(), METRICS_GROUP, m.namespace !== undefined ? `${m.namespace}/${m.name}` : m.name);
  if (format === 'table') return send(h.res, 200, metricsTable(items, includeObjectOf(query)), 'table');
  if (m.name !== undefined) return send(h.res, 200, withKind(m.rt.kind, items[0]), format);
  send(h.res, 200, { kind: m.rt.listKind, apiVersion: METRICS_GROUP_VERSION, metadata: {}, items }, format);
}

/** metrics-server filters by the object's metadata fields only (generic.AddObjectMetaFieldsSet). */
function matchesMeta(fields: FieldSelector, obj: KubeObject, namespaced: boolean): boolean {
  if (fields.empty()) return true;
  const set: Record<string, string> = { 'metadata.name': obj.metadata.name ?? '' };
  if (namespaced) set['metadata.namespace'] = obj.metadata.namespace ?? '';
  return fields.matches(set);
}

function nameOf(obj: KubeObject): string {
  return obj.metadata.name ?? '';
}

function nodeNameOf(pod: KubeObject): string | undefined {
  const n = (pod.spec as { nodeName?: unknown } | undefined)?.nodeName;
  return typeof n === 'string' && n !== '' ? n : undefined;
}
