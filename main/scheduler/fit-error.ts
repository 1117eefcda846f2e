// The message a pod that fits nowhere gets, in kube-scheduler 1.32's words (framework.FitError.Error()):
// "0/N nodes are available: <count reason, …sorted>. preemption: 0/N nodes are available: <…>.."
// The preemption part is what DefaultPreemption's dry run reports. This scheduler does not preempt, but it
// runs the same dry run for the message, so users see the explanation they know from real clusters.
import { filterNode, type FilterFailure } from './filters.js';
import type { NodeInfo } from './node-info.js';
import type { PodInfo } from './pod-info.js';

export const NO_NODES_MESSAGE = 'no nodes available to schedule pods';
export const NOT_HELPFUL = 'Preemption is not helpful for scheduling';
export const NO_VICTIMS = 'No preemption victims found for incoming pod';
/** For a node where evicting lower-priority pods would make room: upstream would preempt, we do not. */
export const PREEMPTION_UNSUPPORTED = 'Preemption is not supported by this scheduler';

/** Upstream truncates event and condition messages to 1024 characters. */
const MAX_MESSAGE = 1024;

export interface NodeFailure {
  node: NodeInfo;
  failure: FilterFailure;
}

/** Nodes a PreFilter ruled out without filtering them, all for one reason. */
export interface Absent {
  count: number;
  reason: string;
}

/** "0/3 nodes are available: 1 node(s) were unschedulable, 2 Insufficient cpu." */
export function availabilitySummary(numAllNodes: number, reasonsPerNode: Iterable<readonly string[]>, absent?: Absent): string {
  const counts = new Map<string, number>();
  for (const reasons of reasonsPerNode) for (const r of reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  if (absent && absent.count > 0) counts.set(absent.reason, (counts.get(absent.reason) ?? 0) + absent.count);
  // Go's sort.Strings on "<count> <reason>": byte order, so "10 x" sorts before "2 y".
  const parts = [...counts].map(([r, n]) => `${n} ${r}`).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  let msg = `0/${numAllNodes} nodes are available:`;
  if (parts.length > 0) msg += ` ${parts.join(', ')}.`;
  return msg;
}

/** What DefaultPreemption's PostFilter would say, "preemption: …". */
export function preemptionMessage(pi: PodInfo, numAllNodes: number, failures: readonly NodeFailure[], absent = 0): string {
  if (pi.preemptNever) return 'preemption: not eligible due to preemptionPolicy=Never.';
  const statuses = failures.map(({ node, failure }): readonly string[] => {
    if (failure.unresolvable) return [NOT_HELPFUL];
    if (!node.hasPodBelow(pi.priority)) return [NO_VICTIMS];
    const victims = [...node.pods.values()].filter((p) => p.priority < pi.priority);
    const after = filterNode(pi, node.without(victims));
    return after ? after.reasons : [PREEMPTION_UNSUPPORTED];
  });
  return `preemption: ${availabilitySummary(numAllNodes, statuses, { count: absent, reason: NOT_HELPFUL })}`;
}

/** The full message of a failed scheduling attempt, as written to the PodScheduled condition and the event. */
export function fitErrorMessage(pi: PodInfo, numAllNodes: number, failures: readonly NodeFailure[], absent?: Absent): string {
  const summary = availabilitySummary(numAllNodes, failures.map((f) => f.failure.reasons), absent);
  return `${summary} ${preemptionMessage(pi, numAllNodes, failures, absent?.count ?? 0)}.`;
}

/** A PreFilter rejected the pod outright: its message stands for every node. */
export function preFilterMessage(pi: PodInfo, numAllNodes: number, message: string): string {
  return `0/${numAllNodes} nodes are available: ${message}. ${preemptionMessage(pi, numAllNodes, [], numAllNodes)}.`;
}

export function truncateMessage(msg: string): string {
  return msg.length <= MAX_MESSAGE ? msg : `${msg.slice(0, MAX_MESSAGE - 3)}...`;
}
