// When did we last hear from a node? Upstream's tryUpdateNodeHealth, pure: the controller keeps one
// NodeHealth per node and measures silence on its own clock from the moment it *observed* a new Ready
// heartbeat or Lease renewal — never from the timestamps themselves, so an edge device's skewed clock
// cannot make it look dead or alive.
import type { NodeCondition } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../../../api/types/meta.js';

export interface NodeHealth {
  /** Our clock (ms) when a heartbeat or Lease renewal was last observed. */
  probeTimestamp: number;
  /** Our clock (ms) when the Ready condition was last seen to transition. */
  readyTransitionTimestamp: number;
  /** The Ready condition as last observed (heartbeat and transition times are compared). */
  ready?: { lastHeartbeatTime?: string; lastTransitionTime?: string };
  /** The Lease renewTime last observed. */
  leaseRenewTime?: string;
}

/** The node condition types the controller turns Unknown when the kubelet goes silent (not NetworkUnavailable). */
export const SILENT_CONDITION_TYPES = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'];

export function conditionsOf(node: KubeObject): NodeCondition[] {
  const status = node.status as { conditions?: NodeCondition[] } | undefined;
  return status?.conditions ?? [];
}

export function readyConditionOf(node: KubeObject): NodeCondition | undefined {
  return conditionsOf(node).find((c) => c.type === 'Ready');
}

/** Folds what is observed now (the node's Ready condition, its Lease) into the saved health record. */
export function observeHealth(saved: NodeHealth | undefined, node: KubeObject, leaseRenewTime: string | undefined, now: number): NodeHealth {
  const ready = readyConditionOf(node);
  const current = ready ? { lastHeartbeatTime: ready.lastHeartbeatTime, lastTransitionTime: ready.lastTransitionTime } : undefined;
  let health: NodeHealth;
  if (!current) {
    // Never posted status: silence is measured from creation (upstream uses the startup grace period here).
    const created = Date.parse(node.metadata.creationTimestamp ?? '') || now;
    health = saved ? { ...saved, ready: undefined } : { probeTimestamp: created, readyTransitionTimestamp: created };
  } else if (!saved || !saved.ready) {
    health = { probeTimestamp: now, readyTransitionTimestamp: now, ready: current, leaseRenewTime: saved?.leaseRenewTime };
  } else if (saved.ready.lastHeartbeatTime !== current.lastHeartbeatTime) {
    const transitioned = saved.ready.lastTransitionTime !== current.lastTransitionTime;
    health = { probeTimestamp: now, readyTransitionTimestamp: transitioned ? now : saved.readyTransitionTimestamp, ready: current, leaseRenewTime: saved.leaseRenewTime };
  } else {
    health = { ...saved, ready: current };
  }
  if (leaseRenewTime !== undefined && (health.leaseRenewTime === undefined || Date.parse(health.leaseRenewTime) < Date.parse(leaseRenewTime))) {
    health = { ...health, leaseRenewTime, probeTimestamp: now };
  }
  return health;
}

/**
 * The conditions a silent node gets: Ready, MemoryPressure, DiskPressure and PIDPressure become Unknown
 * ("Kubelet stopped posting node status."), missing ones are added ("Kubelet never posted node status.").
 * Returns undefined when nothing changes.
 */
export function conditionsWhenSilent(node: KubeObject, nowRfc3339: string): NodeCondition[] | undefined {
  const conditions = conditionsOf(node).map((c) => ({ ...c }));
  let changed = false;
  for (const type of SILENT_CONDITION_TYPES) {
    const c = conditions.find((x) => x.type === type);
    if (!c) {
      conditions.push({
        type, status: 'Unknown', reason: 'NodeStatusNeverUpdated', message: 'Kubelet never posted node status.',
        lastHeartbeatTime: node.metadata.creationTimestamp, lastTransitionTime: nowRfc3339,
      });
      changed = true;
    } else if (c.status !== 'Unknown') {
      Object.assign(c, { status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', lastTransitionTime: nowRfc3339 });
      changed = true;
    }
  }
  return changed ? conditions : undefined;
}
