// One scheduling decision (schedulePod): filter nodes from a rotating start until enough feasible ones are
// found (percentageOfNodesToScore), score those, and pick the best, breaking ties at random.
import type { SchedulerCache } from './cache.js';
import { filterNode, type FilterPlugin } from './filters.js';
import { fitErrorMessage, NO_NODES_MESSAGE, preFilterMessage, type Absent, type NodeFailure } from './fit-error.js';
import type { NodeInfo } from './node-info.js';
import type { PodInfo } from './pod-info.js';
import { scoreNodes } from './scores.js';

const MIN_FEASIBLE_NODES = 100;
const MIN_FEASIBLE_PERCENTAGE = 5;
/** NodeAffinity's PreFilter message when the terms' node names have nothing in common. */
const AFFINITY_CONFLICT = 'pod affinity terms conflict';

export type Decision =
  | { node: string; evaluated: number; feasible: number }
  | { node?: undefined; message: string; plugins: Set<FilterPlugin>; evaluated: number };

export interface AlgorithmState {
  /** Where the next decision starts filtering, so successive pods look at different nodes. */
  nextStart: number;
  /** 0 = adaptive, like upstream's default. */
  percentageOfNodesToScore: number;
  random: () => number;
}

/** numFeasibleNodesToFind: all nodes below 100; else 50% − 1% per 125 nodes, at least 5% and 100 nodes. */
export function numFeasibleNodesToFind(numAllNodes: number, percentage = 0): number {
  if (numAllNodes < MIN_FEASIBLE_NODES) return numAllNodes;
  let pct = percentage;
  if (pct <= 0) pct = Math.max(MIN_FEASIBLE_PERCENTAGE, 50 - Math.trunc(numAllNodes / 125));
  if (pct >= 100) return numAllNodes;
  return Math.max(MIN_FEASIBLE_NODES, Math.trunc((numAllNodes * pct) / 100));
}

export function schedulePod(pi: PodInfo, cache: SchedulerCache, state: AlgorithmState): Decision {
  const all = cache.nodeList();
  const numAll = all.length;
  if (numAll === 0) return { message: NO_NODES_MESSAGE, plugins: new Set(), evaluated: 0 };
  let nodes = all;
  let absent: Absent | undefined;
  if (pi.nodeNames) {
    // NodeAffinity's PreFilter: only the nodes the pod names can fit; the rest are not even filtered.
    if (pi.nodeNames.size === 0) return { message: preFilterMessage(pi, numAll, AFFINITY_CONFLICT), plugins: new Set(['NodeAffinity']), evaluated: 0 };
    nodes = [...pi.nodeNames].map((name) => cache.node(name)).filter((n): n is NodeInfo => n?.node !== undefined);
    absent = { count: numAll - nodes.length, reason: "node(s) didn't satisfy plugin(s) [NodeAffinity]" };
  }
  const n = nodes.length;
  const want = numFeasibleNodesToFind(n, state.percentageOfNodesToScore);
  const feasible: NodeInfo[] = [];
  const failures: NodeFailure[] = [];
  const start = absent ? 0 : state.nextStart % n;
  let i = 0;
  for (; i < n && feasible.length < want; i++) {
    const node = nodes[(start + i) % n];
    const failure = filterNode(pi, node);
    if (failure) failures.push({ node, failure });
    else feasible.push(node);
  }
  if (!absent) state.nextStart = (start + i) % n;
  if (feasible.length === 0) {
    const plugins = new Set(failures.map((f) => f.failure.plugin));
    if (absent && absent.count > 0) plugins.add('NodeAffinity');
    return { message: fitErrorMessage(pi, numAll, failures, absent), plugins, evaluated: i };
  }
  if (feasible.length === 1) return { node: feasible[0].name, evaluated: i, feasible: 1 };
  const scores = scoreNodes(pi, feasible, cache);
  return { node: feasible[selectHost(scores, state.random)].name, evaluated: i, feasible: feasible.length };
}

/** The index of a highest score; among equals each has the same chance (reservoir sampling). */
export function selectHost(scores: readonly number[], random: () => number): number {
  let best = 0;
  let ties = 1;
  for (let i = 1; i < scores.length; i++) {
    if (scores[i] > scores[best]) {
      best = i;
      ties = 1;
    } else if (scores[i] === scores[best]) {
      ties++;
      if (Math.floor(random() * ties) === 0) best = i;
    }
  }
  return best;
}
