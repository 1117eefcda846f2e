// Which nodes a DaemonSet's pod belongs on (upstream's NodeShouldRunDaemonPod): the template's nodeName,
// nodeSelector and required node affinity must match the node, and the pod — with the tolerations every
// daemon pod gets — must tolerate the node's NoSchedule and NoExecute taints. A node whose only untolerated
// taints are NoSchedule keeps the pods it already runs.
import type { DaemonSet } from 'kubernetes-types/apps/v1.js';
import type { Node, PodSpec, Toleration } from 'kubernetes-types/core/v1.js';
import { matchesRequiredNodeAffinity } from '../../../api/workloads/node-affinity.js';
import { findUntoleratedTaint, isNoExecute, isNoScheduleOrNoExecute } from '../../../api/workloads/tolerations.js';

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

export function nodeShouldRunDaemonPod(node: Node, ds: DaemonSet): Eligibility {
  const spec: PodSpec = ds.spec?.template.spec ?? { containers: [] };
  const nodeName = node.metadata?.name ?? '';
  if (spec.nodeName && spec.nodeName !== nodeName) return { shouldRun: false, shouldContinueRunning: false };
  if (!matchesRequiredNodeAffinity(spec, node)) return { shouldRun: false, shouldContinueRunning: false };
  const taints = node.spec?.taints ?? [];
  const tolerations = withDaemonTolerations(spec);
  if (findUntoleratedTaint(taints, tolerations, isNoScheduleOrNoExecute) === undefined) return { shouldRun: true, shouldContinueRunning: true };
  return { shouldRun: false, shouldContinueRunning: findUntoleratedTaint(taints, tolerations, isNoExecute) === undefined };
}
