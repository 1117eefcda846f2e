// NodeMetrics and PodMetrics as metrics-server writes them: cpu in nanocores and memory as a binary
// quantity (canonical form: "123456n", "12345Ki"), the sample's time and window, and the object's
// name and labels; and the Table metrics-server answers `kubectl get` with.
import { Quantity } from '../../../api/quantity/index.js';
import type { KubeObject } from '../../../api/types/meta.js';
import type { Table } from '../../../api/types/table.js';
import type { PodStats, Usage } from '../../../client/tunnel/index.js';
import { rfc3339 } from '../../registry/system-fields.js';
import { METRICS_GROUP_VERSION } from './discovery.js';

export interface ResourceUsage {
  cpu: string;
  memory: string;
}

interface MetricsMeta {
  name: string;
  namespace?: string;
  creationTimestamp: string;
  labels?: Record<string, string>;
}

export interface NodeMetrics {
  kind?: 'NodeMetrics';
  apiVersion?: string;
  metadata: MetricsMeta;
  timestamp: string;
  window: string;
  usage: ResourceUsage;
}

export interface PodMetrics {
  kind?: 'PodMetrics';
  apiVersion?: string;
  metadata: MetricsMeta;
  timestamp: string;
  window: string;
  containers: { name: string; usage: ResourceUsage }[];
}

/** Nanocores in canonical quantity form (upstream: NewScaledQuantity(n, -9)): "123456n", "5m", "2". */
export function cpuQuantity(nanoCores: number): string {
  return Quantity.parse(`${Math.max(0, Math.round(nanoCores))}n`).toString();
}

/** Bytes in canonical binary form (upstream: NewQuantity(n, BinarySI)): "12345Ki", "64Mi". */
export function memoryQuantity(bytes: number): string {
  return Quantity.fromValue(BigInt(Math.max(0, Math.round(bytes))), 'BinarySI').toString();
}

/** Go's time.Duration String() of whole milliseconds: "10s", "10.064s", "500ms", "1m5s". */
export function goDuration(ms: number): string {
  ms = Math.max(0, Math.round(ms));
  if (ms === 0) return '0s';
  if (ms < 1000) return `${ms}ms`;
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const rest = ms % 60_000;
  const s = `${Math.floor(rest / 1000)}${rest % 1000 ? `.${String(rest % 1000).padStart(3, '0').replace(/0+$/, '')}` : ''}s`;
  if (h > 0) return `${h}h${m}m${s}`;
  if (m > 0) return `${m}m${s}`;
  return s;
}

/** metav1.Time: RFC 3339 to the second. */
function metaTime(t: Date | string): string {
  return rfc3339(new Date(t));
}

function usageOf(u: Usage): ResourceUsage {
  return { cpu: cpuQuantity(u.cpuNanoCores), memory: memoryQuantity(u.memoryWorkingSetBytes) };
}

function metaOf(obj: KubeObject, now: Date): MetricsMeta {
  const m: MetricsMeta = obj.metadata.namespace
    ? { name: obj.metadata.name ?? '', namespace: obj.metadata.namespace, creationTimestamp: metaTime(now) }
    : { name: obj.metadata.name ?? '', creationTimestamp: metaTime(now) };
  const labels = obj.metadata.labels;
  if (labels && Object.keys(labels).length > 0) m.labels = { ...labels };
  return m;
}

/** A node's metrics; `creationTimestamp` is the time of the request, as metrics-server has it. */
export function nodeMetrics(node: KubeObject, usage: Usage, now: Date): NodeMetrics {
  return { metadata: metaOf(node, now), timestamp: metaTime(usage.timestamp), window: goDuration(usage.windowMs), usage: usageOf(usage) };
}

/**
 * A pod's metrics from its agent's stats, containers in the pod spec's order; undefined when the
 * stats are of another pod of that name (another uid) or have no container.
 */
export function podMetrics(pod: KubeObject, stats: PodStats, now: Date): PodMetrics | undefined {
  if (stats.uid !== pod.metadata.uid || stats.containers.length === 0) return undefined;
  const order = containerOrder(pod);
  const containers = [...stats.containers].sort((a, b) => (order.get(a.name) ?? order.size) - (order.get(b.name) ?? order.size) || a.name.localeCompare(b.name));
  // The pod's sample is its newest container's (they are read in the same sweep).
  const newest = containers.reduce((a, b) => (Date.parse(b.usage.timestamp) > Date.parse(a.usage.timestamp) ? b : a));
  return {
    metadata: metaOf(pod, now),
    timestamp: metaTime(newest.usage.timestamp),
    window: goDuration(newest.usage.windowMs),
    containers: containers.map((c) => ({ name: c.name, usage: usageOf(c.usage) })),
  };
}

function containerOrder(pod: KubeObject): Map<string, number> {
  const spec = (pod.spec ?? {}) as { containers?: { name?: unknown }[]; initContainers?: { name?: unknown }[] };
  const names = [...(spec.initContainers ?? []), ...(spec.containers ?? [])].map((c) => c.name).filter((n): n is string => typeof n === 'string');
  return new Map(names.map((n, i) => [n, i]));
}

export function withKind<T extends NodeMetrics | PodMetrics>(kind: 'NodeMetrics' | 'PodMetrics', item: T): T {
  return { kind, apiVersion: METRICS_GROUP_VERSION, ...item };
}

/** metrics-server's Table: Name, cpu, memory (pods: summed over containers), Window. */
export function metricsTable(items: (NodeMetrics | PodMetrics)[], includeObject: 'None' | 'Metadata' | 'Object'): Table {
  const col = (name: string, format: string, description = ''): Table['columnDefinitions'][number] => ({ name, type: 'string', format, description, priority: 0 });
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: {},
    columnDefinitions: [col('Name', 'name', 'Name of the resource'), col('cpu', 'quantity'), col('memory', 'quantity'), col('Window', 'duration')],
    rows: items.map((item) => {
      const usage = 'usage' in item ? item.usage : sumUsage(item.containers.map((c) => c.usage));
      const row: Table['rows'][number] = { cells: [item.metadata.name, usage.cpu, usage.memory, item.window] };
      if (includeObject === 'Object') row.object = item;
      else if (includeObject === 'Metadata') row.object = { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: item.metadata };
      return row;
    }),
  };
}

function sumUsage(list: ResourceUsage[]): ResourceUsage {
  const add = (key: keyof ResourceUsage): string => list.reduce((sum, u) => sum.add(Quantity.parse(u[key])), Quantity.zero()).toString();
  return { cpu: add('cpu'), memory: add('memory') };
}
