// The fan-out behind every metrics request: the latest summary of each node asked about, from its agent
// through its tunnel, all nodes in parallel with a short deadline. A node without a tunnel, or whose
// agent does not answer in time, is simply absent (as a node metrics-server cannot scrape is).
import type { Logger } from 'pino';
import type { StatsSummary, TunnelConnection } from '../../../client/tunnel/index.js';
import { fetchSummary } from './fetch-summary.js';

export const DEFAULT_STATS_TIMEOUT_MS = 3000;

export interface CollectOptions {
  timeoutMs?: number;
  log: Logger;
}

// Requests that arrive together (a GUI polling, several kubectl top) share one question per agent.
const inFlight = new WeakMap<TunnelConnection, Promise<StatsSummary>>();

export async function collectSummaries(tunnels: { get(node: string): TunnelConnection | undefined }, nodes: Iterable<string>, o: CollectOptions): Promise<Map<string, StatsSummary>> {
  const out = new Map<string, StatsSummary>();
  await Promise.all([...new Set(nodes)].map(async (node) => {
    const tunnel = tunnels.get(node);
    if (!tunnel) return;
    let pending = inFlight.get(tunnel);
    if (!pending) {
      pending = fetchSummary(tunnel, o.timeoutMs ?? DEFAULT_STATS_TIMEOUT_MS).finally(() => inFlight.delete(tunnel));
      inFlight.set(tunnel, pending);
    }
    try {
      out.set(node, await pending);
    } catch (err) {
      o.log.warn({ node, err: (err as Error).message }, 'no stats from the node\'s agent');
    }
  }));
  return out;
}
