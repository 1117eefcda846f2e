// Taints the node controllers manage (pkg/controller/nodelifecycle's condition → taint map) and how long a pod's
// tolerations let it stay (toleration matching itself is api/workloads/tolerations.ts). Pure: no I/O.
import type { Node, NodeCondition, Taint, Toleration } from 'kubernetes-types/core/v1.js';

export const TAINT_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_UNREACHABLE = 'node.kubernetes.io/unreachable';
export const TAINT_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';

/** Which NoSchedule taint a node condition in a given status calls for (upstream nodeConditionToTaintKeyStatusMap). */
const CONDITION_TAINTS: Record<string, Record<string, string>> = {
  Ready: { False: TAINT_NOT_READY, Unknown: TAINT_UNREACHABLE },
  MemoryPressure: { True: 'node.kubernetes.io/memory-pressure' },
  DiskPressure: { True: 'node.kubernetes.io/disk-pressure' },
  NetworkUnavailable: { True: 'node.kubernetes.io/network-unavailable' },
  PIDPressure: { True: 'node.kubernetes.io/pid-pressure' },
};

const CONDITION_TAINT_KEYS = new Set(Object.values(CONDITION_TAINTS).flatMap((m) => Object.values(m)));

export function nodeCondition(node: Node, type: string): NodeCondition | undefined {
  return node.status?.conditions?.find((c) => c.type === type);
}

const sameTaint = (a: Taint, b: Taint): boolean => a.key === b.key && a.effect === b.effect;

export function hasTaint(taints: readonly Taint[] | undefined, key: string, effect: string): boolean {
  return (taints ?? []).some((t) => t.key === key && t.effect === effect);
}

/** The NoSchedule taints a node's conditions and spec.unschedulable call for. */
export function desiredNoScheduleTaints(node: Node): Taint[] {
  const out: Taint[] = [];
  for (const c of node.status?.conditions ?? []) {
    const key = CONDITION_TAINTS[c.type]?.[c.status];
    if (key) out.push({ key, effect: 'NoSchedule' });
  }
  if (node.spec?.unschedulable) out.push({ key: TAINT_UNSCHEDULABLE, effect: 'NoSchedule' });
  return out;
}

/** Is this one of the NoSchedule taints the lifecycle controller owns (and may remove)? */
export function isManagedNoScheduleTaint(t: Taint): boolean {
  return t.effect === 'NoSchedule' && (t.key === TAINT_UNSCHEDULABLE || CONDITION_TAINT_KEYS.has(t.key));
}

/**
 * `current` with `add` added (those not yet present, stamped with timeAdded as upstream's
 * SwapNodeControllerTaint does) and `remove` removed; undefined when nothing changes.
 */
export function swapTaints(current: readonly Taint[] | undefined, add: readonly Taint[], remove: readonly Taint[], now: string): Taint[] | undefined {
  const list = [...(current ?? [])];
  let changed = false;
  for (const r of remove) {
    const i = list.findIndex((t) => sameTaint(t, r));
    if (i >= 0 && !add.some((a) => sameTaint(a, r))) {
      list.splice(i, 1);
      changed = true;
    }
  }
  for (const a of add) {
    if (list.some((t) => sameTaint(t, a))) continue;
    list.push({ ...a, timeAdded: now });
    changed = true;
  }
  return changed ? list : undefined;
}

/** The NoSchedule taint changes the node's conditions call for: [toAdd, toRemove]. */
export function noScheduleTaintDiff(node: Node): [Taint[], Taint[]] {
  const desired = desiredNoScheduleTaints(node);
  const current = (node.spec?.taints ?? []).filter(isManagedNoScheduleTaint);
  return [desired.filter((d) => !current.some((c) => sameTaint(c, d))), current.filter((c) => !desired.some((d) => sameTaint(c, d)))];
}

/** Seconds until eviction: 0 at once, -1 never (a used toleration without tolerationSeconds is forever). */
export function minTolerationSeconds(used: readonly Toleration[]): number {
  if (used.length === 0) return 0;
  let min = Infinity;
  for (const t of used) {
    if (t.tolerationSeconds === undefined || t.tolerationSeconds === null) continue;
    if (t.tolerationSeconds <= 0) return 0;
    min = Math.min(min, t.tolerationSeconds);
  }
  return min === Infinity ? -1 : min;
}

/** The zone a node belongs to for disruption accounting (upstream nodetopology.GetZoneKey). */
export function zoneKey(node: Node): string {
  const l = node.metadata?.labels ?? {};
  const region = l['topology.kubernetes.io/region'] ?? l['failure-domain.beta.kubernetes.io/region'] ?? '';
  const zone = l['topology.kubernetes.io/zone'] ?? l['failure-domain.beta.kubernetes.io/zone'] ?? '';
  return region === '' && zone === '' ? '' : `${region}:\x00:${zone}`;
}

export type ZoneState = 'Normal' | 'PartialDisruption' | 'FullDisruption';

/** Upstream ComputeZoneState: no Ready node is full disruption; >2 and ≥55% not Ready is partial. */
export function zoneState(readyStatuses: readonly (string | undefined)[]): ZoneState {
  const ready = readyStatuses.filter((s) => s === 'True').length;
  const notReady = readyStatuses.length - ready;
  if (ready === 0 && notReady > 0) return 'FullDisruption';
  if (notReady > 2 && notReady / readyStatuses.length >= 0.55) return 'PartialDisruption';
  return 'Normal';
}
