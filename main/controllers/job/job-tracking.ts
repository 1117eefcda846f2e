// Counting finished pods without ever counting one twice or losing one (upstream's finalizer-based tracking):
// 1. a finished pod's UID goes into status.uncountedTerminatedPods (written first),
// 2. its tracking finalizer is removed,
// 3. UIDs whose finalizer is gone move from the uncounted lists into succeeded/failed.
// A restart between any two steps resumes from what status and the pods say. The terminal condition is only
// written once nothing is uncounted and no pod is still terminating.
import { findResource } from '../../../api/resources/registry.js';
import type { KubeObject } from '../../../api/types/meta.js';
import { findCondition, newCondition, ensureCondition, successCriteriaMet } from './job-conditions.js';
import { completionIndexOf, formatIndexes, hasIndex, totalIndexes, withIndexes } from './indexes.js';
import { isPodFailed, isPodSucceeded } from './job-pods.js';
import { hasTrackingFinalizer, isIndexedJob, type JobCondition, type JobObject, type JobStatus } from './job-types.js';
import { isNotFound } from './pod-control.js';
import { matchPodFailurePolicy } from './policies.js';
import type { SyncCtx, SyncDeps } from './sync-types.js';

const JOBS = findResource('batch', 'v1', 'jobs')!;
/** Cap on uncounted UIDs per sync, keeping status small and big Jobs from starving others. */
export const MAX_UNCOUNTED_PODS = 500;

const isSuccessCriteriaMetCondition = (c: JobCondition | undefined): boolean => c?.type === 'SuccessCriteriaMet' && c.status === 'True';

/** Moves UIDs whose pods no longer carry the finalizer into the counters; true when status changed. */
export function countUncountedWithoutFinalizers(status: JobStatus, uidsWithFinalizer: ReadonlySet<string>): boolean {
  const u = (status.uncountedTerminatedPods ??= {});
  let changed = false;
  const keepSucceeded = (u.succeeded ?? []).filter((uid) => uidsWithFinalizer.has(uid));
  if (keepSucceeded.length !== (u.succeeded ?? []).length) {
    status.succeeded = (status.succeeded ?? 0) + (u.succeeded ?? []).length - keepSucceeded.length;
    changed = true;
  }
  const keepFailed = (u.failed ?? []).filter((uid) => uidsWithFinalizer.has(uid));
  if (keepFailed.length !== (u.failed ?? []).length) {
    status.failed = (status.failed ?? 0) + (u.failed ?? []).length - keepFailed.length;
    changed = true;
  }
  if (keepSucceeded.length > 0) u.succeeded = keepSucceeded; else delete u.succeeded;
  if (keepFailed.length > 0) u.failed = keepFailed; else delete u.failed;
  return changed;
}

function canRemoveFinalizer(ctx: SyncCtx, pod: KubeObject, considerFailed: boolean): boolean {
  return ctx.job.metadata.deletionTimestamp !== undefined || ctx.finished !== undefined || isPodSucceeded(pod) || considerFailed;
}

/** Writes status; returns a private copy of the result (the transport may hand back a shared object). */
export async function updateJobStatus(deps: SyncDeps, job: JobObject): Promise<JobObject> {
  return structuredClone(await deps.transport.update(JOBS, job.metadata.namespace, job.metadata.name!, job, { subresource: 'status' })) as JobObject;
}

