// The Job and Pod shapes the job controller reads, and the batch/v1 names it shares with upstream.
import type { JobCondition, JobSpec, JobStatus } from 'kubernetes-types/batch/v1.js';
import type { PodSpec, PodStatus } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../../../api/types/meta.js';

export type JobObject = KubeObject & { spec: JobSpec; status?: JobStatus };
export type PodObject = KubeObject & { spec?: PodSpec; status?: PodStatus };
export type { JobCondition, JobSpec, JobStatus };

export const asJob = (obj: KubeObject): JobObject => obj as JobObject;
export const asPodObject = (obj: KubeObject): PodObject => obj as PodObject;

/** Finalizer the controller puts on every pod it creates, so a pod is counted before it can disappear. */
export const JOB_TRACKING_FINALIZER = 'batch.kubernetes.io/job-tracking';
export const JOB_COMPLETION_INDEX = 'batch.kubernetes.io/job-completion-index';
export const JOB_COMPLETION_INDEX_ENV = 'JOB_COMPLETION_INDEX';
/** spec.managedBy value meaning "this controller" (any other value delegates the Job to someone else). */
export const JOB_CONTROLLER_NAME = 'kubernetes.io/job-controller';
export const JOB_COMPONENT = 'job-controller';

export function hasTrackingFinalizer(pod: KubeObject): boolean {
  return pod.metadata.finalizers?.includes(JOB_TRACKING_FINALIZER) ?? false;
}

export function isIndexedJob(job: JobObject): boolean {
  return job.spec.completionMode === 'Indexed';
}

export function isSuspended(job: JobObject): boolean {
  return job.spec.suspend === true;
}

/** The Job is delegated to another controller through spec.managedBy. */
export function managedByOther(job: JobObject): boolean {
  const by = job.spec.managedBy;
  return by != null && by !== JOB_CONTROLLER_NAME;
}

/** Only pods that reached phase Failed are replaced (podReplacementPolicy: Failed, implied by a podFailurePolicy). */
export function onlyReplaceFailedPods(job: JobObject): boolean {
  return job.spec.podReplacementPolicy === 'Failed' || job.spec.podFailurePolicy != null;
}
