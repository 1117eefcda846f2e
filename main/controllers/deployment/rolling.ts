// RollingUpdate (upstream's rolling.go): grow the new ReplicaSet as far as maxSurge allows; otherwise shrink old
// ones as far as maxUnavailable allows (unhealthy pods first); once complete, prune old history.
import { deploymentComplete } from './conditions.js';
import { syncRolloutStatus } from './progress.js';
import { filterActive } from './replica-sets.js';
import { newRSNewReplicas, planOldScaleDown } from './rollout-math.js';
import type { DeploymentSync } from './sync.js';
import { replicasOf, type ReplicaSetObject } from './types.js';

export async function rolloutRolling(s: DeploymentSync): Promise<void> {
  const split = await s.split(true);
  const newRS = split.newRS!;
  const all = (): ReplicaSetObject[] => [...split.oldRSs, newRS].map((rs) => s.fresh(rs));
  if (await reconcileNewReplicaSet(s, all(), s.fresh(newRS))) return syncRolloutStatus(s, split);
  if (await reconcileOldReplicaSets(s, all(), filterActive(split.oldRSs.map((rs) => s.fresh(rs))), s.fresh(newRS))) return syncRolloutStatus(s, split);
  if (deploymentComplete(s.d, s.d.status ?? {})) await s.cleanup(split.oldRSs);
  await syncRolloutStatus(s, split);
}

async function reconcileNewReplicaSet(s: DeploymentSync, allRSs: ReplicaSetObject[], newRS: ReplicaSetObject): Promise<boolean> {
  const want = replicasOf(s.d);
  if (replicasOf(newRS) === want) return false;
  if (replicasOf(newRS) > want) return (await s.scaleAndRecord(newRS, want)).scaled;
  return (await s.scaleAndRecord(newRS, newRSNewReplicas(s.d, allRSs, newRS))).scaled;
}

async function reconcileOldReplicaSets(s: DeploymentSync, allRSs: ReplicaSetObject[], oldActive: ReplicaSetObject[], newRS: ReplicaSetObject): Promise<boolean> {
  const steps = planOldScaleDown(s.d, allRSs, oldActive, newRS);
  for (const step of steps) await s.scaleAndRecord(step.rs, step.to);
  return steps.length > 0;
}