export async function trackStatusAndRemoveFinalizers(deps: SyncDeps, ctx: SyncCtx, needsFlushIn: boolean): Promise<void> {
  let needsFlush = needsFlushIn;
  const job = ctx.job;
  const status = (job.status ??= {});
  const indexed = isIndexedJob(job);
  const completions = job.spec.completions ?? 0;
  const pods = indexed ? [...ctx.pods].sort((a, b) => completionIndexOf(a) - completionIndexOf(b)) : ctx.pods;
  const uidsWithFinalizer = new Set(pods.filter((p) => hasTrackingFinalizer(p) && !ctx.expectedRmFinalizers.has(p.metadata.uid!)).map((p) => p.metadata.uid!));
  if (countUncountedWithoutFinalizers(status, uidsWithFinalizer)) needsFlush = true;
  const uncounted = status.uncountedTerminatedPods!;
  const toRemove: KubeObject[] = [];
  const newSucceededIndexes: number[] = [];
  let reachedMax = false;
  for (const pod of pods) {
    const uid = pod.metadata.uid!;
    if (!hasTrackingFinalizer(pod) || ctx.expectedRmFinalizers.has(uid)) continue;
    const considerFailed = isPodFailed(pod, job);
    if (!canRemoveFinalizer(ctx, pod, considerFailed)) continue;
    toRemove.push(pod);
    const ix = completionIndexOf(pod);
    if (isPodSucceeded(pod) && !ctx.uncounted.failed.has(uid)) {
      if (indexed) {
        if (ix >= 0 && ix < completions && !hasIndex(ctx.prevSucceededIndexes, ix)) {
          newSucceededIndexes.push(ix);
          needsFlush = true;
        }
      } else if (!ctx.uncounted.succeeded.has(uid)) {
        (uncounted.succeeded ??= []).push(uid);
        needsFlush = true;
      }
    } else if (considerFailed || (ctx.finished !== undefined && !isSuccessCriteriaMetCondition(ctx.finished))) {
      // Once the Job is finishing (not by success), every pod that did not succeed counts as failed.
      if (!ctx.uncounted.failed.has(uid) && (!indexed || (ix >= 0 && ix < completions))) {
        if (matchPodFailurePolicy(job.spec.podFailurePolicy, pod).countFailed) {
          (uncounted.failed ??= []).push(uid);
          needsFlush = true;
        }
      }
    }
    if (newSucceededIndexes.length + (uncounted.succeeded?.length ?? 0) + (uncounted.failed?.length ?? 0) >= MAX_UNCOUNTED_PODS) {
      reachedMax = true;
      break;
    }
  }
  if (indexed) {
    ctx.succeededIndexes = withIndexes(ctx.succeededIndexes, [...new Set(newSucceededIndexes)].sort((a, b) => a - b));
    const text = formatIndexes(ctx.succeededIndexes);
    if (text !== (status.completedIndexes ?? '')) needsFlush = true;
    status.succeeded = totalIndexes(ctx.succeededIndexes);
    if (text === '') delete status.completedIndexes; else status.completedIndexes = text;
  }
  if (ctx.finished?.type === 'FailureTarget') {
    // The interim condition records why the Job fails before the finalizers (which let its pods go) are removed.
    status.conditions = [...(status.conditions ?? []), ctx.finished];
    needsFlush = true;
    ctx.finished = newCondition('Failed', 'True', ctx.finished.reason ?? '', ctx.finished.message ?? '', ctx.now);
  }
  if (isSuccessCriteriaMetCondition(ctx.finished)) {
    if (!successCriteriaMet(job)) {
      status.conditions = [...(status.conditions ?? []), ctx.finished!];
      needsFlush = true;
    }
    ctx.finished = newCondition('Complete', 'True', ctx.finished!.reason ?? '', ctx.finished!.message ?? '', ctx.now);
  }
  needsFlush = await flushUncountedAndRemoveFinalizers(deps, ctx, toRemove, uidsWithFinalizer, needsFlush);
  const jobFinished = !reachedMax && enactJobFinished(ctx);
  if (jobFinished) needsFlush = true;
  if (needsFlush) {
    ctx.job = await updateJobStatus(deps, ctx.job);
    if (jobFinished) recordJobFinished(deps, ctx.job, ctx.finished!);
  }
}

async function flushUncountedAndRemoveFinalizers(deps: SyncDeps, ctx: SyncCtx, toRemove: KubeObject[], uidsWithFinalizer: Set<string>, needsFlushIn: boolean): Promise<boolean> {
  let needsFlush = needsFlushIn;
  if (needsFlush) {
    ctx.job = await updateJobStatus(deps, ctx.job);
    deps.backoffs.set(ctx.key, ctx.newBackoff);
    needsFlush = false;
  }
  let rmErr: unknown;
  if (toRemove.length > 0) {
    const uids = toRemove.map((p) => p.metadata.uid!);
    deps.finalizerExpectations.expectRemoved(ctx.key, uids);
    const results = await Promise.allSettled(toRemove.map((p) => deps.podControl.removeTrackingFinalizer(p)));
    results.forEach((r, i) => {
      if (r.status === 'fulfilled') return void uidsWithFinalizer.delete(uids[i]);
      // No update will show this removal: stop expecting it.
      deps.finalizerExpectations.removalObserved(ctx.key, uids[i]);
      if (isNotFound(r.reason)) uidsWithFinalizer.delete(uids[i]);
      else rmErr ??= r.reason;
    });
  }
  if (countUncountedWithoutFinalizers(ctx.job.status!, uidsWithFinalizer)) needsFlush = true;
  if (rmErr !== undefined) {
    if (needsFlush) ctx.job = await updateJobStatus(deps, ctx.job);
    throw rmErr;
  }
  return needsFlush;
}

/** Writes the terminal condition once nothing is left uncounted or terminating. */
function enactJobFinished(ctx: SyncCtx): boolean {
  const finished = ctx.finished;
  if (!finished) return false;
  const status = ctx.job.status!;
  const u = status.uncountedTerminatedPods;
  if ((u?.succeeded?.length ?? 0) + (u?.failed?.length ?? 0) > 0) return false;
  if (ctx.terminating > 0) return false;
  [status.conditions] = ensureCondition(status.conditions ?? [], finished.type as 'Complete' | 'Failed', 'True', finished.reason ?? '', finished.message ?? '', ctx.now);
  if (finished.type === 'Complete') status.completionTime = findCondition(status.conditions, 'Complete')!.lastTransitionTime;
  return true;
}

function recordJobFinished(deps: SyncDeps, job: JobObject, finished: JobCondition): void {
  if (finished.type === 'Complete') {
    const completions = job.spec.completions;
    if (completions != null && (job.status?.succeeded ?? 0) > completions) {
      deps.events.record(job, 'Warning', 'TooManySucceededPods', 'Too many succeeded pods running after completion count reached');
    }
    deps.events.record(job, 'Normal', 'Completed', 'Job completed');
  } else {
    deps.events.record(job, 'Warning', finished.reason ?? '', finished.message ?? '');
  }
}
