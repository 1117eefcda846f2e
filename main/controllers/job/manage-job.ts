// Creating and deleting a Job's pods (pkg/controller/job manageJob): as many running as parallelism and the
// remaining completions allow, after the failure back-off, slow-starting creations; Indexed Jobs get one pod
// per pending index.
import type { PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../../../api/types/meta.js';
import { isPodReady } from '../../../api/workloads/pods.js';
import { remainingBackoffMs } from './backoff.js';
import { completionIndexOf, firstPendingIndexes, indexesOf } from './indexes.js';
import { compareForDeletion, isPodTerminating } from './job-pods.js';
import { isIndexedJob, isSuspended, JOB_COMPLETION_INDEX, JOB_COMPLETION_INDEX_ENV, JOB_TRACKING_FINALIZER, onlyReplaceFailedPods, type JobObject } from './job-types.js';
import { isNotFound } from './pod-control.js';
import type { SyncCtx, SyncDeps } from './sync-types.js';

/** Cap on pod creations or deletions per sync. */
const MAX_POD_CREATE_DELETE_PER_SYNC = 500;

export interface ManageResult { active: number; error?: unknown }

/** Creates or deletes pods so that the right number run (pkg/controller/job manageJob). */
export async function manageJob(deps: SyncDeps, ctx: SyncCtx): Promise<ManageResult> {
  const { job, activePods, key } = ctx;
  let active = activePods.length;
  const parallelism = job.spec.parallelism ?? 1;
  if (isSuspended(job)) {
    const r = await deletePods(deps, ctx, podsForRemoval(job, activePods, active), true);
    return { active: active - r.deleted, error: r.error };
  }
  const completions = job.spec.completions;
  let wantActive: number;
  if (completions == null) wantActive = ctx.succeeded > 0 ? active : parallelism;
  else wantActive = Math.max(0, Math.min(parallelism, completions - ctx.succeeded));
  const toDelete = podsForRemoval(job, activePods, Math.max(0, active - wantActive)).slice(0, MAX_POD_CREATE_DELETE_PER_SYNC);
  if (toDelete.length > 0) {
    // Never both delete and create in one sync; deleting wins.
    const r = await deletePods(deps, ctx, toDelete, true);
    return { active: active - r.deleted, error: r.error };
  }
  const terminating = onlyReplaceFailedPods(job) ? ctx.terminating : 0;
  let diff = wantActive - terminating - active;
  if (diff <= 0) return { active };
  const wait = remainingBackoffMs(ctx.newBackoff, ctx.now.getTime(), deps.timings.podFailureBackoffMs, deps.timings.podFailureBackoffMaxMs);
  if (wait > 0) {
    deps.wakeAfter(key, Math.max(wait, deps.timings.syncBatchMs));
    return { active };
  }
  diff = Math.min(diff, MAX_POD_CREATE_DELETE_PER_SYNC);
  let indexes: number[] = [];
  if (isIndexedJob(job)) {
    const busy = indexesOf(activePods);
    if (onlyReplaceFailedPods(job)) busy.push(...indexesOf(ctx.pods.filter(isPodTerminating)));
    indexes = firstPendingIndexes(ctx.succeededIndexes, busy, diff, completions ?? 0);
    diff = indexes.length;
    if (diff === 0) return { active };
  }
  deps.expectations.expectCreations(key, diff);
  active += diff;
  const template: PodTemplateSpec = structuredClone(job.spec.template);
  template.metadata ??= {};
  if (isIndexedJob(job)) addCompletionIndexEnv(template);
  if (!(template.metadata.finalizers ?? []).includes(JOB_TRACKING_FINALIZER)) template.metadata.finalizers = [...(template.metadata.finalizers ?? []), JOB_TRACKING_FINALIZER];
  let error: unknown;
  // Slow start (1, 2, 4, ...): a Job whose pods cannot be created fails fast instead of flooding the API.
  for (let batch = Math.min(diff, 1); diff > 0; batch = Math.min(2 * batch, diff)) {
    const attempts = Array.from({ length: batch }, () => indexes.shift() ?? -1).map((ix) => createPod(deps, job, template, ix));
    const results = await Promise.allSettled(attempts);
    const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    for (const f of failures) {
      deps.expectations.creationObserved(key);
      active--;
      error ??= f.reason;
    }
    diff -= batch;
    if (failures.length > 0 && diff > 0) {
      // The rest will be retried by a later sync.
      for (let i = 0; i < diff; i++) deps.expectations.creationObserved(key);
      active -= diff;
      break;
    }
  }
  return { active, error };
}

function createPod(deps: SyncDeps, job: JobObject, base: PodTemplateSpec, index: number): Promise<KubeObject> {
  if (index < 0) return deps.podControl.create(job, base, `${job.metadata.name}-`);
  const template = structuredClone(base);
  const meta = (template.metadata ??= {});
  meta.annotations = { ...meta.annotations, [JOB_COMPLETION_INDEX]: String(index) };
  meta.labels = { ...meta.labels, [JOB_COMPLETION_INDEX]: String(index) };
  template.spec = { ...template.spec!, hostname: `${job.metadata.name}-${index}` };
  return deps.podControl.create(job, template, indexedGenerateName(job.metadata.name!, index));
}

/** "<job>-<index>-", the Job name cut so the generated pod name stays within limits. */
export function indexedGenerateName(jobName: string, index: number): string {
  const suffix = `-${index}-`;
  const max = 58;
  const prefix = jobName + suffix;
  return prefix.length > max ? jobName.slice(0, max - suffix.length) + suffix : prefix;
}

/** JOB_COMPLETION_INDEX from the pod's completion-index label, in every container. */
function addCompletionIndexEnv(template: PodTemplateSpec): void {
  const spec = template.spec;
  if (!spec) return;
  for (const c of [...(spec.initContainers ?? []), ...spec.containers]) {
    if ((c.env ?? []).some((e) => e.name === JOB_COMPLETION_INDEX_ENV)) continue;
    c.env = [...(c.env ?? []), { name: JOB_COMPLETION_INDEX_ENV, valueFrom: { fieldRef: { fieldPath: `metadata.labels['${JOB_COMPLETION_INDEX}']` } } }];
  }
}

/**
 * Active pods to delete: for Indexed Jobs, pods with a missing, out-of-range or duplicated index first; then
 * the least advanced pods until at least `atLeast` are chosen.
 */
export function podsForRemoval(job: JobObject, pods: readonly KubeObject[], atLeast: number): KubeObject[] {
  const rm: KubeObject[] = [];
  let left: KubeObject[] = [...pods];
  if (isIndexedJob(job)) {
    const completions = job.spec.completions ?? 0;
    const byIndex = new Map<number, KubeObject[]>();
    left = [];
    for (const p of pods) {
      const ix = completionIndexOf(p);
      if (ix < 0 || ix >= completions) { rm.push(p); continue; }
      byIndex.set(ix, [...(byIndex.get(ix) ?? []), p]);
    }
    for (const ix of [...byIndex.keys()].sort((a, b) => a - b)) {
      const same = byIndex.get(ix)!.sort(compareForDeletion);
      rm.push(...same.slice(0, -1));
      left.push(same[same.length - 1]);
    }
  }
  if (rm.length < atLeast) rm.push(...left.sort(compareForDeletion).slice(0, atLeast - rm.length));
  return rm;
}

/**
 * Deletes pods. With `dropFinalizer` (scale-down, suspend) the pod is released from tracking first, as it will
 * not count; without it (the Job is finishing) the finalizer stays until the pod is counted.
 */
export async function deletePods(deps: SyncDeps, ctx: SyncCtx, pods: readonly KubeObject[], dropFinalizer: boolean): Promise<{ deleted: number; deletedReady: number; error?: unknown }> {
  if (pods.length === 0) return { deleted: 0, deletedReady: 0 };
  if (dropFinalizer) deps.expectations.expectDeletions(ctx.key, pods.length);
  let deleted = 0, deletedReady = 0, error: unknown;
  await Promise.all(pods.map(async (pod) => {
    try {
      if (dropFinalizer) await deps.podControl.removeTrackingFinalizer(pod);
      await deps.podControl.delete(ctx.job, pod);
    } catch (err) {
      if (dropFinalizer) deps.expectations.deletionObserved(ctx.key);
      if (!isNotFound(err)) {
        error ??= err;
        return;
      }
    }
    deleted++;
    if (isPodReady(pod)) deletedReady++;
  }));
  if (dropFinalizer) {
    ctx.terminating += deleted;
    ctx.ready -= deletedReady;
  }
  return { deleted, deletedReady, error };
}
