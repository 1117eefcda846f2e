// Which nodes a DaemonSet's pod belongs on (upstream's NodeShouldRunDaemonPod): the template's nodeName,
// nodeSelector and required node affinity must match the node, and the pod — with the tolerations every
// daemon pod gets — must tolerate the node's NoSchedule and NoExecute taints. A node whose only untolerated
// taints are NoSchedule keeps the pods it already runs.
import type { DaemonSet } from 'kubernetes-types/apps/v1.js';
import type { Node, NodeSelectorRequirement, NodeSelectorTerm, PodSpec, Taint, Toleration } from 'kubernetes-types/core/v1.js';

export interface Eligibility {
  /** A daemon pod should be created here if none runs. */
  shouldRun: boolean;
  /** A daemon pod already running here may stay. */
  shouldContinueRunning: boolean;
}

const EXISTS = 'Exists';

/** The tolerations upstream adds to every daemon pod (AddOrUpdateDaemonPodTolerations). */
export function daemonTolerations(hostNetwork: boolean): Toleration[] {
  const t: Toleration[] = [
    { key: 'node.kubernetes.io/not-ready', operator: EXISTS, effect: 'NoExecute' },
    { key: 'node.kubernetes.io/unreachable', operator: EXISTS, effect: 'NoExecute' },
    { key: 'node.kubernetes.io/disk-pressure', operator: EXISTS, effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/memory-pressure', operator: EXISTS, effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/pid-pressure', operator: EXISTS, effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/unschedulable', operator: EXISTS, effect: 'NoSchedule' },
  ];
  if (hostNetwork) t.push({ key: 'node.kubernetes.io/network-unavailable', operator: EXISTS, effect: 'NoSchedule' });
  return t;
}

/**
 * The spec's tolerations plus the daemon ones. A toleration equal to a daemon one but for tolerationSeconds is
 * replaced in place (so a bounded not-ready toleration becomes unbounded), as upstream does.
 */
export function withDaemonTolerations(spec: PodSpec): Toleration[] {
  const result = [...(spec.tolerations ?? [])];
  for (const add of daemonTolerations(spec.hostNetwork === true)) {
    const i = result.findIndex((t) => (t.key ?? '') === add.key && (t.effect ?? '') === add.effect && (t.operator ?? '') === add.operator && (t.value ?? '') === '');
    if (i < 0) result.push(add);
    else if (result[i].tolerationSeconds !== undefined) result[i] = add;
  }
  return result;
}

/** v1.Toleration.ToleratesTaint. */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  switch (t.operator ?? '') {
    case '':
    case 'Equal':
      return (t.value ?? '') === (taint.value ?? '');
    case EXISTS:
      return true;
    default:
      return false;
  }
}

/** The first taint passing `filter` that no toleration tolerates. */
export function findUntoleratedTaint(taints: readonly Taint[], tolerations: readonly Toleration[], filter: (t: Taint) => boolean): Taint | undefined {
  return taints.find((taint) => filter(taint) && !tolerations.some((t) => toleratesTaint(t, taint)));
}

function requirementMatches(r: NodeSelectorRequirement, get: (key: string) => string | undefined): boolean {
  const value = get(r.key);
  const values = r.values ?? [];
  switch (r.operator) {
    case 'In':
      return value !== undefined && values.includes(value);
    case 'NotIn':
      return value === undefined || !values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
    case 'Lt': {
      if (value === undefined || values.length !== 1 || !/^-?\d+$/.test(value) || !/^-?\d+$/.test(values[0])) return false;
      const have = BigInt(value), want = BigInt(values[0]);
      return r.operator === 'Gt' ? have > want : have < want;
    }
    default:
      return false;
  }
}

/** A node selector term: its label expressions and its field expressions (only metadata.name) all hold. Empty selects nothing. */
export function nodeSelectorTermMatches(term: NodeSelectorTerm, node: Node): boolean {
  const exprs = term.matchExpressions ?? [], fields = term.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return false;
  const labels = node.metadata?.labels ?? {};
  const label = (k: string): string | undefined => (Object.prototype.hasOwnProperty.call(labels, k) ? labels[k] : undefined);
  const field = (k: string): string | undefined => (k === 'metadata.name' ? node.metadata?.name : undefined);
  return exprs.every((r) => requirementMatches(r, label)) &&
    fields.every((r) => r.key === 'metadata.name' && (r.operator === 'In' || r.operator === 'NotIn') && requirementMatches(r, field));
}

/** nodeSelector and requiredDuringSchedulingIgnoredDuringExecution node affinity (nodeaffinity.GetRequiredNodeAffinity). */
export function matchesRequiredNodeAffinity(spec: PodSpec, node: Node): boolean {
  const labels = node.metadata?.labels ?? {};
  for (const [k, v] of Object.entries(spec.nodeSelector ?? {})) if (labels[k] !== v) return false;
  const required = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (!required) return true;
  return (required.nodeSelectorTerms ?? []).some((term) => nodeSelectorTermMatches(term, node));
}

const noSchedule = (t: Taint): boolean => t.effect === 'NoSchedule' || t.effect === 'NoExecute';
const noExecute = (t: Taint): boolean => t.effect === 'NoExecute';

export function nodeShouldRunDaemonPod(node: Node, ds: DaemonSet): Eligibility {
  const spec: PodSpec = ds.spec?.template.spec ?? { containers: [] };
  const nodeName = node.metadata?.name ?? '';
  if (spec.nodeName && spec.nodeName !== nodeName) return { shouldRun: false, shouldContinueRunning: false };
  if (!matchesRequiredNodeAffinity(spec, node)) return { shouldRun: false, shouldContinueRunning: false };
  const taints = node.spec?.taints ?? [];
  const tolerations = withDaemonTolerations(spec);
  if (findUntoleratedTaint(taints, tolerations, noSchedule) === undefined) return { shouldRun: true, shouldContinueRunning: true };
  return { shouldRun: false, shouldContinueRunning: findUntoleratedTaint(taints, tolerations, noExecute) === undefined };
}
