// One sync of one Job (pkg/controller/job syncJob): count what finished, decide whether the Job has finished,
// failed or must wait, let manageJob create or delete pods, and write status through the finalizer-based
// tracking.
import { findResource } from '../../../api/resources/registry.js';
import { selectorFromLabelSelector } from '../../../api/selectors/index.js';
import type { KubeObject } from '../../../api/types/meta.js';
import { rfc3339 } from '../../registry/system-fields.js';
import { nextBackoffRecord } from './backoff.js';
import { BACKOFF_LIMIT_EXCEEDED, COMPLETIONS_REACHED, DEADLINE_EXCEEDED, ensureCondition, failureTarget, isJobFinished, newCondition, successCriteriaMet } from './job-conditions.js';
import { completionIndexOf, parseIndexes, totalIndexes, withIndexes } from './indexes.js';
import { countReady, filterActivePods, isPodFailed, isPodSucceeded, isPodTerminating } from './job-pods.js';
import { asJob, asPodObject, hasTrackingFinalizer, isIndexedJob, isSuspended, managedByOther, type JobObject } from './job-types.js';
import { trackStatusAndRemoveFinalizers } from './job-tracking.js';
import { deletePods, manageJob } from './manage-job.js';
import { isNotFound } from './pod-control.js';
import { matchPodFailurePolicy, matchSuccessPolicy } from './policies.js';
import type { SyncCtx, SyncDeps } from './sync-types.js';

const JOBS = findResource('batch', 'v1', 'jobs')!;
export const PODS_BY_OWNER = 'job-controller/pods-by-owner';

/** Index key of a pod: its controlling Job's uid, or its namespace when it has no controller. */
export function podOwnerIndex(pod: KubeObject): string[] {
  const ref = pod.metadata.ownerReferences?.find((r) => r.controller === true);
  if (!ref) return [`orphan/${pod.metadata.namespace}`];
  return ref.kind === 'Job' ? [`uid/${ref.uid}`] : [];
}

