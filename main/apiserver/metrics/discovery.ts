// metrics.k8s.io/v1beta1 as discovery lists it: the group metrics-server registers (an APIService in a
// real cluster), with NodeMetrics (cluster-scoped) and PodMetrics (namespaced), get and list only.
export const METRICS_GROUP = 'metrics.k8s.io';
export const METRICS_VERSION = 'v1beta1';
export const METRICS_GROUP_VERSION = `${METRICS_GROUP}/${METRICS_VERSION}`;

export interface MetricsResource {
  resource: 'nodes' | 'pods';
  kind: 'NodeMetrics' | 'PodMetrics';
  listKind: 'NodeMetricsList' | 'PodMetricsList';
  namespaced: boolean;
}

export const METRICS_RESOURCES: readonly MetricsResource[] = [
  { resource: 'nodes', kind: 'NodeMetrics', listKind: 'NodeMetricsList', namespaced: false },
  { resource: 'pods', kind: 'PodMetrics', listKind: 'PodMetricsList', namespaced: true },
];

const VERBS = ['get', 'list'];

/** The group as /apis and /apis/metrics.k8s.io list it. */
export function metricsApiGroup(): { name: string; versions: object[]; preferredVersion: object } {
  const version = { groupVersion: METRICS_GROUP_VERSION, version: METRICS_VERSION };
  return { name: METRICS_GROUP, versions: [version], preferredVersion: version };
}

/** The resources as /apis/metrics.k8s.io/v1beta1 lists them (metrics-server leaves singularName empty). */
export function metricsApiResources(): object[] {
  return METRICS_RESOURCES.map((r) => ({ name: r.resource, singularName: '', namespaced: r.namespaced, kind: r.kind, verbs: VERBS }));
}

/** The group's entry in aggregated discovery (apidiscovery.k8s.io APIGroupDiscovery), as kube-apiserver converts metrics-server's. */
export function metricsDiscoveryGroup(): object {
  return {
    metadata: { name: METRICS_GROUP },
    versions: [{
      version: METRICS_VERSION,
      freshness: 'Current',
      resources: METRICS_RESOURCES.map((r) => ({
        resource: r.resource,
        responseKind: { group: METRICS_GROUP, version: METRICS_VERSION, kind: r.kind },
        scope: r.namespaced ? 'Namespaced' : 'Cluster',
        singularResource: '',
        verbs: VERBS,
      })),
    }],
  };
}
