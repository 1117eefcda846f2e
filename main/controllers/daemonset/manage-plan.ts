// What the DaemonSet's pods should be, node by node (upstream's manage/podsShouldBeOnNode): a pod where one
// should run and none does; no pods where none should; one pod per node (two while surging during a rolling
// update); finished pods replaced. Pure: the controller does the writes.
import { isPodAvailable, isPodReady } from '../../../api/workloads/pods.js';
import { compareDaemonPods, type DaemonSetObject, type NodePlacement, type PodObject } from './daemon-pod.js';
import { HASH_LABEL } from './revision.js';

export interface ManagePlan {
  /** Nodes that need a daemon pod created. */
  nodesNeedingPods: string[];
  /** Pods to delete now (excess, misplaced, succeeded). */
  podsToDelete: PodObject[];
  /** Failed pods to replace; the controller rate-limits these per node. */
  failedPods: { pod: PodObject; node: string }[];
  /** Succeeded pods (also in podsToDelete), for the SucceededDaemonPod event. */
  succeededPods: { pod: PodObject; node: string }[];
  /** Pods whose node is not in the node list: gone, or not yet seen. */
  podsWithoutNode: PodObject[];
}

export interface PlanInput extends NodePlacement {
  ds: DaemonSetObject;
  /** maxSurge resolves to more than zero (util.AllowsSurge). */
  allowsSurge: boolean;
}

export function planManage(input: PlanInput): ManagePlan {
  const plan: ManagePlan = { nodesNeedingPods: [], podsToDelete: [], failedPods: [], succeededPods: [], podsWithoutNode: [] };
  const minReady = input.ds.spec?.minReadySeconds ?? 0;
  const known = new Set<string>();
  for (const node of input.nodes) {
    const name = node.metadata?.name ?? '';
    known.add(name);
    const { shouldRun, shouldContinueRunning } = input.eligibility(node);
    const pods = input.byNode.get(name);
    if (shouldRun && pods === undefined) {
      plan.nodesNeedingPods.push(name);
      continue;
    }
    if (pods === undefined) continue;
    if (!shouldContinueRunning) {
      for (const p of pods) if (p.metadata.deletionTimestamp === undefined) plan.podsToDelete.push(p);
      continue;
    }
    const running: PodObject[] = [];
    for (const p of pods) {
      if (p.metadata.deletionTimestamp !== undefined) continue;
      const phase = p.status?.phase;
      if (phase === 'Failed') plan.failedPods.push({ pod: p, node: name });
      else if (phase === 'Succeeded') {
        plan.succeededPods.push({ pod: p, node: name });
        plan.podsToDelete.push(p);
      } else running.push(p);
    }
    running.sort(compareDaemonPods);
    if (!input.allowsSurge) {
      // Keep the oldest; a replacement for a failed pod is created once it is gone.
      plan.podsToDelete.push(...running.slice(1));
      continue;
    }
    if (running.length <= 1) {
      if (running.length === 0 && shouldRun) plan.nodesNeedingPods.push(name);
      continue;
    }
    // Surging: keep the oldest current pod and, while it is not yet available, the oldest old one (if ready).
    let oldestNew: PodObject | undefined, oldestOld: PodObject | undefined;
    for (const p of running) {
      const current = p.metadata.labels?.[HASH_LABEL] === input.hash;
      if (current && !oldestNew) oldestNew = p;
      else if (!current && !oldestOld) oldestOld = p;
      else plan.podsToDelete.push(p);
    }
    if (oldestNew && oldestOld && (!isPodReady(oldestOld) || isPodAvailable(oldestNew, minReady, input.now))) plan.podsToDelete.push(oldestOld);
  }
  for (const [name, pods] of input.byNode) {
    if (known.has(name)) continue;
    for (const p of pods) if (p.metadata.deletionTimestamp === undefined) plan.podsWithoutNode.push(p);
  }
  return plan;
}
