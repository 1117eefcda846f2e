// The default profile's filter plugins, in upstream's order; a node fails at the first plugin that
// rejects it. Reasons are the plugins' own strings, which end up counted in "0/N nodes are available: …".
import { findUntoleratedTaint, isNoScheduleOrNoExecute, tolerated } from '../../api/workloads/tolerations.js';
import type { NodeInfo } from './node-info.js';
import type { PodInfo } from './pod-info.js';

export type FilterPlugin = 'NodeUnschedulable' | 'NodeName' | 'TaintToleration' | 'NodeAffinity' | 'NodePorts' | 'NodeResourcesFit';

export interface FilterFailure {
  plugin: FilterPlugin;
  reasons: readonly string[];
  /** UnschedulableAndUnresolvable: evicting pods from the node would not help. */
  unresolvable: boolean;
}

export const REASON_UNSCHEDULABLE = 'node(s) were unschedulable';
export const REASON_NODE_NAME = "node(s) didn't match the requested node name";
export const REASON_NODE_AFFINITY = "node(s) didn't match Pod's node affinity/selector";
export const REASON_NODE_PORTS = "node(s) didn't have free ports for the requested pod ports";
export const REASON_TOO_MANY_PODS = 'Too many pods';

const UNSCHEDULABLE: FilterFailure = { plugin: 'NodeUnschedulable', reasons: [REASON_UNSCHEDULABLE], unresolvable: true };
const NODE_NAME: FilterFailure = { plugin: 'NodeName', reasons: [REASON_NODE_NAME], unresolvable: true };
const NODE_AFFINITY: FilterFailure = { plugin: 'NodeAffinity', reasons: [REASON_NODE_AFFINITY], unresolvable: true };
const NODE_PORTS: FilterFailure = { plugin: 'NodePorts', reasons: [REASON_NODE_PORTS], unresolvable: false };

const UNSCHEDULABLE_TAINT = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' };

/** Runs every filter; undefined when the pod fits the node. */
export function filterNode(pi: PodInfo, ni: NodeInfo): FilterFailure | undefined {
  if (ni.unschedulable && !tolerated(pi.tolerations, UNSCHEDULABLE_TAINT)) return UNSCHEDULABLE;
  if (pi.requiredNodeName !== undefined && pi.requiredNodeName !== ni.name) return NODE_NAME;
  if (ni.taints.length > 0) {
    const taint = findUntoleratedTaint(ni.taints, pi.tolerations, isNoScheduleOrNoExecute);
    if (taint) return { plugin: 'TaintToleration', reasons: [`node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`], unresolvable: true };
  }
  if (pi.required && !pi.required(ni)) return NODE_AFFINITY;
  for (const hp of pi.hostPorts) if (ni.portConflict(hp)) return NODE_PORTS;
  return fits(pi, ni);
}

/** NodeResourcesFit: every resource short on the node is named. */
export function fits(pi: PodInfo, ni: NodeInfo): FilterFailure | undefined {
  // Hot path: no closures or allocations unless something is short.
  let reasons: string[] | undefined;
  const alloc = ni.allocatable;
  const used = ni.requested;
  const req = pi.requests;
  if (ni.pods.size + 1 > alloc.pods) (reasons ??= []).push(REASON_TOO_MANY_PODS);
  if (req.milliCpu > 0 && req.milliCpu > alloc.milliCpu - used.milliCpu) (reasons ??= []).push('Insufficient cpu');
  if (req.memory > 0 && req.memory > alloc.memory - used.memory) (reasons ??= []).push('Insufficient memory');
  if (req.ephemeralStorage > 0 && req.ephemeralStorage > alloc.ephemeralStorage - used.ephemeralStorage) (reasons ??= []).push('Insufficient ephemeral-storage');
  if (req.scalar) {
    for (const [name, want] of req.scalar) {
      if (want === 0) continue;
      if (want > (alloc.scalar?.get(name) ?? 0) - (used.scalar?.get(name) ?? 0)) (reasons ??= []).push(`Insufficient ${name}`);
    }
  }
  return reasons ? { plugin: 'NodeResourcesFit', reasons, unresolvable: false } : undefined;
}
