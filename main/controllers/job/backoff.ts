// Back-off between pod recreations after failures: the delay starts at `baseMs` and doubles with each
// failure since the last success, up to `maxMs`, counted from when the last failed pod finished.
// Records live in memory per Job, as upstream's backoffStore does.
import type { KubeObject } from '../../../api/types/meta.js';
import { podCondition } from '../../../api/workloads/pods.js';
import { asPodObject } from './job-types.js';

export interface BackoffRecord {
  failuresAfterLastSuccess: number;
  /** ms since the epoch */
  lastFailureTime?: number;
}

/**
 * When a pod finished: the latest container finish time when every container terminated, else the time its
 * Ready condition turned False, else its deletion time (minus the grace period), else its creation time.
 */
export function finishedTime(pod: KubeObject): number {
  const statuses = asPodObject(pod).status?.containerStatuses ?? [];
  let latest: number | undefined;
  for (const s of statuses) {
    const at = s.state?.terminated?.finishedAt;
    if (!at) { latest = undefined; break; }
    latest = Math.max(latest ?? 0, Date.parse(at));
  }
  if (latest !== undefined && statuses.length > 0) return latest;
  const ready = podCondition(pod, 'Ready');
  if (ready?.status === 'False' && ready.lastTransitionTime) return Date.parse(ready.lastTransitionTime);
  if (pod.metadata.deletionTimestamp) return Date.parse(pod.metadata.deletionTimestamp) - (pod.metadata.deletionGracePeriodSeconds ?? 0) * 1000;
  return Date.parse(pod.metadata.creationTimestamp ?? '') || 0;
}

/** The record after this sync's newly finished pods: a success resets the count, failures after it add up. */
export function nextBackoffRecord(prev: BackoffRecord | undefined, newSucceeded: readonly KubeObject[], newFailed: readonly KubeObject[]): BackoffRecord {
  const rec: BackoffRecord = { failuresAfterLastSuccess: prev?.failuresAfterLastSuccess ?? 0, lastFailureTime: prev?.lastFailureTime };
  const failedTimes = newFailed.map(finishedTime).sort((a, b) => a - b);
  if (newSucceeded.length === 0) {
    if (failedTimes.length === 0) return rec;
    return { failuresAfterLastSuccess: rec.failuresAfterLastSuccess + failedTimes.length, lastFailureTime: failedTimes[failedTimes.length - 1] };
  }
  const lastSuccess = Math.max(...newSucceeded.map(finishedTime));
  const after = failedTimes.filter((t) => t > lastSuccess);
  return { failuresAfterLastSuccess: after.length, lastFailureTime: after.length > 0 ? after[after.length - 1] : undefined };
}

/** How long to wait before creating pods again (0 when the back-off has passed). */
export function remainingBackoffMs(rec: BackoffRecord, now: number, baseMs: number, maxMs: number): number {
  if (rec.failuresAfterLastSuccess === 0 || rec.lastFailureTime === undefined) return 0;
  let delay = baseMs;
  for (let i = 1; i < rec.failuresAfterLastSuccess; i++) {
    delay *= 2;
    if (delay >= maxMs) { delay = maxMs; break; }
  }
  const elapsed = now - rec.lastFailureTime;
  return delay < elapsed ? 0 : delay - elapsed;
}
