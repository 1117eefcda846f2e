// metrics.k8s.io/v1beta1: CPU and memory use per node and pod (from the agents' stats). The API may be
// absent (404): callers then show "metrics unavailable".
import { Quantity } from '@api/quantity/quantity.js';
import type { ObjectMeta } from '@api/types/meta.js';
import { isApiError, type ApiClient } from './client.js';

export interface Usage {
  /** CPU in millicores. */
  cpuMilli: number;
  memoryBytes: number;
}

interface ResourceUsage {
  cpu?: string;
  memory?: string;
}

export interface NodeMetrics {
  metadata: ObjectMeta;
  timestamp?: string;
  window?: string;
  usage: ResourceUsage;
}

export interface PodMetrics {
  metadata: ObjectMeta;
  timestamp?: string;
  window?: string;
  containers: { name: string; usage: ResourceUsage }[];
}

export interface MetricsSample {
  at: number;
  nodes: Map<string, Usage>;
  /** By "namespace/name". */
  pods: Map<string, Usage>;
}

const BASE = '/apis/metrics.k8s.io/v1beta1';

export function usageOf(u: ResourceUsage | undefined): Usage {
  return { cpuMilli: quantity(u?.cpu, -3), memoryBytes: quantity(u?.memory, 0) };
}

function quantity(text: string | undefined, scale: number): number {
  const q = text === undefined ? undefined : Quantity.tryParse(text);
  return q ? Number(q.scaledValue(scale).value) : 0;
}

/** One reading of all node and pod metrics, or undefined when the metrics API is not served. */
export async function fetchMetrics(client: ApiClient, now = Date.now()): Promise<MetricsSample | undefined> {
  try {
    const [nodes, pods] = await Promise.all([
      client.json<{ items: NodeMetrics[] }>('GET', `${BASE}/nodes`),
      client.json<{ items: PodMetrics[] }>('GET', `${BASE}/pods`),
    ]);
    const sample: MetricsSample = { at: now, nodes: new Map(), pods: new Map() };
    for (const n of nodes.items ?? []) sample.nodes.set(n.metadata.name ?? '', usageOf(n.usage));
    for (const p of pods.items ?? []) {
      const total = { cpuMilli: 0, memoryBytes: 0 };
      for (const c of p.containers ?? []) {
        const u = usageOf(c.usage);
        total.cpuMilli += u.cpuMilli;
        total.memoryBytes += u.memoryBytes;
      }
      sample.pods.set(`${p.metadata.namespace ?? ''}/${p.metadata.name ?? ''}`, total);
    }
    return sample;
  } catch (err) {
    if (isApiError(err, 404) || isApiError(err, 503)) return undefined;
    throw err;
  }
}
