// RollingUpdate arithmetic (upstream's rollingUpdate in pkg/controller/daemon/update.go). Without surge, old pods
// are deleted while the count of unavailable nodes stays within maxUnavailable, and the manage step creates
// their replacements. With surge, a new pod is created beside an old one (at most maxSurge at a time) and the
// old one goes once the new one is available. Pure: it returns what to delete and where to create.
import type { DaemonSet } from 'kubernetes-types/apps/v1.js';
import type { Node } from 'kubernetes-types/core/v1.js';
import { isPodAvailable } from '../../../api/workloads/pods.js';
import { isPodUpdated, type NodePlacement, type PodObject } from './daemon-pod.js';

/** intstr.GetScaledValueFromIntOrPercent, rounding up. */
export function scaledValue(v: number | string | undefined, total: number): number {
  if (v === undefined || v === null) return 0;
  if (typeof v === 'number') return v;
  const m = /^(-?\d+)%$/.exec(v);
  if (!m) throw new Error(`invalid value for IntOrString: invalid type: string is not a percentage: ${v}`);
  return Math.ceil((Number(m[1]) * total) / 100);
}

function rollingParams(ds: DaemonSet): { maxUnavailable?: number | string; maxSurge?: number | string } | undefined {
  const s = ds.spec?.updateStrategy;
  if ((s?.type ?? 'RollingUpdate') !== 'RollingUpdate') return undefined;
  return s?.rollingUpdate;
}

export function surgeCount(ds: DaemonSet, total: number): number {
  return scaledValue(rollingParams(ds)?.maxSurge, total);
}

export function unavailableCount(ds: DaemonSet, total: number): number {
  return scaledValue(rollingParams(ds)?.maxUnavailable, total);
}

/** util.AllowsSurge: more than one pod per node is allowed during an update. */
export function allowsSurge(ds: DaemonSet): boolean {
  try {
    return surgeCount(ds, 1) > 0;
  } catch {
    return false;
  }
}

/** The one current and one old (non-terminating) pod on a node; undefined when there are more. */
function updatedPodsOnNode(pods: readonly PodObject[], hash: string): { newPod?: PodObject; oldPod?: PodObject } | undefined {
  let newPod: PodObject | undefined, oldPod: PodObject | undefined;
  for (const p of pods) {
    if (p.metadata.deletionTimestamp !== undefined) continue;
    if (isPodUpdated(p, hash)) {
      if (newPod) return undefined;
      newPod = p;
    } else {
      if (oldPod) return undefined;
      oldPod = p;
    }
  }
  return { newPod, oldPod };
}

export interface RollingUpdateInput extends NodePlacement {
  ds: DaemonSet;
}

export interface RollingUpdatePlan {
  podsToDelete: PodObject[];
  nodesToCreate: string[];
  maxUnavailable: number;
  maxSurge: number;
}

export function planRollingUpdate(input: RollingUpdateInput): RollingUpdatePlan {
  const { ds, hash, now } = input;
  const minReady = ds.spec?.minReadySeconds ?? 0;
  const available = (p: PodObject): boolean => isPodAvailable(p, minReady, now);
  // Every node that should run a pod takes part, with or without pods (updatedDesiredNodeCounts).
  const nodeByName = new Map<string, Node>();
  const perNode = new Map<string, readonly PodObject[]>(input.byNode);
  let desired = 0;
  for (const node of input.nodes) {
    const name = node.metadata?.name ?? '';
    nodeByName.set(name, node);
    if (!input.eligibility(node).shouldRun) continue;
    desired++;
    if (!perNode.has(name)) perNode.set(name, []);
  }
  const maxSurge = surgeCount(ds, desired);
  let maxUnavailable = unavailableCount(ds, desired);
  if (maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
  const names = [...perNode.keys()].sort();
  const shouldRun = (name: string): boolean => {
    const node = nodeByName.get(name);
    return node !== undefined && input.eligibility(node).shouldRun;
  };

  if (maxSurge === 0) {
    let numUnavailable = 0;
    const replaceNow: PodObject[] = [], candidates: PodObject[] = [];
    for (const name of names) {
      const found = updatedPodsOnNode(perNode.get(name)!, hash);
      if (!found) {
        numUnavailable++; // excess pods: the manage step cleans up first
        continue;
      }
      const { newPod, oldPod } = found;
      if ((!newPod && !oldPod) || (newPod && oldPod)) numUnavailable++;
      else if (newPod) {
        if (!available(newPod)) numUnavailable++;
      } else if (oldPod) {
        if (!available(oldPod)) replaceNow.push(oldPod);
        else if (numUnavailable < maxUnavailable) candidates.push(oldPod);
      }
    }
    const room = Math.min(Math.max(0, maxUnavailable - numUnavailable), candidates.length);
    return { podsToDelete: [...replaceNow, ...candidates.slice(0, room)], nodesToCreate: [], maxUnavailable, maxSurge };
  }

  const toDelete: PodObject[] = [], shouldNotRun: PodObject[] = [], candidateNodes: string[] = [], allowedNodes: string[] = [];
  let numSurge = 0, numAvailable = 0;
  for (const name of names) {
    const found = updatedPodsOnNode(perNode.get(name)!, hash);
    if (!found) {
      numSurge++;
      continue;
    }
    const { newPod, oldPod } = found;
    if (oldPod) {
      if (available(oldPod)) numAvailable++;
    } else if (newPod && available(newPod)) numAvailable++;
    if (!oldPod) continue; // nothing to replace here; the manage step creates a missing pod
    if (!newPod) {
      if (!available(oldPod)) {
        if (!shouldRun(name)) toDelete.push(oldPod);
        else allowedNodes.push(name);
      } else if (!shouldRun(name)) shouldNotRun.push(oldPod);
      else if (numSurge < maxSurge) candidateNodes.push(name);
      continue;
    }
    if (!available(newPod)) numSurge++;
    else toDelete.push(oldPod);
  }
  // Pods on nodes that no longer qualify go only while enough pods elsewhere are available.
  const deletable = Math.min(Math.max(0, numAvailable - desired), shouldNotRun.length);
  toDelete.push(...shouldNotRun.slice(0, deletable));
  const room = Math.min(Math.max(0, maxSurge - numSurge), candidateNodes.length);
  return { podsToDelete: toDelete, nodesToCreate: [...allowedNodes, ...candidateNodes.slice(0, room)], maxUnavailable, maxSurge };
}