export async function syncJob(deps: SyncDeps, key: string): Promise<void> {
  const cached = deps.jobs.get(key);
  if (!cached) {
    deps.expectations.delete(key);
    deps.finalizerExpectations.delete(key);
    deps.backoffs.delete(key);
    return;
  }
  const shared = asJob(cached);
  if (managedByOther(shared)) return;
  if (isJobFinished(shared)) {
    deps.backoffs.delete(key);
    return;
  }
  const mode = shared.spec.completionMode;
  if (mode != null && mode !== 'NonIndexed' && mode !== 'Indexed') {
    deps.events.record(shared, 'Warning', 'UnknownCompletionMode', 'Skipped Job sync because completion mode is unknown');
    return;
  }
  const job: JobObject = structuredClone(shared);
  const status = (job.status ??= {});
  status.uncountedTerminatedPods ??= {};
  // Checked before reading the pods, so a pod arriving in between only defers the sync.
  const satisfied = deps.expectations.satisfied(key);
  const pods = await podsForJob(deps, job);
  const now = deps.clock();
  const activePods = filterActivePods(pods);
  const ctx: SyncCtx = {
    key, job, pods, activePods, now,
    ready: countReady(activePods),
    terminating: pods.filter(isPodTerminating).length,
    succeeded: 0, failed: 0,
    uncounted: { succeeded: new Set(status.uncountedTerminatedPods.succeeded ?? []), failed: new Set(status.uncountedTerminatedPods.failed ?? []) },
    expectedRmFinalizers: deps.finalizerExpectations.expected(key),
    prevSucceededIndexes: [], succeededIndexes: [],
    newBackoff: { failuresAfterLastSuccess: 0 },
  };
  let active = activePods.length;
  const newSucceeded = uncountedPods(ctx, ctx.uncounted.succeeded, isPodSucceeded);
  const newFailed = uncountedPods(ctx, ctx.uncounted.failed, (p) => isPodFailed(p, job));
  const newFailedCounted = newFailed.filter((p) => matchPodFailurePolicy(job.spec.podFailurePolicy, p).countFailed).length;
  ctx.succeeded = (status.succeeded ?? 0) + newSucceeded.length + ctx.uncounted.succeeded.size;
  ctx.failed = (status.failed ?? 0) + newFailedCounted + ctx.uncounted.failed.size;
  if (!status.startTime && !isSuspended(job)) status.startTime = rfc3339(now);
  ctx.newBackoff = nextBackoffRecord(deps.backoffs.get(key), newSucceeded, newFailed);

  ctx.finished = successCriteriaMet(job);
  if (!ctx.finished) {
    const target = failureTarget(job);
    const failJob = target ? undefined : failJobMessage(job, pods);
    if (target) ctx.finished = newCondition('Failed', 'True', target.reason ?? '', target.message ?? '', now);
    else if (failJob) ctx.finished = newCondition('FailureTarget', 'True', 'PodFailurePolicy', failJob, now);
  }
  if (!ctx.finished) {
    if (ctx.failed > (job.spec.backoffLimit ?? 6) || pastBackoffLimitOnFailure(job, pods)) {
      ctx.finished = newCondition('FailureTarget', 'True', BACKOFF_LIMIT_EXCEEDED.reason, BACKOFF_LIMIT_EXCEEDED.message, now);
    } else if (pastActiveDeadline(job, now)) {
      ctx.finished = newCondition('FailureTarget', 'True', DEADLINE_EXCEEDED.reason, DEADLINE_EXCEEDED.message, now);
    } else if (job.spec.activeDeadlineSeconds != null && !isSuspended(job) && status.startTime) {
      deps.wakeAfter(key, job.spec.activeDeadlineSeconds * 1000 - (now.getTime() - Date.parse(status.startTime)));
    }
  }
  if (isIndexedJob(job)) {
    const completions = job.spec.completions ?? 0;
    ctx.prevSucceededIndexes = parseIndexes(status.completedIndexes, completions);
    const fresh = pods.filter((p) => isPodSucceeded(p) && hasTrackingFinalizer(p)).map(completionIndexOf).filter((ix) => ix >= 0 && ix < completions);
    ctx.succeededIndexes = withIndexes(ctx.prevSucceededIndexes, [...new Set(fresh)].sort((a, b) => a - b));
    ctx.succeeded = totalIndexes(ctx.succeededIndexes);
    if (!ctx.finished) {
      const matched = matchSuccessPolicy(job.spec.successPolicy, completions, ctx.succeededIndexes);
      if (matched) ctx.finished = newCondition('SuccessCriteriaMet', 'True', 'SuccessPolicy', matched, now);
    }
  }

  let manageErr: unknown;
  let suspendChanged = false;
  if (ctx.finished) {
    // Finishing: stop what still runs. The finish is declared once no pod is left behind.
    const r = await deletePods(deps, ctx, activePods, false);
    if (r.deleted !== active || !satisfied) ctx.finished = undefined;
    active -= r.deleted;
    ctx.terminating += r.deleted;
    ctx.ready -= r.deletedReady;
    manageErr = r.error;
  } else {
    let managed = false;
    if (satisfied && job.metadata.deletionTimestamp === undefined) {
      ({ active, error: manageErr } = await manageJob(deps, ctx));
      managed = true;
    }
    const completions = job.spec.completions;
    const complete = completions == null ? ctx.succeeded > 0 && active === 0 : ctx.succeeded >= completions && active === 0;
    if (complete) {
      ctx.finished = newCondition('SuccessCriteriaMet', 'True', COMPLETIONS_REACHED.reason, COMPLETIONS_REACHED.message, now);
    } else if (managed) {
      const suspended = isSuspended(job);
      [status.conditions, suspendChanged] = suspended
        ? ensureCondition(status.conditions ?? [], 'Suspended', 'True', 'JobSuspended', 'Job suspended', now)
        : ensureCondition(status.conditions ?? [], 'Suspended', 'False', 'JobResumed', 'Job resumed', now);
      if (status.conditions.length === 0) delete status.conditions;
      if (suspendChanged && suspended) deps.events.record(job, 'Normal', 'Suspended', 'Job suspended');
      if (suspendChanged && !suspended) {
        deps.events.record(job, 'Normal', 'Resumed', 'Job resumed');
        // activeDeadlineSeconds counts continuous activity: a resumed Job starts its clock again.
        status.startTime = rfc3339(now);
      }
    }
  }
  const needsUpdate = suspendChanged || active !== (status.active ?? 0) || ctx.ready !== status.ready || ctx.terminating !== status.terminating
    || status.startTime !== shared.status?.startTime;
  status.active = active;
  status.ready = ctx.ready;
  status.terminating = ctx.terminating;
  await trackStatusAndRemoveFinalizers(deps, ctx, needsUpdate);
  if (manageErr !== undefined) throw manageErr;
}

