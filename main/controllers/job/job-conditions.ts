// Job conditions as the 1.32 controller writes them. A finishing Job first gets an interim condition
// (SuccessCriteriaMet or FailureTarget) and only gets the terminal one (Complete or Failed) once no pod
// is left running or uncounted.
import { rfc3339 } from '../../registry/system-fields.js';
import type { JobCondition, JobObject } from './job-types.js';

export type JobConditionType = 'Complete' | 'Failed' | 'Suspended' | 'FailureTarget' | 'SuccessCriteriaMet';

export const COMPLETIONS_REACHED = { reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods' };
export const BACKOFF_LIMIT_EXCEEDED = { reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' };
export const DEADLINE_EXCEEDED = { reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' };

export function newCondition(type: JobConditionType, status: 'True' | 'False', reason: string, message: string, now: Date): JobCondition {
  const t = rfc3339(now);
  return { type, status, lastProbeTime: t, lastTransitionTime: t, reason, message };
}

export function findCondition(conditions: readonly JobCondition[] | undefined, type: string): JobCondition | undefined {
  return conditions?.find((c) => c.type === type);
}

function isTrue(job: JobObject, type: JobConditionType): boolean {
  return findCondition(job.status?.conditions, type)?.status === 'True';
}

/** Complete or Failed is True: the Job will never run another pod. */
export function finishedType(job: JobObject): 'Complete' | 'Failed' | undefined {
  for (const c of job.status?.conditions ?? []) {
    if ((c.type === 'Complete' || c.type === 'Failed') && c.status === 'True') return c.type;
  }
  return undefined;
}

export function isJobFinished(job: JobObject): boolean {
  return finishedType(job) !== undefined;
}

export function successCriteriaMet(job: JobObject): JobCondition | undefined {
  const c = findCondition(job.status?.conditions, 'SuccessCriteriaMet');
  return c?.status === 'True' ? c : undefined;
}

export function failureTarget(job: JobObject): JobCondition | undefined {
  return isTrue(job, 'FailureTarget') ? findCondition(job.status?.conditions, 'FailureTarget') : undefined;
}

/**
 * Sets a condition's status (appending it unless it would be a new False one); returns the list and whether
 * it changed. An existing condition is replaced only when its status, reason or message differ.
 */
export function ensureCondition(list: JobCondition[], type: JobConditionType, status: 'True' | 'False', reason: string, message: string, now: Date): [JobCondition[], boolean] {
  const i = list.findIndex((c) => c.type === type);
  if (i >= 0) {
    const c = list[i];
    if (c.status === status && (c.reason ?? '') === reason && (c.message ?? '') === message) return [list, false];
    const next = [...list];
    next[i] = newCondition(type, status, reason, message, now);
    return [next, true];
  }
  if (status === 'False') return [list, false];
  return [[...list, newCondition(type, status, reason, message, now)], true];
}
