// Rollout arithmetic (deployment_util.go, rolling.go, sync.go): maxSurge/maxUnavailable with upstream's rounding
// (surge rounds up, unavailability down, and never both zero), how far the new ReplicaSet may grow, how a
// rolling update shrinks old ReplicaSets, and how a resize mid-rollout is spread proportionally. Pure functions:
// they return the sizes to set, the controller writes them.
import { availableReplicas, byCreation, bySizeNewer, bySizeOlder, desiredReplicasAnnotation, maxReplicasAnnotation, specReplicas } from './replica-sets.js';
import { isRollingUpdate, replicasOf, type DeploymentObject, type ReplicaSetObject } from './types.js';

type IntOrString = number | string;

/** intstr.GetScaledValueFromIntOrPercent: an int as is, "N%" of total rounded up or down. */
export function scaledValue(v: IntOrString | undefined, total: number, roundUp: boolean): number {
  if (v === undefined || v === null) return 0;
  if (typeof v === 'number') return v;
  if (!v.endsWith('%')) throw new Error(`invalid value for IntOrString: invalid type: string is not a percentage`);
  const pct = Number(v.slice(0, -1));
  if (!Number.isInteger(pct)) throw new Error(`invalid value "${v}": strconv.Atoi: parsing "${v.slice(0, -1)}": invalid syntax`);
  const raw = (pct * total) / 100;
  return roundUp ? Math.ceil(raw) : Math.floor(raw);
}

/** [surge, unavailable] for a Deployment of `desired` replicas; both zero becomes unavailable = 1. */
export function resolveFenceposts(surge: IntOrString | undefined, unavailable: IntOrString | undefined, desired: number): [number, number] {
  const s = scaledValue(surge ?? 0, desired, true);
  let u = scaledValue(unavailable ?? 0, desired, false);
  if (s === 0 && u === 0) u = 1;
  return [s, u];
}

export function maxSurge(d: DeploymentObject): number {
  if (!isRollingUpdate(d)) return 0;
  const ru = d.spec.strategy?.rollingUpdate;
  return resolveFenceposts(ru?.maxSurge, ru?.maxUnavailable, replicasOf(d))[0];
}

export function maxUnavailable(d: DeploymentObject): number {
  const replicas = replicasOf(d);
  if (!isRollingUpdate(d) || replicas === 0) return 0;
  const ru = d.spec.strategy?.rollingUpdate;
  return Math.min(resolveFenceposts(ru?.maxSurge, ru?.maxUnavailable, replicas)[1], replicas);
}

/** The size the new ReplicaSet may grow to now (NewRSNewReplicas). */
export function newRSNewReplicas(d: DeploymentObject, allRSs: readonly (ReplicaSetObject | undefined)[], newRS: ReplicaSetObject): number {
  if (!isRollingUpdate(d)) return replicasOf(d);
  const surge = scaledValue(d.spec.strategy?.rollingUpdate?.maxSurge ?? 0, replicasOf(d), true);
  const current = specReplicas(allRSs);
  const maxTotal = replicasOf(d) + surge;
  if (current >= maxTotal) return replicasOf(newRS);
  const up = Math.min(maxTotal - current, replicasOf(d) - replicasOf(newRS));
  return replicasOf(newRS) + up;
}

/** The new ReplicaSet has all the Deployment's replicas, available (IsSaturated). */
export function isSaturated(d: DeploymentObject, rs: ReplicaSetObject | undefined): boolean {
  if (!rs) return false;
  const desired = desiredReplicasAnnotation(rs);
  const n = replicasOf(d);
  return desired === n && replicasOf(rs) === n && (rs.status?.availableReplicas ?? 0) === n;
}

export interface ScaleStep {
  rs: ReplicaSetObject;
  to: number;
}

/** Go's math.Round: halves away from zero. */
export function roundHalfAwayFromZero(x: number): number {
  return Math.sign(x) * Math.round(Math.abs(x));
}

