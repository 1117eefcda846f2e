// Sorting, finding and counting a Deployment's ReplicaSets, as upstream's controller_utils.go and deployment_util.go do.
import { equalIgnoreHash } from './template-hash.js';
import { DESIRED_REPLICAS_ANNOTATION, MAX_REPLICAS_ANNOTATION, REVISION_ANNOTATION, replicasOf, type DeploymentObject, type ReplicaSetObject } from './types.js';

const created = (rs: ReplicaSetObject): number => {
  const t = Date.parse(rs.metadata.creationTimestamp ?? '');
  return Number.isFinite(t) ? t : 0;
};

/** Older first; same second: by name (ReplicaSetsByCreationTimestamp). */
export function byCreation(a: ReplicaSetObject, b: ReplicaSetObject): number {
  const d = created(a) - created(b);
  if (d !== 0) return d;
  const na = a.metadata.name ?? '', nb = b.metadata.name ?? '';
  return na < nb ? -1 : na > nb ? 1 : 0;
}

/** Larger first; same size: older first (ReplicaSetsBySizeOlder, for scaling down). */
export function bySizeOlder(a: ReplicaSetObject, b: ReplicaSetObject): number {
  const d = replicasOf(b) - replicasOf(a);
  return d !== 0 ? d : byCreation(a, b);
}

/** Larger first; same size: newer first (ReplicaSetsBySizeNewer, for scaling up). */
export function bySizeNewer(a: ReplicaSetObject, b: ReplicaSetObject): number {
  const d = replicasOf(b) - replicasOf(a);
  return d !== 0 ? d : byCreation(b, a);
}

/** The revision annotation as a number (0 when absent or unparsable). */
export function revisionOf(rs: ReplicaSetObject | DeploymentObject): number {
  const v = rs.metadata.annotations?.[REVISION_ANNOTATION];
  if (v === undefined || !/^-?\d+$/.test(v)) return 0;
  return Number(v);
}

/** Lower revision first; same revision: older first (ReplicaSetsByRevision). */
export function byRevision(a: ReplicaSetObject, b: ReplicaSetObject): number {
  const d = revisionOf(a) - revisionOf(b);
  return d !== 0 ? d : byCreation(a, b);
}

export function maxRevision(rss: readonly ReplicaSetObject[]): number {
  return rss.reduce((max, rs) => Math.max(max, revisionOf(rs)), 0);
}

/** The oldest ReplicaSet whose template is the Deployment's (FindNewReplicaSet). */
export function findNewReplicaSet(d: DeploymentObject, rss: readonly ReplicaSetObject[]): ReplicaSetObject | undefined {
  return [...rss].sort(byCreation).find((rs) => equalIgnoreHash(rs.spec.template, d.spec.template));
}

/** Every ReplicaSet but the new one (FindOldReplicaSets' allOldRSs). */
export function findOldReplicaSets(d: DeploymentObject, rss: readonly ReplicaSetObject[]): ReplicaSetObject[] {
  const fresh = findNewReplicaSet(d, rss);
  return rss.filter((rs) => rs.metadata.uid !== fresh?.metadata.uid);
}

/** ReplicaSets that should have pods (spec.replicas > 0). */
export function filterActive(rss: readonly (ReplicaSetObject | undefined)[]): ReplicaSetObject[] {
  return rss.filter((rs): rs is ReplicaSetObject => rs !== undefined && replicasOf(rs) > 0);
}

const present = (rss: readonly (ReplicaSetObject | undefined)[]): ReplicaSetObject[] => rss.filter((rs): rs is ReplicaSetObject => rs !== undefined);

/** Sum of spec.replicas. */
export function specReplicas(rss: readonly (ReplicaSetObject | undefined)[]): number {
  return present(rss).reduce((n, rs) => n + replicasOf(rs), 0);
}

/** Sum of status.replicas (pods that exist). */
export function actualReplicas(rss: readonly (ReplicaSetObject | undefined)[]): number {
  return present(rss).reduce((n, rs) => n + (rs.status?.replicas ?? 0), 0);
}

export function readyReplicas(rss: readonly (ReplicaSetObject | undefined)[]): number {
  return present(rss).reduce((n, rs) => n + (rs.status?.readyReplicas ?? 0), 0);
}

export function availableReplicas(rss: readonly (ReplicaSetObject | undefined)[]): number {
  return present(rss).reduce((n, rs) => n + (rs.status?.availableReplicas ?? 0), 0);
}

/**
 * The one ReplicaSet to scale when there is no rollout in progress: the only active one, or (none active) the new
 * one or else the newest old one; undefined when several are active (FindActiveOrLatest).
 */
export function findActiveOrLatest(newRS: ReplicaSetObject | undefined, oldRSs: readonly ReplicaSetObject[]): ReplicaSetObject | undefined {
  if (!newRS && oldRSs.length === 0) return undefined;
  const newestFirst = [...oldRSs].sort((a, b) => byCreation(b, a));
  const active = filterActive([...newestFirst, newRS]);
  if (active.length === 0) return newRS ?? newestFirst[0];
  return active.length === 1 ? active[0] : undefined;
}

function intAnnotation(rs: ReplicaSetObject, key: string): number | undefined {
  const v = rs.metadata.annotations?.[key];
  if (v === undefined || !/^-?\d+$/.test(v)) return undefined;
  const n = Number(v);
  return n >= -2147483648 && n <= 2147483647 ? n : undefined;
}

export const desiredReplicasAnnotation = (rs: ReplicaSetObject): number | undefined => intAnnotation(rs, DESIRED_REPLICAS_ANNOTATION);
export const maxReplicasAnnotation = (rs: ReplicaSetObject): number | undefined => intAnnotation(rs, MAX_REPLICAS_ANNOTATION);
