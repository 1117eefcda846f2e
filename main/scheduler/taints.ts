// Taints and tolerations as core/v1 helpers define them (Toleration.ToleratesTaint,
// FindMatchingUntoleratedTaint).
import type { Taint, Toleration } from 'kubernetes-types/core/v1.js';

export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  switch (t.operator ?? '') {
    case '': case 'Equal': return (t.value ?? '') === (taint.value ?? '');
    case 'Exists': return true;
    default: return false;
  }
}

export function tolerated(tolerations: readonly Toleration[], taint: Taint): boolean {
  for (const t of tolerations) if (toleratesTaint(t, taint)) return true;
  return false;
}

/** The first NoSchedule or NoExecute taint (in the node's order) none of the tolerations tolerate. */
export function firstUntoleratedTaint(taints: readonly Taint[], tolerations: readonly Toleration[]): Taint | undefined {
  for (const taint of taints) {
    if (taint.effect !== 'NoSchedule' && taint.effect !== 'NoExecute') continue;
    if (!tolerated(tolerations, taint)) return taint;
  }
  return undefined;
}

/** PreferNoSchedule taints not tolerated by the tolerations that apply to them (empty or PreferNoSchedule effect). */
export function countIntolerablePreferNoSchedule(taints: readonly Taint[], tolerations: readonly Toleration[]): number {
  let n = 0;
  for (const taint of taints) {
    if (taint.effect !== 'PreferNoSchedule') continue;
    if (!tolerations.some((t) => (!t.effect || t.effect === 'PreferNoSchedule') && toleratesTaint(t, taint))) n++;
  }
  return n;
}