/** Pods with a finalizer, not yet in the uncounted list, matching `filter` (Indexed: with a valid index). */
function uncountedPods(ctx: SyncCtx, uncounted: ReadonlySet<string>, filter: (p: KubeObject) => boolean): KubeObject[] {
  const completions = ctx.job.spec.completions ?? 0;
  return ctx.pods.filter((p) => {
    const uid = p.metadata.uid!;
    if (!hasTrackingFinalizer(p) || uncounted.has(uid) || ctx.expectedRmFinalizers.has(uid)) return false;
    if (isIndexedJob(ctx.job)) {
      const ix = completionIndexOf(p);
      if (ix < 0 || ix >= completions) return false;
    }
    return filter(p);
  });
}

function failJobMessage(job: JobObject, pods: readonly KubeObject[]): string | undefined {
  if (!job.spec.podFailurePolicy) return undefined;
  for (const p of pods) {
    if (!isPodFailed(p, job)) continue;
    const m = matchPodFailurePolicy(job.spec.podFailurePolicy, p).failJobMessage;
    if (m) return m;
  }
  return undefined;
}

/** restartPolicy OnFailure: container restarts of running pods count against backoffLimit. */
function pastBackoffLimitOnFailure(job: JobObject, pods: readonly KubeObject[]): boolean {
  if (job.spec.template.spec?.restartPolicy !== 'OnFailure') return false;
  let restarts = 0;
  for (const p of pods) {
    const s = asPodObject(p).status;
    if (s?.phase !== 'Running' && s?.phase !== 'Pending') continue;
    for (const c of [...(s.initContainerStatuses ?? []), ...(s.containerStatuses ?? [])]) restarts += c.restartCount ?? 0;
  }
  const limit = job.spec.backoffLimit ?? 6;
  return limit === 0 ? restarts > 0 : restarts >= limit;
}

function pastActiveDeadline(job: JobObject, now: Date): boolean {
  const ads = job.spec.activeDeadlineSeconds;
  const start = job.status?.startTime;
  if (ads == null || !start || isSuspended(job)) return false;
  return now.getTime() - Date.parse(start) >= ads * 1000;
}

/** The Job's pods: those it controls (released if they stopped matching), plus matching orphans it adopts. */
async function podsForJob(deps: SyncDeps, job: JobObject): Promise<KubeObject[]> {
  const selector = selectorFromLabelSelector(job.spec.selector);
  const result: KubeObject[] = [];
  for (const pod of deps.pods.byIndex(PODS_BY_OWNER, `uid/${job.metadata.uid}`)) {
    if (pod.metadata.namespace !== job.metadata.namespace) continue;
    if (selector.matches(pod.metadata.labels) || pod.metadata.deletionTimestamp !== undefined || job.metadata.deletionTimestamp !== undefined) {
      result.push(pod);
      continue;
    }
    await deps.podControl.release(job, pod).catch((err: unknown) => { if (!isNotFound(err)) throw err; });
  }
  if (job.metadata.deletionTimestamp !== undefined) return result;
  const orphans = deps.pods.byIndex(PODS_BY_OWNER, `orphan/${job.metadata.namespace}`)
    .filter((p) => p.metadata.deletionTimestamp === undefined && selector.matches(p.metadata.labels));
  if (orphans.length === 0) return result;
  // Adopt only if the Job is still there and not being deleted (a quorum read, not the cache).
  const fresh = await deps.transport.get(JOBS, job.metadata.namespace, job.metadata.name!).catch(() => undefined);
  if (!fresh || fresh.metadata.uid !== job.metadata.uid || fresh.metadata.deletionTimestamp !== undefined) return result;
  for (const pod of orphans) {
    try {
      result.push(await deps.podControl.adopt(job, pod));
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
  return result;
}
