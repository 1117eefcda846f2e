// The node's usage sampler: every interval it reads the node's counters and the engine's stats of each
// running container of this node's pods (one call per container, a few at a time), keeps the last two
// samples of each, and answers the metrics API's question — usage over the last window — from memory.
import type { PodStats, StatsSummary } from '../../client/tunnel/index.js';
import type { Logger } from '../logger.js';
import type { ContainerRuntime, PodRef } from '../runtime/types.js';
import type { HostCounters } from './proc.js';
import { Series } from './series.js';

export const DEFAULT_STATS_INTERVAL_MS = 10_000;
/**
 * Engine stats calls in flight at once. Each call waits one or two ticks of the engine's 1 s collector
 * whatever else is asked, so a few in parallel cost the engine no more than one and keep a sweep short.
 */
export const DEFAULT_STATS_CONCURRENCY = 8;

export interface StatsSamplerDeps {
  runtime: Pick<ContainerRuntime, 'list' | 'stats'>;
  /** The node's own counters; undefined where they cannot be read. */
  host: () => Promise<HostCounters | undefined>;
  /** Unix milliseconds. */
  now: () => number;
  log: Logger;
}

export interface StatsSamplerOptions {
  intervalMs?: number;
  concurrency?: number;
}

export interface ContainerSeries {
  pod: PodRef;
  name: string;
  series: Series;
}

export class StatsSampler {
  private readonly node = new Series();
  /** By engine container id: a restarted container is a new id and starts a new series. */
  private readonly containers = new Map<string, ContainerSeries>();
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  /** The last sweep overran the interval (warned once until sweeps keep time again). */
  private late = false;
  private readonly intervalMs: number;
  private readonly concurrency: number;

  constructor(private readonly deps: StatsSamplerDeps, opts: StatsSamplerOptions = {}) {
    this.intervalMs = opts.intervalMs ?? DEFAULT_STATS_INTERVAL_MS;
    this.concurrency = Math.max(1, opts.concurrency ?? DEFAULT_STATS_CONCURRENCY);
  }

  /** Samples now and then every interval (never two sweeps at once) until `stop()`. */
  start(): void {
    if (this.running) return;
    this.running = true;
    const loop = async (): Promise<void> => {
      const started = this.deps.now();
      await this.sample();
      if (!this.running) return;
      const took = this.deps.now() - started;
      if (took > this.intervalMs && !this.late) this.deps.log.warn({ ms: took, intervalMs: this.intervalMs, containers: this.containers.size }, 'stats sweeps take longer than the sampling interval');
      this.late = took > this.intervalMs;
      this.timer = setTimeout(() => void loop(), Math.max(0, this.intervalMs - took));
      this.timer.unref();
    };
    void loop();
  }

  /** Stops sampling; a sweep in flight finishes on its own and schedules no more. */
  stop(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** One sweep: the node's counters and every running container's. Never throws. */
  async sample(): Promise<void> {
    const started = performance.now();
    const host = await this.deps.host().catch(() => undefined);
    if (host) this.node.add({ timeMs: this.deps.now(), ...host });
    let listed;
    try {
      listed = await this.deps.runtime.list();
    } catch (err) {
      // Keep what we had: the engine may be restarting; the timestamps tell readers how old it is.
      this.deps.log.warn({ err: (err as Error).message }, 'stats: cannot list containers');
      return;
    }
    const running = listed.filter((c) => c.role !== 'sandbox' && c.state === 'running');
    let failed = 0;
    await forEachLimited(running, this.concurrency, async (c) => {
      let s;
      try {
        s = await this.deps.runtime.stats(c.id);
      } catch (err) {
        if (failed++ === 0) this.deps.log.debug({ container: c.id.slice(0, 12), err: (err as Error).message }, 'stats: engine stats failed');
        return;
      }
      if (!s) return;
      let entry = this.containers.get(c.id);
      if (!entry) {
        entry = { pod: c.pod, name: c.name, series: new Series() };
        this.containers.set(c.id, entry);
      }
      entry.series.add({ timeMs: this.deps.now(), cpuUsageNanos: s.cpuUsageNanos, memoryWorkingSetBytes: s.memoryWorkingSetBytes });
    });
    // Containers that stopped or went away are no longer usage.
    const seen = new Set(running.map((c) => c.id));
    for (const id of this.containers.keys()) if (!seen.has(id)) this.containers.delete(id);
    this.deps.log.debug({ containers: running.length, failed, ms: Math.round(performance.now() - started) }, 'stats sweep');
  }

  /** Usage over the last window of the node and of each pod's containers that have two samples. */
  summary(): StatsSummary {
    return buildSummary(this.node, this.containers.values());
  }
}

export function buildSummary(node: Series, containers: Iterable<ContainerSeries>): StatsSummary {
  const pods = new Map<string, PodStats>();
  for (const c of containers) {
    const usage = c.series.usage();
    if (!usage) continue;
    let pod = pods.get(c.pod.uid);
    if (!pod) {
      pod = { namespace: c.pod.namespace, name: c.pod.name, uid: c.pod.uid, containers: [] };
      pods.set(c.pod.uid, pod);
    }
    pod.containers.push({ name: c.name, usage });
  }
  const list = [...pods.values()].sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
  for (const p of list) p.containers.sort((a, b) => a.name.localeCompare(b.name));
  const nodeUsage = node.usage();
  return nodeUsage ? { node: nodeUsage, pods: list } : { pods: list };
}

/** Runs `fn` over `items` with at most `limit` calls in flight. */
async function forEachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
