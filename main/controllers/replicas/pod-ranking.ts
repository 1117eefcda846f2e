// Which pods a scale-down removes first: upstream's ActivePodsWithRanks order (pkg/controller/controller_utils.go),
// with the pod-deletion-cost annotation and logarithmic scale-down (both on by default in 1.32):
//   unscheduled < scheduled; Pending < Unknown < Running; not ready < ready; lower deletion cost first;
//   more related pods on the same node first; ready more recently first (log2 buckets);
//   more container restarts first; created more recently first (log2 buckets).
import type { KubeObject } from '../../../api/types/meta.js';
import { asPod, isPodActive, isPodReady, podCondition } from '../../../api/workloads/pods.js';

const PHASE_ORDER: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };
const DELETION_COST = 'controller.kubernetes.io/pod-deletion-cost';

interface Ranked {
  pod: KubeObject;
  /** Related active pods on the same node. */
  rank: number;
}

/** The `diff` pods to delete out of `pods`, ranked against `related` (pods of the owner's siblings too). */
export function podsToDelete(pods: readonly KubeObject[], related: readonly KubeObject[], diff: number, now: Date): KubeObject[] {
  if (diff >= pods.length) return [...pods];
  const onNode = new Map<string, number>();
  for (const p of related) {
    if (!isPodActive(p)) continue;
    const node = nodeName(p);
    onNode.set(node, (onNode.get(node) ?? 0) + 1);
  }
  const ranked: Ranked[] = pods.map((pod) => ({ pod, rank: onNode.get(nodeName(pod)) ?? 0 }));
  ranked.sort((a, b) => compareForDeletion(a, b, now.getTime()));
  return ranked.slice(0, diff).map((r) => r.pod);
}

/** Negative when `a` should be deleted before `b`. */
export function compareForDeletion(a: Ranked, b: Ranked, nowMs: number): number {
  const pa = a.pod, pb = b.pod;
  const na = nodeName(pa), nb = nodeName(pb);
  if (na !== nb && (na === '' || nb === '')) return na === '' ? -1 : 1;
  const phA = PHASE_ORDER[asPod(pa).status?.phase ?? ''] ?? 0, phB = PHASE_ORDER[asPod(pb).status?.phase ?? ''] ?? 0;
  if (phA !== phB) return phA - phB;
  const ra = isPodReady(pa), rb = isPodReady(pb);
  if (ra !== rb) return ra ? 1 : -1;
  const ca = deletionCost(pa), cb = deletionCost(pb);
  if (ca !== cb) return ca < cb ? -1 : 1;
  if (a.rank !== b.rank) return b.rank - a.rank;
  if (ra && rb) {
    const ta = readyTime(pa), tb = readyTime(pb);
    if (ta !== tb) {
      const c = compareTimes(ta, tb, nowMs, pa, pb);
      if (c !== 0) return c;
    }
  }
  const restarts = maxRestarts(pb) - maxRestarts(pa);
  if (restarts !== 0) return restarts;
  const ka = created(pa), kb = created(pb);
  if (ka !== kb) return compareTimes(ka, kb, nowMs, pa, pb);
  return 0;
}

/**
 * Newer (or unknown) first; with both times known, times in the same power-of-two age bucket count as equal
 * and are ordered by UID (upstream's logarithmicRankDiff), so scale-down spreads over ages.
 */
function compareTimes(ta: number | undefined, tb: number | undefined, nowMs: number, pa: KubeObject, pb: KubeObject): number {
  if (ta === undefined || tb === undefined) return afterOrZero(ta, tb);
  const diff = logBucket(nowMs - ta) - logBucket(nowMs - tb);
  if (diff === 0) {
    const ua = pa.metadata.uid ?? '', ub = pb.metadata.uid ?? '';
    return ua < ub ? -1 : ua > ub ? 1 : 0;
  }
  return diff;
}

/** afterOrZero: an unknown time sorts first, then later before earlier. */
function afterOrZero(ta: number | undefined, tb: number | undefined): number {
  if (ta === undefined || tb === undefined) return ta === undefined ? -1 : 1;
  return tb - ta;
}

/** floor(log2(age in nanoseconds)), -1 for a non-positive age. */
function logBucket(ageMs: number): number {
  if (ageMs <= 0) return -1;
  return Math.floor(Math.log2(ageMs * 1e6));
}

function nodeName(pod: KubeObject): string {
  return asPod(pod).spec?.nodeName ?? '';
}

function deletionCost(pod: KubeObject): number {
  const v = pod.metadata.annotations?.[DELETION_COST];
  if (v === undefined) return 0;
  const n = Number(v);
  return Number.isInteger(n) ? n : 0;
}

function readyTime(pod: KubeObject): number | undefined {
  const t = podCondition(pod, 'Ready')?.lastTransitionTime;
  return parseTime(t);
}

function created(pod: KubeObject): number | undefined {
  return parseTime(pod.metadata.creationTimestamp);
}

function parseTime(t: string | undefined | null): number | undefined {
  if (!t) return undefined;
  const ms = Date.parse(t);
  return Number.isFinite(ms) ? ms : undefined;
}

function maxRestarts(pod: KubeObject): number {
  let max = 0;
  for (const c of asPod(pod).status?.containerStatuses ?? []) max = Math.max(max, c.restartCount ?? 0);
  return max;
}
