// Deployment status: the counts summed over its ReplicaSets, the Available condition, and the Progressing
// condition's helpers (deployment_util.go: SetDeploymentCondition, DeploymentComplete, DeploymentProgressing,
// DeploymentTimedOut). Conditions keep their lastTransitionTime while their status stays the same.
import { actualReplicas, availableReplicas, readyReplicas, specReplicas } from './replica-sets.js';
import { maxUnavailable } from './rollout-math.js';
import { Reason, replicasOf, type DeploymentCondition, type DeploymentObject, type DeploymentStatus, type ReplicaSetObject } from './types.js';

const MAX_INT32 = 2147483647;

export const rfc3339 = (d: Date): string => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

export function newCondition(type: string, status: 'True' | 'False' | 'Unknown', reason: string, message: string, now: Date): DeploymentCondition {
  const t = rfc3339(now);
  return { type, status, lastUpdateTime: t, lastTransitionTime: t, reason, message };
}

export function getCondition(status: DeploymentStatus | undefined, type: string): DeploymentCondition | undefined {
  return status?.conditions?.find((c) => c.type === type);
}

/** Adds or replaces a condition; the same status and reason is no change; the same status keeps the transition time. */
export function setCondition(status: DeploymentStatus, condition: DeploymentCondition): void {
  const current = getCondition(status, condition.type);
  if (current && current.status === condition.status && current.reason === condition.reason) return;
  const next = { ...condition };
  if (current && current.status === condition.status) next.lastTransitionTime = current.lastTransitionTime;
  status.conditions = [...(status.conditions ?? []).filter((c) => c.type !== condition.type), next];
}

export function removeCondition(status: DeploymentStatus, type: string): void {
  if (!status.conditions) return;
  status.conditions = status.conditions.filter((c) => c.type !== type);
  if (status.conditions.length === 0) delete status.conditions;
}

export function hasProgressDeadline(d: DeploymentObject): boolean {
  const s = d.spec.progressDeadlineSeconds;
  return s !== undefined && s !== null && s !== MAX_INT32;
}

export function hasRevisionHistoryLimit(d: DeploymentObject): boolean {
  const l = d.spec.revisionHistoryLimit;
  return l !== undefined && l !== null && l !== MAX_INT32;
}

/** Every replica updated and available, and the latest spec observed. */
export function deploymentComplete(d: DeploymentObject, status: DeploymentStatus): boolean {
  const n = replicasOf(d);
  return (status.updatedReplicas ?? 0) === n && (status.replicas ?? 0) === n && (status.availableReplicas ?? 0) === n
    && (status.observedGeneration ?? 0) >= (d.metadata.generation ?? 0);
}

/** Whether `status` shows progress over the Deployment's current status. */
export function deploymentProgressing(d: DeploymentObject, status: DeploymentStatus): boolean {
  const old = d.status ?? {};
  const n = (v: number | undefined): number => v ?? 0;
  const oldOld = n(old.replicas) - n(old.updatedReplicas);
  const newOld = n(status.replicas) - n(status.updatedReplicas);
  return n(status.updatedReplicas) > n(old.updatedReplicas) || newOld < oldOld
    || n(status.readyReplicas) > n(old.readyReplicas) || n(status.availableReplicas) > n(old.availableReplicas);
}

/** No progress for progressDeadlineSeconds since the Progressing condition was last updated. */
export function deploymentTimedOut(d: DeploymentObject, status: DeploymentStatus, now: Date): boolean {
  if (!hasProgressDeadline(d)) return false;
  const c = getCondition(status, 'Progressing');
  if (!c) return false;
  if (c.reason === Reason.NewReplicaSetAvailable) return false;
  if (c.reason === Reason.ProgressDeadlineExceeded) return true;
  const from = Date.parse(c.lastUpdateTime ?? '');
  if (!Number.isFinite(from)) return false;
  return from + d.spec.progressDeadlineSeconds! * 1000 < now.getTime();
}

/** The status the Deployment's ReplicaSets add up to, with the Available condition (calculateStatus). */
export function calculateStatus(d: DeploymentObject, allRSs: readonly (ReplicaSetObject | undefined)[], newRS: ReplicaSetObject | undefined, now: Date): DeploymentStatus {
  const available = availableReplicas(allRSs);
  const status: DeploymentStatus = {};
  const put = (k: 'observedGeneration' | 'replicas' | 'updatedReplicas' | 'readyReplicas' | 'availableReplicas' | 'unavailableReplicas' | 'collisionCount', v: number | undefined): void => {
    // omitempty, as the API leaves zero counts out
    if (v !== undefined && v !== 0) status[k] = v;
  };
  put('observedGeneration', d.metadata.generation);
  put('replicas', actualReplicas(allRSs));
  put('updatedReplicas', actualReplicas([newRS]));
  put('readyReplicas', readyReplicas(allRSs));
  put('availableReplicas', available);
  put('unavailableReplicas', Math.max(0, specReplicas(allRSs) - available));
  if (d.status?.collisionCount !== undefined) status.collisionCount = d.status.collisionCount;
  if (d.status?.conditions?.length) status.conditions = d.status.conditions.map((c) => ({ ...c }));
  if (available >= replicasOf(d) - maxUnavailable(d)) {
    setCondition(status, newCondition('Available', 'True', Reason.MinimumReplicasAvailable, 'Deployment has minimum availability.', now));
  } else {
    setCondition(status, newCondition('Available', 'False', Reason.MinimumReplicasUnavailable, 'Deployment does not have minimum availability.', now));
  }
  return status;
}