function replicaSetFraction(rs: ReplicaSetObject, d: DeploymentObject): number {
  if (replicasOf(d) === 0) return -replicasOf(rs);
  const deploymentReplicas = replicasOf(d) + maxSurge(d);
  // Without the annotation fall back to the current size: not exact, but min/max in proportion() keep it in bounds.
  const annotated = maxReplicasAnnotation(rs) ?? d.status?.replicas ?? 0;
  const size = (replicasOf(rs) * deploymentReplicas) / annotated;
  return roundHalfAwayFromZero(size) - replicasOf(rs);
}

/** How many replicas `rs` gets of the `toAdd` still to hand out (GetProportion). */
export function proportion(rs: ReplicaSetObject, d: DeploymentObject, toAdd: number, added: number): number {
  if (replicasOf(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  const fraction = replicaSetFraction(rs, d);
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

/**
 * A resize during a rolling update: the new size (replicas + surge) minus what the active ReplicaSets have is
 * spread over them in proportion to their share of the size they were last scaled for; larger ones first (newer
 * first when growing, older first when shrinking), any rounding leftover going to the first. Steps are in the
 * order to apply them.
 */
export function planProportionalScale(d: DeploymentObject, active: readonly ReplicaSetObject[]): ScaleStep[] {
  const allowedSize = replicasOf(d) > 0 ? replicasOf(d) + maxSurge(d) : 0;
  const toAdd = allowedSize - specReplicas(active);
  const sorted = [...active];
  if (toAdd > 0) sorted.sort(bySizeNewer);
  else if (toAdd < 0) sorted.sort(bySizeOlder);
  let added = 0;
  const sizes = sorted.map((rs) => {
    if (toAdd === 0) return replicasOf(rs);
    const p = proportion(rs, d, toAdd, added);
    added += p;
    return replicasOf(rs) + p;
  });
  if (sorted.length > 0 && toAdd !== 0) sizes[0] = Math.max(0, sizes[0] + toAdd - added);
  return sorted.map((rs, i) => ({ rs, to: sizes[i] }));
}

/** A copy of a ReplicaSet with another spec.replicas (for planning several steps). */
function resized(rs: ReplicaSetObject, to: number): ReplicaSetObject {
  return { ...rs, spec: { ...rs.spec, replicas: to } };
}

/**
 * Rolling update, scaling down: first old pods that are not available (up to what the availability budget
 * allows), oldest ReplicaSet first, then available old pods down to minAvailable (reconcileOldReplicaSets).
 * A ReplicaSet may appear in both phases; apply the steps in order (the second starts where the first ended).
 */
export function planOldScaleDown(d: DeploymentObject, allRSs: readonly ReplicaSetObject[], oldRSs: readonly ReplicaSetObject[], newRS: ReplicaSetObject): ScaleStep[] {
  const oldCount = specReplicas(oldRSs);
  if (oldCount === 0) return [];
  const minAvailable = replicasOf(d) - maxUnavailable(d);
  const newUnavailable = replicasOf(newRS) - (newRS.status?.availableReplicas ?? 0);
  const maxScaledDown = specReplicas(allRSs) - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return [];
  const steps: ScaleStep[] = [];
  // 1. unhealthy replicas, which would otherwise block the rollout
  const old = [...oldRSs].sort(byCreation);
  let cleaned = 0;
  for (let i = 0; i < old.length && cleaned < maxScaledDown; i++) {
    const rs = old[i];
    const unhealthy = replicasOf(rs) - (rs.status?.availableReplicas ?? 0);
    if (replicasOf(rs) === 0 || unhealthy <= 0) continue;
    const down = Math.min(maxScaledDown - cleaned, unhealthy);
    old[i] = resized(rs, replicasOf(rs) - down);
    steps.push({ rs, to: replicasOf(old[i]) });
    cleaned += down;
  }
  // 2. available replicas, keeping minAvailable
  const available = availableReplicas([...old, newRS]);
  if (available <= minAvailable) return steps;
  const budget = available - minAvailable;
  let scaled = 0;
  for (const rs of old) {
    if (scaled >= budget) break;
    if (replicasOf(rs) === 0) continue;
    const down = Math.min(replicasOf(rs), budget - scaled);
    steps.push({ rs, to: replicasOf(rs) - down });
    scaled += down;
  }
  return steps;
}
