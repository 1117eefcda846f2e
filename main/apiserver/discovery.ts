// API discovery: legacy (/api, /apis, /api/v1, /apis/{g}/{v}) and aggregated (apidiscovery.k8s.io/v2,
// answered on /api and /apis when asked for in Accept, as kubectl 1.32 does first).
import { GROUP_VERSIONS, resourceTypesIn, type ResourceType } from '../../api/resources/registry.js';
import { apiVersionOf } from '../../api/types/meta.js';
import { METRICS_GROUP, METRICS_VERSION, metricsApiGroup, metricsApiResources, metricsDiscoveryGroup } from './metrics/index.js';

export function apiVersions(serverAddress: string): object {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}

function namedGroups(): { group: string; version: string }[] {
  return GROUP_VERSIONS.filter((gv) => gv.group !== '');
}

function apiGroup(group: string): object {
  const versions = GROUP_VERSIONS.filter((gv) => gv.group === group).map((gv) => ({ groupVersion: apiVersionOf(gv.group, gv.version), version: gv.version }));
  return { name: group, versions, preferredVersion: versions[0] };
}

export function apiGroupList(): object {
  const names = [...new Set(namedGroups().map((gv) => gv.group))];
  // metrics.k8s.io is served by the API server itself (metrics-server's group; see metrics/).
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: [...names.map(apiGroup), metricsApiGroup()] };
}

export function apiGroupDoc(group: string): object | undefined {
  if (group === METRICS_GROUP) return { kind: 'APIGroup', apiVersion: 'v1', ...metricsApiGroup() };
  if (!namedGroups().some((gv) => gv.group === group)) return undefined;
  return { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(group) };
}

export function apiResourceList(group: string, version: string): object | undefined {
  if (group === METRICS_GROUP && version === METRICS_VERSION) {
    return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: apiVersionOf(group, version), resources: metricsApiResources() };
  }
  if (!GROUP_VERSIONS.some((gv) => gv.group === group && gv.version === version)) return undefined;
  const resources: object[] = [];
  for (const rt of resourceTypesIn(group, version)) {
    const entry: Record<string, unknown> = { name: rt.resource, singularName: rt.singular, namespaced: rt.namespaced, kind: rt.kind, verbs: rt.verbs };
    if (rt.shortNames.length > 0) entry.shortNames = rt.shortNames;
    if (rt.categories.length > 0) entry.categories = rt.categories;
    resources.push(entry);
    for (const sub of rt.subresources) {
      const s: Record<string, unknown> = { name: `${rt.resource}/${sub.name}`, singularName: '', namespaced: rt.namespaced, kind: sub.kind, verbs: sub.verbs };
      if (sub.group !== undefined) s.group = sub.group;
      if (sub.version !== undefined) s.version = sub.version;
      resources.push(s);
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: apiVersionOf(group, version), resources };
}

function discoveryResource(rt: ResourceType): object {
  const r: Record<string, unknown> = {
    resource: rt.resource,
    responseKind: { group: rt.group, version: rt.version, kind: rt.kind },
    scope: rt.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: rt.singular,
    verbs: rt.verbs,
  };
  if (rt.shortNames.length > 0) r.shortNames = rt.shortNames;
  if (rt.categories.length > 0) r.categories = rt.categories;
  if (rt.subresources.length > 0) {
    r.subresources = rt.subresources.map((s) => ({
      subresource: s.name,
      responseKind: { group: s.group ?? rt.group, version: s.version ?? rt.version, kind: s.kind },
      verbs: s.verbs,
    }));
  }
  return r;
}

/** Aggregated discovery for the core group (/api) or the named groups (/apis). */
export function aggregatedDiscovery(core: boolean, version: 'v2' | 'v2beta1'): object {
  const gvs = GROUP_VERSIONS.filter((gv) => (gv.group === '') === core);
  const groups = [...new Set(gvs.map((gv) => gv.group))];
  const metrics = core ? [] : [metricsDiscoveryGroup()];
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: `apidiscovery.k8s.io/${version}`,
    metadata: {},
    items: [...groups.map((group) => ({
      metadata: { name: group },
      versions: gvs.filter((gv) => gv.group === group).map((gv) => ({
        version: gv.version,
        freshness: 'Current',
        resources: resourceTypesIn(gv.group, gv.version).map(discoveryResource),
      })),
    })), ...metrics],
  };
}
