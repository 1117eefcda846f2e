// agent/tunnel: the agent's end of the tunnel to the API server, serving pods/log, exec, attach and
// portforward for this node's pods, and the node's usage summary for the metrics API.
import type Dockerode from 'dockerode';
import type { HttpCredentials } from '../../client/http-transport.js';
import type { Logger } from '../logger.js';
import type { ContainerRuntime } from '../runtime/types.js';
import { serveStream } from './serve.js';
import type { StatsSource } from './serve-stats.js';
import { TunnelClient } from './tunnel-client.js';

export { TunnelClient } from './tunnel-client.js';
export type { StatsSource } from './serve-stats.js';

export interface AgentTunnelOptions {
  credentials: HttpCredentials;
  nodeName: string;
  runtime: Pick<ContainerRuntime, 'list' | 'exec'>;
  docker: Dockerode;
  log: Logger;
  /** Answers stats requests (without it they are refused with 503). */
  stats?: StatsSource;
  keepaliveMs?: number;
  backoff?: { initialMs: number; maxMs: number };
}

/** Connects (and keeps reconnecting) until `stop()`. */
export function startAgentTunnel(o: AgentTunnelOptions): TunnelClient {
  const deps = { runtime: o.runtime, docker: o.docker, log: o.log, clock: () => new Date(), stats: o.stats };
  const client = new TunnelClient({
    credentials: o.credentials,
    nodeName: o.nodeName,
    log: o.log,
    keepaliveMs: o.keepaliveMs,
    backoff: o.backoff,
    onStream: (stream, request) => serveStream(stream, request, deps),
  });
  client.start();
  return client;
}
