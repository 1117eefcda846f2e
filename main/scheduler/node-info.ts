// One node as the scheduler sees it (framework.NodeInfo): the Node, and the sums of what the pods bound or
// assumed there take — requests, non-zero requests for scoring, host ports, pods per spread key and per
// priority — kept up to date pod by pod so a decision never walks a node's pods.
import type { Node, Taint } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../../api/types/meta.js';
import type { NodeView } from '../../api/workloads/node-affinity.js';
import type { HostPort, PodInfo } from './pod-info.js';
import { addInto, emptyResources, nodeAllocatable, type NodeAllocatable, type Resources } from './resources.js';

export const ZONE_LABEL = 'topology.kubernetes.io/zone';
export const HOSTNAME_LABEL = 'kubernetes.io/hostname';

const NO_LABELS: Readonly<Record<string, string>> = Object.freeze({});

export class NodeInfo implements NodeView {
  node: (KubeObject & Node) | undefined;
  labels: Readonly<Record<string, string>> = NO_LABELS;
  allocatable: NodeAllocatable = { ...emptyResources(), pods: 0 };
  unschedulable = false;
  taints: readonly Taint[] = [];
  zone: string | undefined;
  hasHostname = false;

  readonly requested: Resources = emptyResources();
  readonly nonZero = { milliCpu: 0, memory: 0 };
  readonly pods = new Map<string, PodInfo>();
  /** ip → "protocol/port" → how many pods use it */
  private readonly ports = new Map<string, Map<string, number>>();
  /** spread key → pods not being deleted */
  readonly spreadCounts = new Map<string, number>();
  /** priority → pods */
  readonly priorities = new Map<number, number>();

  constructor(readonly name: string) {}

  setNode(node: (KubeObject & Node) | undefined): void {
    this.node = node;
    if (!node) return;
    this.labels = node.metadata.labels ?? NO_LABELS;
    this.allocatable = nodeAllocatable(node);
    this.unschedulable = node.spec?.unschedulable === true;
    this.taints = node.spec?.taints ?? [];
    this.zone = this.labels[ZONE_LABEL];
    this.hasHostname = this.labels[HOSTNAME_LABEL] !== undefined;
  }

  addPod(pi: PodInfo): void {
    this.pods.set(pi.uid, pi);
    this.account(pi, 1);
  }

  removePod(pi: PodInfo): boolean {
    const known = this.pods.get(pi.uid);
    if (!known) return false;
    this.pods.delete(pi.uid);
    this.account(known, -1);
    return true;
  }

  private account(pi: PodInfo, sign: 1 | -1): void {
    addInto(this.requested, pi.requests, sign);
    this.nonZero.milliCpu += sign * pi.nonZero.milliCpu;
    this.nonZero.memory += sign * pi.nonZero.memory;
    for (const hp of pi.hostPorts) bump(this.portsAt(hp.ip), `${hp.protocol}/${hp.port}`, sign);
    if (pi.spreadKey && !pi.terminating) bump(this.spreadCounts, pi.spreadKey, sign);
    bump(this.priorities, pi.priority, sign);
  }

  private portsAt(ip: string): Map<string, number> {
    let m = this.ports.get(ip);
    if (!m) this.ports.set(ip, (m = new Map()));
    return m;
  }

  /** HostPortInfo.CheckConflict: 0.0.0.0 conflicts with every address; others with themselves and 0.0.0.0. */
  portConflict(hp: HostPort): boolean {
    const key = `${hp.protocol}/${hp.port}`;
    if (hp.ip === '0.0.0.0') {
      for (const m of this.ports.values()) if ((m.get(key) ?? 0) > 0) return true;
      return false;
    }
    return (this.ports.get('0.0.0.0')?.get(key) ?? 0) > 0 || (this.ports.get(hp.ip)?.get(key) ?? 0) > 0;
  }

  /** True when some pod here has a lower priority than `priority` (a possible preemption victim). */
  hasPodBelow(priority: number): boolean {
    for (const [p, n] of this.priorities) if (p < priority && n > 0) return true;
    return false;
  }

  /** A copy without the given pods (what preemption would leave behind). */
  without(victims: readonly PodInfo[]): NodeInfo {
    const copy = new NodeInfo(this.name);
    copy.setNode(this.node);
    for (const pi of this.pods.values()) copy.addPod(pi);
    for (const v of victims) copy.removePod(v);
    return copy;
  }
}

/** Adds to a count, dropping it at zero. */
export function bump<K>(m: Map<K, number>, key: K, by: number): void {
  const n = (m.get(key) ?? 0) + by;
  if (n === 0) m.delete(key);
  else m.set(key, n);
}
