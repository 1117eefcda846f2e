// What an agent answers a stats request with: usage rates over its last sampling window for the node
// and for each running container of its pods (the agent computes them from cumulative counters, as
// cAdvisor does for the kubelet). It crosses a process boundary, so the API server checks it here.
import { isObject } from '../../api/types/meta.js';

export interface Usage {
  /** When the later of the two samples was taken (RFC 3339 with milliseconds). */
  timestamp: string;
  /** Milliseconds between the two samples the rate is computed over. */
  windowMs: number;
  /** CPU in billionths of a core, averaged over the window. */
  cpuNanoCores: number;
  /** Working set at the later sample. */
  memoryWorkingSetBytes: number;
}

export interface ContainerStats {
  name: string;
  usage: Usage;
}

export interface PodStats {
  namespace: string;
  name: string;
  uid: string;
  containers: ContainerStats[];
}

export interface StatsSummary {
  /** Absent when the node's own counters could not be read (no /proc). */
  node?: Usage;
  pods: PodStats[];
}

export class StatsSummaryError extends Error {}

export function parseStatsSummary(v: unknown): StatsSummary {
  if (!isObject(v)) throw new StatsSummaryError('stats summary must be an object');
  if (!Array.isArray(v.pods)) throw new StatsSummaryError('pods must be a list');
  const out: StatsSummary = { pods: v.pods.map((p, i) => podOf(p, `pods[${i}]`)) };
  if (v.node !== undefined) out.node = usageOf(v.node, 'node');
  return out;
}

function podOf(v: unknown, at: string): PodStats {
  if (!isObject(v)) throw new StatsSummaryError(`${at} must be an object`);
  if (!Array.isArray(v.containers)) throw new StatsSummaryError(`${at}.containers must be a list`);
  return {
    namespace: str(v.namespace, `${at}.namespace`),
    name: str(v.name, `${at}.name`),
    uid: str(v.uid, `${at}.uid`),
    containers: v.containers.map((c, i) => {
      const where = `${at}.containers[${i}]`;
      if (!isObject(c)) throw new StatsSummaryError(`${where} must be an object`);
      return { name: str(c.name, `${where}.name`), usage: usageOf(c.usage, `${where}.usage`) };
    }),
  };
}

function usageOf(v: unknown, at: string): Usage {
  if (!isObject(v)) throw new StatsSummaryError(`${at} must be an object`);
  const timestamp = str(v.timestamp, `${at}.timestamp`);
  if (Number.isNaN(Date.parse(timestamp))) throw new StatsSummaryError(`${at}.timestamp must be an RFC 3339 time`);
  return {
    timestamp,
    windowMs: count(v.windowMs, `${at}.windowMs`),
    cpuNanoCores: count(v.cpuNanoCores, `${at}.cpuNanoCores`),
    memoryWorkingSetBytes: count(v.memoryWorkingSetBytes, `${at}.memoryWorkingSetBytes`),
  };
}

function str(v: unknown, field: string): string {
  if (typeof v !== 'string' || v === '') throw new StatsSummaryError(`${field} must be a non-empty string`);
  return v;
}

function count(v: unknown, field: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw new StatsSummaryError(`${field} must be a non-negative integer`);
  return v;
}
