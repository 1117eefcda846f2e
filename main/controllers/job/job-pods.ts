// How the job controller judges its pods: active, terminating, failed, and which to delete first
// (controller.ActivePods: the pods furthest from doing useful work go first).
import { isPodActive, isPodReady, podCondition } from '../../../api/workloads/pods.js';
import type { KubeObject } from '../../../api/types/meta.js';
import { asPodObject, onlyReplaceFailedPods, type JobObject } from './job-types.js';

const phaseOf = (pod: KubeObject): string | undefined => asPodObject(pod).status?.phase;

export const isPodTerminal = (pod: KubeObject): boolean => phaseOf(pod) === 'Succeeded' || phaseOf(pod) === 'Failed';
export const isPodSucceeded = (pod: KubeObject): boolean => phaseOf(pod) === 'Succeeded';

export function filterActivePods(pods: readonly KubeObject[]): KubeObject[] {
  return pods.filter(isPodActive);
}

/** Being deleted but not finished yet. */
export function isPodTerminating(pod: KubeObject): boolean {
  return !isPodTerminal(pod) && pod.metadata.deletionTimestamp !== undefined;
}

/**
 * Failed, or (unless only failed pods are replaced) deleted before it could succeed — a deleted pod never
 * gets the chance to reach phase Failed, so it counts as a failure.
 */
export function isPodFailed(pod: KubeObject, job: JobObject): boolean {
  if (phaseOf(pod) === 'Failed') return true;
  if (onlyReplaceFailedPods(job)) return false;
  return pod.metadata.deletionTimestamp !== undefined && phaseOf(pod) !== 'Succeeded';
}

export function countReady(pods: readonly KubeObject[]): number {
  return pods.filter(isPodReady).length;
}

const PHASE_ORDER: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };
const ms = (t: string | undefined | null): number => (t ? Date.parse(t) : 0);

function maxRestarts(pod: KubeObject): number {
  return Math.max(0, ...(asPodObject(pod).status?.containerStatuses ?? []).map((c) => c.restartCount ?? 0));
}

/** afterOrZero: a missing time sorts first, then later times before earlier ones. */
function afterOrZero(a: number, b: number): number {
  if (a === 0 || b === 0) return a === 0 && b !== 0 ? -1 : b === 0 && a !== 0 ? 1 : 0;
  return b - a;
}

/** Comparator putting the pods to delete first (unscheduled, pending, not ready, newest) at the front. */
export function compareForDeletion(a: KubeObject, b: KubeObject): number {
  const na = asPodObject(a).spec?.nodeName ?? '', nb = asPodObject(b).spec?.nodeName ?? '';
  if (na !== nb && (na === '' || nb === '')) return na === '' ? -1 : 1;
  const pa = PHASE_ORDER[phaseOf(a) ?? ''] ?? 0, pb = PHASE_ORDER[phaseOf(b) ?? ''] ?? 0;
  if (pa !== pb) return pa - pb;
  const ra = isPodReady(a), rb = isPodReady(b);
  if (ra !== rb) return ra ? 1 : -1;
  if (ra && rb) {
    const c = afterOrZero(ms(podCondition(a, 'Ready')?.lastTransitionTime), ms(podCondition(b, 'Ready')?.lastTransitionTime));
    if (c !== 0) return c;
  }
  const xa = maxRestarts(a), xb = maxRestarts(b);
  if (xa !== xb) return xb - xa;
  return afterOrZero(ms(a.metadata.creationTimestamp), ms(b.metadata.creationTimestamp));
}
