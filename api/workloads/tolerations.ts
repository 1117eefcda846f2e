// Taints and tolerations as k8s.io/api/core/v1 and its v1helper define them (Toleration.ToleratesTaint,
// FindMatchingUntoleratedTaint, GetMatchingTolerations). One definition for the scheduler, the DaemonSet
// controller and taint eviction, so they never disagree about whether a pod may stay on a node.
import type { Taint, Toleration } from 'kubernetes-types/core/v1.js';

/** v1.Toleration.ToleratesTaint: an empty key with Exists tolerates every taint; an empty effect, every effect. */
export function toleratesTaint(tol: Toleration, taint: Taint): boolean {
  if (tol.effect && tol.effect !== taint.effect) return false;
  if (tol.key && tol.key !== taint.key) return false;
  switch (tol.operator ?? '') {
    case '':
    case 'Equal':
      return (tol.value ?? '') === (taint.value ?? '');
    case 'Exists':
      return true;
    default:
      return false;
  }
}

/** Whether any of the tolerations tolerates the taint. */
export function tolerated(tolerations: readonly Toleration[], taint: Taint): boolean {
  for (const t of tolerations) if (toleratesTaint(t, taint)) return true;
  return false;
}

/** Taints that keep new pods off a node (PreferNoSchedule only weighs against it). */
export const isNoScheduleOrNoExecute = (t: Taint): boolean => t.effect === 'NoSchedule' || t.effect === 'NoExecute';
/** Taints that also evict the pods already on a node. */
export const isNoExecute = (t: Taint): boolean => t.effect === 'NoExecute';

/** The first taint (in the node's order) passing `filter` that none of the tolerations tolerates. */
export function findUntoleratedTaint(taints: readonly Taint[], tolerations: readonly Toleration[], filter: (t: Taint) => boolean): Taint | undefined {
  // A plain loop: the scheduler calls this for every node it filters.
  for (const taint of taints) if (filter(taint) && !tolerated(tolerations, taint)) return taint;
  return undefined;
}

/** Whether every taint is tolerated, and the tolerations that did it (v1helper.GetMatchingTolerations). */
export function matchingTolerations(taints: readonly Taint[], tolerations: readonly Toleration[] | undefined): { allTolerated: boolean; used: Toleration[] } {
  const used: Toleration[] = [];
  for (const taint of taints) {
    const tol = (tolerations ?? []).find((t) => toleratesTaint(t, taint));
    if (!tol) return { allTolerated: false, used: [] };
    used.push(tol);
  }
  return { allTolerated: true, used };
}
