// What the scheduler needs to know about a pod, worked out once per pod object (informer objects are
// immutable, so a WeakMap keyed by the object is a safe cache): requests, host ports, tolerations,
// compiled node affinity, and the key its spreading is counted under.
import type { Pod, Toleration } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../../api/types/meta.js';
import { controllerOf } from '../../api/workloads/owners.js';
import { preferredNodeMatchers, requiredNodeMatcher, requiredNodeNames, type NodeMatcher, type WeightedMatcher } from '../../api/workloads/node-affinity.js';
import { podNonZeroRequests, podRequests, type Resources } from './resources.js';

export interface HostPort {
  ip: string;
  protocol: string;
  port: number;
}

export interface PodInfo {
  pod: KubeObject;
  /** namespace/name */
  key: string;
  uid: string;
  namespace: string;
  name: string;
  priority: number;
  preemptNever: boolean;
  requests: Resources;
  nonZero: { milliCpu: number; memory: number };
  hostPorts: HostPort[];
  tolerations: Toleration[];
  requiredNodeName: string | undefined;
  required: NodeMatcher | undefined;
  /** The only nodes required affinity allows by name (NodeAffinity's PreFilter result), if it names them. */
  nodeNames: Set<string> | undefined;
  preferred: WeightedMatcher[];
  /** Pods sharing this key are spread apart (namespace/controller uid); undefined when not spread. */
  spreadKey: string | undefined;
  terminating: boolean;
  /** creationTimestamp in ms, for queue order. */
  created: number;
}

/** Controllers whose pods the default topology spreading applies to (upstream's DefaultSelector sources). */
const SPREAD_OWNERS = new Set(['ReplicaSet', 'ReplicationController', 'StatefulSet']);

const cache = new WeakMap<KubeObject, PodInfo>();

export function podInfoOf(obj: KubeObject): PodInfo {
  let info = cache.get(obj);
  if (!info) {
    info = build(obj);
    cache.set(obj, info);
  }
  return info;
}

function build(obj: KubeObject): PodInfo {
  const pod = obj as KubeObject & Pod;
  const spec = pod.spec;
  const namespace = obj.metadata.namespace ?? '';
  const name = obj.metadata.name ?? '';
  const hostPorts: HostPort[] = [];
  for (const c of spec?.containers ?? []) {
    for (const p of c.ports ?? []) {
      if (p.hostPort && p.hostPort > 0) hostPorts.push({ ip: p.hostIP || '0.0.0.0', protocol: p.protocol || 'TCP', port: p.hostPort });
    }
  }
  const owner = controllerOf(obj);
  const created = Date.parse(obj.metadata.creationTimestamp ?? '');
  return {
    pod: obj,
    key: `${namespace}/${name}`,
    uid: obj.metadata.uid ?? '',
    namespace,
    name,
    priority: spec?.priority ?? 0,
    preemptNever: spec?.preemptionPolicy === 'Never',
    requests: podRequests(pod),
    nonZero: podNonZeroRequests(pod),
    hostPorts,
    tolerations: spec?.tolerations ? [...spec.tolerations] : [],
    requiredNodeName: spec?.nodeName || undefined,
    required: requiredNodeMatcher(spec),
    nodeNames: requiredNodeNames(spec),
    preferred: preferredNodeMatchers(spec),
    spreadKey: owner && SPREAD_OWNERS.has(owner.kind) ? `${namespace}/${owner.uid}` : undefined,
    terminating: obj.metadata.deletionTimestamp !== undefined && obj.metadata.deletionTimestamp !== null,
    created: Number.isFinite(created) ? created : 0,
  };
}

/** Pods this profile schedules: schedulerName unset or "default-scheduler". */
export function isResponsibleFor(obj: KubeObject): boolean {
  const name = (obj as KubeObject & Pod).spec?.schedulerName;
  return name === undefined || name === '' || name === 'default-scheduler';
}

export function assignedNode(obj: KubeObject): string | undefined {
  return (obj as KubeObject & Pod).spec?.nodeName || undefined;
}

export function isTerminated(obj: KubeObject): boolean {
  const phase = (obj as KubeObject & Pod).status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

export function hasSchedulingGates(obj: KubeObject): boolean {
  return ((obj as KubeObject & Pod).spec?.schedulingGates?.length ?? 0) > 0;
}
