// The Progressing condition during a rollout (upstream's progress.go): NewReplicaSetAvailable once complete,
// ReplicaSetUpdated (with a fresh lastUpdateTime) whenever counts move, ProgressDeadlineExceeded after
// progressDeadlineSeconds without progress; ReplicaFailure copied from the ReplicaSets. A rollout that is still
// going asks to be looked at again when its deadline would pass.
import { deepEqual } from '../../../api/util/deep-equal.js';
import { calculateStatus, deploymentComplete, deploymentProgressing, deploymentTimedOut, getCondition, hasProgressDeadline, newCondition, removeCondition, setCondition } from './conditions.js';
import type { DeploymentSync, ReplicaSetSplit } from './sync.js';
import { Reason, type DeploymentCondition, type DeploymentObject, type DeploymentStatus, type ReplicaSetObject } from './types.js';

/** Shortest requeue for a deadline check that is (nearly) due. */
const MIN_RECHECK_MS = 100;

export async function syncRolloutStatus(s: DeploymentSync, split: ReplicaSetSplit): Promise<void> {
  const d = s.d;
  const now = s.now;
  const all = [...split.oldRSs, split.newRS].map((rs) => s.fresh(rs));
  const newRS = s.fresh(split.newRS);
  const status = calculateStatus(d, all, newRS, now);
  if (!hasProgressDeadline(d)) removeCondition(status, 'Progressing');
  const current = getCondition(d.status, 'Progressing');
  const isComplete = (status.replicas ?? 0) === (status.updatedReplicas ?? 0) && current?.reason === Reason.NewReplicaSetAvailable;
  if (hasProgressDeadline(d) && !isComplete) {
    const subject = newRS ? `ReplicaSet "${newRS.metadata.name}"` : `Deployment "${d.metadata.name}"`;
    if (deploymentComplete(d, status)) {
      setCondition(status, newCondition('Progressing', 'True', Reason.NewReplicaSetAvailable, `${subject} has successfully progressed.`, now));
    } else if (deploymentProgressing(d, status)) {
      // Progress refreshes lastUpdateTime even with the same reason, so the deadline counts from the last progress.
      const cond = newCondition('Progressing', 'True', Reason.ReplicaSetUpdated, `${subject} is progressing.`, now);
      if (current) {
        if (current.status === 'True') cond.lastTransitionTime = current.lastTransitionTime;
        removeCondition(status, 'Progressing');
      }
      setCondition(status, cond);
    } else if (deploymentTimedOut(d, status, now)) {
      setCondition(status, newCondition('Progressing', 'False', Reason.ProgressDeadlineExceeded, `${subject} has timed out progressing.`, now));
    }
  }
  const failure = replicaFailure(all, newRS);
  if (failure) setCondition(status, failure);
  else removeCondition(status, 'ReplicaFailure');
  if (deepEqual(d.status, status)) {
    s.recheckAfterMs = recheckAfter(d, status, now);
    return;
  }
  d.status = status;
  await s.updateStatus();
}

/** When to check a stalled rollout for its deadline again (requeueStuckDeployment), or undefined. */
export function recheckAfter(d: DeploymentObject, status: DeploymentStatus, now: Date): number | undefined {
  const cond = getCondition(d.status, 'Progressing');
  if (!hasProgressDeadline(d) || !cond) return undefined;
  if (deploymentComplete(d, status) || cond.reason === Reason.ProgressDeadlineExceeded) return undefined;
  const last = Date.parse(cond.lastUpdateTime ?? '');
  if (!Number.isFinite(last)) return undefined;
  const after = last + d.spec.progressDeadlineSeconds! * 1000 - now.getTime();
  // The deadline passes strictly after lastUpdateTime + deadline: look just past it.
  return Math.max(MIN_RECHECK_MS, after + 10);
}

/** The ReplicaFailure of the new ReplicaSet, else of any old one, as a Deployment condition. */
function replicaFailure(all: readonly (ReplicaSetObject | undefined)[], newRS: ReplicaSetObject | undefined): DeploymentCondition | undefined {
  for (const rs of [newRS, ...all]) {
    const c = rs?.status?.conditions?.find((x) => x.type === 'ReplicaFailure');
    if (c) return { type: c.type, status: c.status, lastTransitionTime: c.lastTransitionTime, lastUpdateTime: c.lastTransitionTime, reason: c.reason, message: c.message };
  }
  return undefined;
}
