// main/apiserver/metrics: metrics.k8s.io/v1beta1 (what metrics-server serves in a real cluster), answered
// from the agents' usage summaries fetched through their tunnels: `kubectl top` and the GUI's charts.
export { parseMetricsPath, serveMetrics, type MetricsRequest, type MetricsContext } from './handler.js';
export { METRICS_GROUP, METRICS_VERSION, metricsApiGroup, metricsApiResources, metricsDiscoveryGroup } from './discovery.js';
export { collectSummaries, DEFAULT_STATS_TIMEOUT_MS } from './collect.js';
export type { NodeMetrics, PodMetrics, ResourceUsage } from './render.js';
