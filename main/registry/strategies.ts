// Per-resource behaviour of the generic registry, as Kubernetes' REST strategies define it.
import type { KubeObject } from '../../api/types/meta.js';
import type { ResourceType } from '../../api/resources/registry.js';

export interface Strategy {
  /** metadata.generation is set on create and bumped on spec changes. */
  generation: boolean;
  /** Status is written only through the status subresource. */
  statusSubresource: boolean;
  /** PUT of a missing object creates it. */
  allowCreateOnUpdate: boolean;
  /** Default grace period for DELETE (pods: the spec's terminationGracePeriodSeconds). */
  gracefulDelete: boolean;
  /** Adjusts a new object before validation (status reset, computed fields). */
  prepareForCreate?(obj: KubeObject): void;
  /** Canonicalises every write, create or update (Secret.stringData folds into data). */
  normalize?(obj: KubeObject): void;
  /** Finalizers that hold a deleted object: metadata.finalizers, and a Namespace's spec.finalizers. */
  finalizers(obj: KubeObject): string[];
  /** Marks an object whose deletion waits (a Namespace turns Terminating). */
  markDeleting?(obj: KubeObject): void;
  /** Adjusts an update after defaults (a DaemonSet's template generation). */
  prepareForUpdate?(next: KubeObject, old: KubeObject): void;
}

const GENERATION = new Set(['deployments', 'replicasets', 'replicationcontrollers', 'daemonsets', 'statefulsets', 'jobs', 'cronjobs']);
const CREATE_ON_UPDATE = new Set(['endpoints', 'leases', 'events', 'endpointslices']);

export function strategyFor(rt: ResourceType): Strategy {
  const statusSubresource = rt.subresources.some((s) => s.name === 'status');
  const isNamespace = rt.group === '' && rt.resource === 'namespaces';
  return {
    generation: GENERATION.has(rt.resource),
    statusSubresource,
    allowCreateOnUpdate: CREATE_ON_UPDATE.has(rt.resource),
    gracefulDelete: rt.group === '' && rt.resource === 'pods',
    prepareForCreate: PREPARE[rt.resource as keyof typeof PREPARE],
    normalize: rt.group === '' && rt.resource === 'secrets' ? foldStringData : undefined,
    finalizers: isNamespace ? namespaceFinalizers : (obj) => obj.metadata.finalizers ?? [],
    markDeleting: isNamespace ? (ns) => { ns.status = { ...(ns.status as object | undefined), phase: 'Terminating' }; } : undefined,
    prepareForUpdate: rt.group === 'apps' && rt.resource === 'daemonsets' ? bumpTemplateGeneration : undefined,
  };
}

const TEMPLATE_GENERATION = 'deprecated.daemonset.template.generation';

/** apps/v1 keeps a DaemonSet's template generation in an annotation: 1 at creation, +1 per template change. */
function setTemplateGeneration(ds: KubeObject, value: number): void {
  ds.metadata.annotations = { ...ds.metadata.annotations, [TEMPLATE_GENERATION]: String(value) };
}

function bumpTemplateGeneration(next: KubeObject, old: KubeObject): void {
  const prev = Number(old.metadata.annotations?.[TEMPLATE_GENERATION] ?? 1);
  const changed = JSON.stringify((next.spec as { template?: unknown } | undefined)?.template) !== JSON.stringify((old.spec as { template?: unknown } | undefined)?.template);
  setTemplateGeneration(next, changed ? prev + 1 : prev);
}

function namespaceFinalizers(ns: KubeObject): string[] {
  const spec = (ns.spec ?? {}) as { finalizers?: string[] };
  return [...(ns.metadata.finalizers ?? []), ...(spec.finalizers ?? [])];
}

/** Secret.stringData is write-only: its entries become base64 data entries, and it is never stored. */
function foldStringData(secret: KubeObject): void {
  const stringData = secret.stringData as Record<string, string> | undefined;
  if (stringData === undefined) return;
  const data = { ...((secret.data ?? {}) as Record<string, string>) };
  for (const [k, v] of Object.entries(stringData)) data[k] = Buffer.from(v, 'utf8').toString('base64');
  secret.data = data;
  delete secret.stringData;
}

const PREPARE = {
  pods(pod: KubeObject): void {
    const spec = (pod.spec ?? {}) as Record<string, unknown>;
    pod.status = { phase: 'Pending', qosClass: qosClass(spec) };
  },
  namespaces(ns: KubeObject): void {
    ns.status = { phase: 'Active' };
  },
  deployments: resetStatus,
  daemonsets(ds: KubeObject): void {
    resetStatus(ds);
    setTemplateGeneration(ds, 1);
  },
  replicasets: resetStatus,
  replicationcontrollers: resetStatus,
  jobs: resetStatus,
  cronjobs: resetStatus,
  services(svc: KubeObject): void {
    svc.status = { loadBalancer: {} };
  },
  nodes(node: KubeObject): void {
    // A Node may arrive with status (the agent registers itself with capacity); keep it.
    node.status ??= {};
  },
};

function resetStatus(obj: KubeObject): void {
  obj.status = {};
}

type ResourceMap = Record<string, string | undefined>;
interface ContainerLike { resources?: { requests?: ResourceMap; limits?: ResourceMap } }

/** The pod's QoS class: Guaranteed, Burstable or BestEffort (as the real apiserver computes it). */
function qosClass(spec: Record<string, unknown>): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const containers = [...((spec.containers ?? []) as ContainerLike[]), ...((spec.initContainers ?? []) as ContainerLike[])];
  let any = false;
  let guaranteed = containers.length > 0;
  for (const c of containers) {
    const req = c.resources?.requests ?? {}, lim = c.resources?.limits ?? {};
    for (const r of ['cpu', 'memory']) {
      if (req[r] !== undefined || lim[r] !== undefined) any = true;
      const l = lim[r];
      const q = req[r] ?? l;
      if (l === undefined || q !== l) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}
