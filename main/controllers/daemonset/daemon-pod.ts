// The pods a DaemonSet creates, and how they are grouped by node. Each pod is pinned to its node with a required
// node affinity `matchFields metadata.name In [node]` and left for the scheduler to bind (upstream since 1.12),
// carries the daemon tolerations, and is labelled with the revision hash and template generation.
import type { DaemonSet } from 'kubernetes-types/apps/v1.js';
import type { Affinity, Node, Pod, PodSpec } from 'kubernetes-types/core/v1.js';
import type { KubeObject, OwnerReference } from '../../../api/types/meta.js';
import { HASH_LABEL, TEMPLATE_GENERATION_LABEL } from './revision.js';
import { withDaemonTolerations, type Eligibility } from './node-eligibility.js';

export type DaemonSetObject = KubeObject & DaemonSet;
export type PodObject = KubeObject & Pod;

/** Where a DaemonSet's pods are against where they belong: what manage, rolling update and status work from. */
export interface NodePlacement {
  nodes: readonly Node[];
  eligibility: (node: Node) => Eligibility;
  /** The pods by the node they run on or are pinned to (podsByNode). */
  byNode: ReadonlyMap<string, readonly PodObject[]>;
  /** The current revision's hash. */
  hash: string;
  now: Date;
}

export function daemonSetRef(ds: DaemonSetObject): OwnerReference {
  return { apiVersion: 'apps/v1', kind: 'DaemonSet', name: ds.metadata.name!, uid: ds.metadata.uid!, controller: true, blockOwnerDeletion: true };
}

/** Replaces any required node affinity with one naming exactly this node (ReplaceDaemonSetPodNodeNameNodeAffinity). */
export function pinToNode(affinity: Affinity | undefined, nodeName: string): Affinity {
  const required = { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [nodeName] }] }] };
  const a = structuredClone(affinity ?? {});
  a.nodeAffinity = { ...a.nodeAffinity, requiredDuringSchedulingIgnoredDuringExecution: required };
  return a;
}

/** The pod to create for `nodeName`, named `<ds>-<random>` by the server. */
export function daemonPodFor(ds: DaemonSetObject, nodeName: string, hash: string, generation: string | undefined): PodObject {
  const template = ds.spec?.template ?? {};
  const tmeta = template.metadata ?? {};
  const labels: Record<string, string> = { ...tmeta.labels };
  if (generation !== undefined) labels[TEMPLATE_GENERATION_LABEL] = generation;
  labels[HASH_LABEL] = hash;
  const spec = structuredClone(template.spec ?? { containers: [] }) as PodSpec;
  spec.tolerations = withDaemonTolerations(spec);
  spec.affinity = pinToNode(spec.affinity, nodeName);
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: `${ds.metadata.name}-`,
      namespace: ds.metadata.namespace,
      labels,
      ...(tmeta.annotations ? { annotations: { ...tmeta.annotations } } : {}),
      ...(tmeta.finalizers ? { finalizers: [...tmeta.finalizers] } : {}),
      ownerReferences: [daemonSetRef(ds)],
    },
    spec,
  };
}

/**
 * The node a daemon pod is for: its spec.nodeName once bound, else the node its affinity pins it to
 * (GetTargetNodeName); undefined when neither says.
 */
export function targetNodeName(pod: Pod): string | undefined {
  if (pod.spec?.nodeName) return pod.spec.nodeName;
  for (const term of pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? []) {
    for (const r of term.matchFields ?? []) {
      if (r.key === 'metadata.name' && r.operator === 'In') return r.values?.length === 1 ? r.values[0] : undefined;
    }
  }
  return undefined;
}

const isTerminal = (p: Pod): boolean => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';

/** Groups pods by target node, leaving out finished pods already being deleted (nothing left to do with them). */
export function podsByNode(pods: readonly PodObject[]): Map<string, PodObject[]> {
  const m = new Map<string, PodObject[]>();
  for (const pod of pods) {
    if (isTerminal(pod) && pod.metadata.deletionTimestamp !== undefined) continue;
    const node = targetNodeName(pod);
    if (node === undefined) continue;
    const list = m.get(node);
    if (list) list.push(pod);
    else m.set(node, [pod]);
  }
  return m;
}

/** Bound pods first, then oldest first, then by name (podByCreationTimestampAndPhase). */
export function compareDaemonPods(a: Pod, b: Pod): number {
  const an = a.spec?.nodeName ? 0 : 1, bn = b.spec?.nodeName ? 0 : 1;
  if (an !== bn) return an - bn;
  const at = Date.parse(a.metadata?.creationTimestamp ?? '') || 0, bt = Date.parse(b.metadata?.creationTimestamp ?? '') || 0;
  if (at !== bt) return at - bt;
  const aName = a.metadata?.name ?? '', bName = b.metadata?.name ?? '';
  return aName < bName ? -1 : aName > bName ? 1 : 0;
}

/** Current when its hash label names the current revision (upstream's generation comparison never matches). */
export function isPodUpdated(pod: Pod, hash: string): boolean {
  return hash !== '' && pod.metadata?.labels?.[HASH_LABEL] === hash;
}
