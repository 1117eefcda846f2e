// Recreate (upstream's recreate.go): scale every old ReplicaSet to zero, wait until none of their pods is left
// running, and only then create (or grow) the new ReplicaSet.
import type { KubeObject } from '../../../api/types/meta.js';
import { deploymentComplete } from './conditions.js';
import { syncRolloutStatus } from './progress.js';
import { actualReplicas, filterActive } from './replica-sets.js';
import type { DeploymentSync } from './sync.js';
import { replicasOf, type ReplicaSetObject } from './types.js';

/** Pods by the UID of the ReplicaSet controlling them. */
export type PodMap = Map<string, KubeObject[]>;

export async function rolloutRecreate(s: DeploymentSync, podMap: PodMap): Promise<void> {
  // Not creating the new ReplicaSet yet, so nothing scales up before the old pods are gone.
  let split = await s.split(false);
  let scaledDown = false;
  for (const rs of filterActive(split.oldRSs.map((x) => s.fresh(x)))) {
    if ((await s.scaleAndRecord(rs, 0)).scaled) scaledDown = true;
  }
  if (scaledDown || oldPodsRunning(split.newRS, split.oldRSs.map((x) => s.fresh(x)), podMap)) return syncRolloutStatus(s, split);
  if (!split.newRS) split = await s.split(true);
  await s.scaleAndRecord(split.newRS!, replicasOf(s.d));
  if (deploymentComplete(s.d, s.d.status ?? {})) await s.cleanup(split.oldRSs);
  await syncRolloutStatus(s, split);
}

function oldPodsRunning(newRS: ReplicaSetObject | undefined, oldRSs: ReplicaSetObject[], podMap: PodMap): boolean {
  if (actualReplicas(oldRSs) > 0) return true;
  for (const [uid, pods] of podMap) {
    if (uid === newRS?.metadata.uid) continue;
    for (const pod of pods) {
      const phase = (pod.status as { phase?: string } | undefined)?.phase;
      if (phase !== 'Failed' && phase !== 'Succeeded') return true;
    }
  }
  return false;
}
