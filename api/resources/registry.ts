// The resource types Skiff serves: one table that discovery, routing, storage keys, OpenAPI and the
// GUI all read. Names, short names and categories are Kubernetes' own, so kubectl's `get po`, `get all`
// and `api-resources` behave as on a real cluster.
import { apiVersionOf } from '../types/meta.js';

export type Verb = 'create' | 'delete' | 'deletecollection' | 'get' | 'list' | 'patch' | 'update' | 'watch';

export interface Subresource {
  name: string;
  kind: string;
  /** Group and version of the subresource's kind when they differ from the parent's (Scale is autoscaling/v1). */
  group?: string;
  version?: string;
  verbs: string[];
}

export interface ResourceType {
  group: string;
  version: string;
  /** Plural, lower-case: the URL segment ("pods"). */
  resource: string;
  singular: string;
  kind: string;
  listKind: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  verbs: Verb[];
  subresources: Subresource[];
  /** The OpenAPI component that describes the kind ("io.k8s.api.core.v1.Pod"). */
  schema: string;
}

const ALL: Verb[] = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const NO_DELETECOLLECTION: Verb[] = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];

const status = (kind: string): Subresource => ({ name: 'status', kind, verbs: ['get', 'patch', 'update'] });
const scale: Subresource = { name: 'scale', kind: 'Scale', group: 'autoscaling', version: 'v1', verbs: ['get', 'patch', 'update'] };

interface Spec {
  group: string;
  version: string;
  resource: string;
  kind: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  verbs?: Verb[];
  subresources?: Subresource[];
  schemaPackage: string;
}

function define(s: Spec): ResourceType {
  return {
    group: s.group,
    version: s.version,
    resource: s.resource,
    singular: s.kind.toLowerCase(),
    kind: s.kind,
    listKind: `${s.kind}List`,
    namespaced: s.namespaced,
    shortNames: s.shortNames ?? [],
    categories: s.categories ?? [],
    verbs: s.verbs ?? ALL,
    subresources: s.subresources ?? [],
    schema: `${s.schemaPackage}.${s.kind}`,
  };
}

const core = 'io.k8s.api.core.v1';
const apps = 'io.k8s.api.apps.v1';
const batch = 'io.k8s.api.batch.v1';

export const RESOURCE_TYPES: readonly ResourceType[] = [
  define({ group: '', version: 'v1', resource: 'configmaps', kind: 'ConfigMap', namespaced: true, shortNames: ['cm'], schemaPackage: core }),
  define({ group: '', version: 'v1', resource: 'endpoints', kind: 'Endpoints', namespaced: true, shortNames: ['ep'], schemaPackage: core }),
  define({ group: '', version: 'v1', resource: 'events', kind: 'Event', namespaced: true, shortNames: ['ev'], schemaPackage: core }),
  define({
    group: '', version: 'v1', resource: 'namespaces', kind: 'Namespace', namespaced: false, shortNames: ['ns'],
    verbs: NO_DELETECOLLECTION, schemaPackage: core,
    subresources: [{ name: 'finalize', kind: 'Namespace', verbs: ['update'] }, status('Namespace')],
  }),
  define({
    group: '', version: 'v1', resource: 'nodes', kind: 'Node', namespaced: false, shortNames: ['no'], schemaPackage: core,
    subresources: [status('Node')],
  }),
  define({
    group: '', version: 'v1', resource: 'pods', kind: 'Pod', namespaced: true, shortNames: ['po'], categories: ['all'], schemaPackage: core,
    subresources: [
      { name: 'attach', kind: 'PodAttachOptions', verbs: ['create', 'get'] },
      { name: 'binding', kind: 'Binding', verbs: ['create'] },
      { name: 'eviction', kind: 'Eviction', group: 'policy', version: 'v1', verbs: ['create'] },
      { name: 'exec', kind: 'PodExecOptions', verbs: ['create', 'get'] },
      { name: 'log', kind: 'Pod', verbs: ['get'] },
      { name: 'portforward', kind: 'PodPortForwardOptions', verbs: ['create', 'get'] },
      status('Pod'),
    ],
  }),
  define({
    group: '', version: 'v1', resource: 'replicationcontrollers', kind: 'ReplicationController', namespaced: true, shortNames: ['rc'],
    categories: ['all'], schemaPackage: core, subresources: [scale, status('ReplicationController')],
  }),
  define({ group: '', version: 'v1', resource: 'secrets', kind: 'Secret', namespaced: true, schemaPackage: core }),
  define({ group: '', version: 'v1', resource: 'serviceaccounts', kind: 'ServiceAccount', namespaced: true, shortNames: ['sa'], schemaPackage: core }),
  define({
    group: '', version: 'v1', resource: 'services', kind: 'Service', namespaced: true, shortNames: ['svc'], categories: ['all'],
    schemaPackage: core, subresources: [status('Service')],
  }),
  define({ group: 'apps', version: 'v1', resource: 'controllerrevisions', kind: 'ControllerRevision', namespaced: true, schemaPackage: apps }),
  define({
    group: 'apps', version: 'v1', resource: 'daemonsets', kind: 'DaemonSet', namespaced: true, shortNames: ['ds'], categories: ['all'],
    schemaPackage: apps, subresources: [status('DaemonSet')],
  }),
  define({
    group: 'apps', version: 'v1', resource: 'deployments', kind: 'Deployment', namespaced: true, shortNames: ['deploy'], categories: ['all'],
    schemaPackage: apps, subresources: [scale, status('Deployment')],
  }),
  define({
    group: 'apps', version: 'v1', resource: 'replicasets', kind: 'ReplicaSet', namespaced: true, shortNames: ['rs'], categories: ['all'],
    schemaPackage: apps, subresources: [scale, status('ReplicaSet')],
  }),
  define({
    group: 'batch', version: 'v1', resource: 'cronjobs', kind: 'CronJob', namespaced: true, shortNames: ['cj'], categories: ['all'],
    schemaPackage: batch, subresources: [status('CronJob')],
  }),
  define({
    group: 'batch', version: 'v1', resource: 'jobs', kind: 'Job', namespaced: true, categories: ['all'],
    schemaPackage: batch, subresources: [status('Job')],
  }),
  define({ group: 'coordination.k8s.io', version: 'v1', resource: 'leases', kind: 'Lease', namespaced: true, schemaPackage: 'io.k8s.api.coordination.v1' }),
  define({ group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices', kind: 'EndpointSlice', namespaced: true, schemaPackage: 'io.k8s.api.discovery.v1' }),
];

/** Groups in the order discovery lists them; the core group ("") first. */
export const GROUP_VERSIONS: readonly { group: string; version: string }[] = [
  { group: '', version: 'v1' },
  { group: 'apps', version: 'v1' },
  { group: 'batch', version: 'v1' },
  { group: 'coordination.k8s.io', version: 'v1' },
  { group: 'discovery.k8s.io', version: 'v1' },
];

export function resourceTypesIn(group: string, version: string): ResourceType[] {
  return RESOURCE_TYPES.filter((r) => r.group === group && r.version === version);
}

export function findResource(group: string, version: string, resource: string): ResourceType | undefined {
  return RESOURCE_TYPES.find((r) => r.group === group && r.version === version && r.resource === resource);
}

export function findKind(apiVersion: string, kind: string): ResourceType | undefined {
  return RESOURCE_TYPES.find((r) => apiVersionOf(r.group, r.version) === apiVersion && r.kind === kind);
}

export function apiVersionOfType(r: ResourceType): string {
  return apiVersionOf(r.group, r.version);
}
