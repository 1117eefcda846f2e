// DaemonSet status as upstream counts it (updateDaemonSetStatus): per node that should run a pod, whether one is
// scheduled there and whether the oldest is ready, available and of the current revision; pods on nodes that
// should not run one are misscheduled.
import type { DaemonSetStatus } from 'kubernetes-types/apps/v1.js';
import { isPodAvailable, isPodReady, podCondition } from '../../../api/workloads/pods.js';
import { compareDaemonPods, isPodUpdated, type NodePlacement, type PodObject } from './daemon-pod.js';

export type StatusCounts = Required<Pick<DaemonSetStatus,
  'desiredNumberScheduled' | 'currentNumberScheduled' | 'numberMisscheduled' | 'numberReady' | 'updatedNumberScheduled' | 'numberAvailable' | 'numberUnavailable'>>;

export function computeStatus(input: NodePlacement & { minReadySeconds: number }): StatusCounts {
  const s: StatusCounts = { desiredNumberScheduled: 0, currentNumberScheduled: 0, numberMisscheduled: 0, numberReady: 0, updatedNumberScheduled: 0, numberAvailable: 0, numberUnavailable: 0 };
  for (const node of input.nodes) {
    const pods = input.byNode.get(node.metadata?.name ?? '') ?? [];
    if (!input.eligibility(node).shouldRun) {
      if (pods.length > 0) s.numberMisscheduled++;
      continue;
    }
    s.desiredNumberScheduled++;
    if (pods.length === 0) continue;
    s.currentNumberScheduled++;
    const pod = [...pods].sort(compareDaemonPods)[0];
    if (isPodReady(pod)) {
      s.numberReady++;
      if (isPodAvailable(pod, input.minReadySeconds, input.now)) s.numberAvailable++;
    }
    if (isPodUpdated(pod, input.hash)) s.updatedNumberScheduled++;
  }
  s.numberUnavailable = s.desiredNumberScheduled - s.numberAvailable;
  return s;
}

/** True when the stored status already says all this (no write needed). */
export function statusUpToDate(status: DaemonSetStatus | undefined, counts: StatusCounts, generation: number | undefined, observeGeneration: boolean): boolean {
  const st = status ?? ({} as DaemonSetStatus);
  for (const [k, v] of Object.entries(counts) as [keyof StatusCounts, number][]) if ((st[k] ?? 0) !== v) return false;
  return !observeGeneration || (st.observedGeneration ?? 0) >= (generation ?? 0);
}

/**
 * Milliseconds until the first ready-but-not-yet-available pod turns available (nothing announces that
 * moment), or undefined when none is waiting.
 */
export function nextAvailableInMs(pods: readonly PodObject[], minReadySeconds: number, now: Date): number | undefined {
  if (minReadySeconds <= 0) return undefined;
  let next: number | undefined;
  for (const pod of pods) {
    if (!isPodReady(pod) || isPodAvailable(pod, minReadySeconds, now)) continue;
    const since = Date.parse(podCondition(pod, 'Ready')?.lastTransitionTime ?? '');
    const wait = Number.isFinite(since) ? since + minReadySeconds * 1000 - now.getTime() : minReadySeconds * 1000;
    next = Math.min(next ?? Infinity, Math.max(wait, 1));
  }
  return next;
}
