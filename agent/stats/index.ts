// agent/stats: the node's usage sampler (node counters from procfs, containers' from the engine) and
// the usage summary it serves to the API server's metrics API through the tunnel.
export { StatsSampler, DEFAULT_STATS_INTERVAL_MS, type StatsSamplerDeps, type StatsSamplerOptions } from './sampler.js';
export { readHostCounters, type HostCounters } from './proc.js';
