// The default profile's score plugins and their weights: NodeResourcesFit (LeastAllocated over cpu and memory)
// ×1, NodeResourcesBalancedAllocation ×1, NodeAffinity (preferred terms) ×2, TaintToleration
// (PreferNoSchedule) ×3, PodTopologySpread with the system default constraints ×2. Each plugin scores
// 0–100 per node after its own normalization; the node's total is the weighted sum.
import type { Taint, Toleration } from 'kubernetes-types/core/v1.js';
import { toleratesTaint } from '../../api/workloads/tolerations.js';
import type { NodeInfo } from './node-info.js';
import type { PodInfo } from './pod-info.js';

export const MAX_NODE_SCORE = 100;

export const WEIGHTS = { fit: 1, balanced: 1, affinity: 2, taint: 3, spread: 2 } as const;

/** System default spreading: maxSkew 3 per hostname and 5 per zone, ScheduleAnyway. */
const HOST_MAX_SKEW = 3;
const ZONE_MAX_SKEW = 5;

export interface ZoneCounts {
  zoneCount(zone: string, spreadKey: string): number;
}

/** leastRequestedScore, averaged over cpu and memory (equal weights), counting non-zero requests. */
export function leastAllocatedScore(pi: PodInfo, ni: NodeInfo): number {
  const cpu = leastRequested(ni.nonZero.milliCpu + pi.nonZero.milliCpu, ni.allocatable.milliCpu);
  const mem = leastRequested(ni.nonZero.memory + pi.nonZero.memory, ni.allocatable.memory);
  return Math.floor((cpu + mem) / 2);
}

function leastRequested(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return Math.floor(((capacity - requested) * MAX_NODE_SCORE) / capacity);
}

/** 100 × (1 − std of the cpu and memory fractions), counting actual requests. */
export function balancedAllocationScore(pi: PodInfo, ni: NodeInfo): number {
  const cpuAlloc = ni.allocatable.milliCpu, memAlloc = ni.allocatable.memory;
  // With one resource (or none) allocatable the deviation is zero.
  if (cpuAlloc <= 0 || memAlloc <= 0) return MAX_NODE_SCORE;
  const cpu = Math.min(1, (ni.requested.milliCpu + pi.requests.milliCpu) / cpuAlloc);
  const mem = Math.min(1, (ni.requested.memory + pi.requests.memory) / memAlloc);
  return Math.trunc((1 - Math.abs((cpu - mem) / 2)) * MAX_NODE_SCORE);
}

/** framework's DefaultNormalizeScore. */
export function normalize(scores: number[], reverse: boolean): void {
  let max = 0;
  for (const s of scores) if (s > max) max = s;
  if (max === 0) {
    if (reverse) scores.fill(MAX_NODE_SCORE);
    return;
  }
  for (let i = 0; i < scores.length; i++) {
    const s = Math.floor((MAX_NODE_SCORE * scores[i]) / max);
    scores[i] = reverse ? MAX_NODE_SCORE - s : s;
  }
}

/**
 * PodTopologySpread's score for system-defaulted constraints: per constraint whose key the node has,
 * count × log(domains + 2) + (maxSkew − 1); then fewer is better, scaled to 0–100.
 */
export function spreadScores(pi: PodInfo, nodes: readonly NodeInfo[], zones: ZoneCounts): number[] | undefined {
  const key = pi.spreadKey;
  if (!key) return undefined;
  let hosts = 0;
  const zoneTotals = new Map<string, number>();
  for (const n of nodes) {
    if (n.hasHostname) hosts++;
    if (n.zone !== undefined && !zoneTotals.has(n.zone)) zoneTotals.set(n.zone, zones.zoneCount(n.zone, key));
  }
  const hostWeight = Math.log(hosts + 2);
  const zoneWeight = Math.log(zoneTotals.size + 2);
  const raw = new Array<number>(nodes.length);
  let min = Infinity, max = 0;
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i];
    let s = 0;
    if (n.hasHostname) s += (n.spreadCounts.get(key) ?? 0) * hostWeight + (HOST_MAX_SKEW - 1);
    if (n.zone !== undefined) s += zoneTotals.get(n.zone)! * zoneWeight + (ZONE_MAX_SKEW - 1);
    s = Math.round(s);
    raw[i] = s;
    if (s < min) min = s;
    if (s > max) max = s;
  }
  for (let i = 0; i < raw.length; i++) raw[i] = max === 0 ? MAX_NODE_SCORE : Math.floor((MAX_NODE_SCORE * (max + min - raw[i])) / max);
  return raw;
}

/** PreferNoSchedule taints not tolerated by the tolerations that apply to them (empty or PreferNoSchedule effect). */
function countIntolerablePreferNoSchedule(taints: readonly Taint[], tolerations: readonly Toleration[]): number {
  let n = 0;
  for (const taint of taints) {
    if (taint.effect !== 'PreferNoSchedule') continue;
    if (!tolerations.some((t) => (!t.effect || t.effect === 'PreferNoSchedule') && toleratesTaint(t, taint))) n++;
  }
  return n;
}

/** Weighted totals for the feasible nodes, in their order. */
export function scoreNodes(pi: PodInfo, nodes: readonly NodeInfo[], zones: ZoneCounts): number[] {
  const n = nodes.length;
  const totals = new Array<number>(n);
  // Balancing is skipped for best-effort pods, so they do not pile onto one node.
  const balance = pi.requests.milliCpu !== 0 || pi.requests.memory !== 0;
  let tainted = false;
  for (let i = 0; i < n; i++) {
    const node = nodes[i];
    let s = WEIGHTS.fit * leastAllocatedScore(pi, node);
    if (balance) s += WEIGHTS.balanced * balancedAllocationScore(pi, node);
    totals[i] = s;
    if (node.taints.length > 0) tainted = true;
  }
  if (pi.preferred.length > 0) {
    const s = nodes.map((node) => pi.preferred.reduce((sum, p) => (p.matches(node) ? sum + p.weight : sum), 0));
    normalize(s, false);
    for (let i = 0; i < n; i++) totals[i] += WEIGHTS.affinity * s[i];
  }
  // Without taints every node scores the same 100 here, which cannot change the choice: skip the work.
  if (tainted) {
    const t = nodes.map((node) => (node.taints.length === 0 ? 0 : countIntolerablePreferNoSchedule(node.taints, pi.tolerations)));
    normalize(t, true);
    for (let i = 0; i < n; i++) totals[i] += WEIGHTS.taint * t[i];
  }
  const spread = spreadScores(pi, nodes, zones);
  if (spread) for (let i = 0; i < n; i++) totals[i] += WEIGHTS.spread * spread[i];
  return totals;
}
