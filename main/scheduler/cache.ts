// The scheduler's view of the cluster (internal/cache): a NodeInfo per node holding the pods bound there
// and the pods it has assumed there (chosen, binding in flight), updated from informer events. Assuming
// makes the next decision see the reservation at once; the bound pod's watch event confirms it, a failed
// bind forgets it.
import type { Node } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../../api/types/meta.js';
import { bump, NodeInfo } from './node-info.js';
import { assignedNode, podInfoOf, type PodInfo } from './pod-info.js';

interface PodState {
  info: PodInfo;
  node: string;
  assumed: boolean;
}

export class SchedulerCache {
  private readonly nodes = new Map<string, NodeInfo>();
  private readonly podStates = new Map<string, PodState>();
  /** zone → spread key → pods */
  private readonly zoneCounts = new Map<string, Map<string, number>>();
  private ordered: NodeInfo[] | undefined;

  /** Nodes with a Node object, interleaved across zones (upstream's nodeTree) so sampling spans zones. */
  nodeList(): NodeInfo[] {
    if (!this.ordered) this.ordered = interleaveByZone([...this.nodes.values()].filter((n) => n.node !== undefined));
    return this.ordered;
  }

  node(name: string): NodeInfo | undefined {
    return this.nodes.get(name);
  }

  get nodeCount(): number {
    return this.nodeList().length;
  }

  setNode(node: KubeObject & Node): void {
    const name = node.metadata.name ?? '';
    const ni = this.nodeInfo(name);
    const had = ni.node !== undefined;
    const oldZone = ni.zone;
    if (had) this.countZone(ni, -1);
    ni.setNode(node);
    this.countZone(ni, 1);
    if (!had || oldZone !== ni.zone) this.ordered = undefined;
  }

  removeNode(name: string): void {
    const ni = this.nodes.get(name);
    if (!ni) return;
    this.countZone(ni, -1);
    // Pods still bound to a vanished node keep their NodeInfo until they go too.
    if (ni.pods.size === 0) this.nodes.delete(name);
    else ni.setNode(undefined);
    this.ordered = undefined;
  }

  /** A pod bound to a node, from the informer (also confirms an assumed pod). */
  addPod(pod: KubeObject): void {
    const node = assignedNode(pod);
    if (!node) return;
    const info = podInfoOf(pod);
    const state = this.podStates.get(info.uid);
    if (state) this.detach(state);
    this.attach({ info, node, assumed: false });
  }

  removePod(pod: KubeObject): void {
    const state = this.podStates.get(pod.metadata.uid ?? '');
    if (state) this.detach(state);
  }

  assume(info: PodInfo, node: string): void {
    const state = this.podStates.get(info.uid);
    if (state) this.detach(state);
    this.attach({ info, node, assumed: true });
  }

  /** Drops an assumption after a failed bind; a confirmed pod is left alone. */
  forget(uid: string): void {
    const state = this.podStates.get(uid);
    if (state?.assumed) this.detach(state);
  }

  isAssumed(uid: string): boolean {
    return this.podStates.get(uid)?.assumed === true;
  }

  /** Pods of this spread key on nodes in the zone. */
  zoneCount(zone: string, spreadKey: string): number {
    return this.zoneCounts.get(zone)?.get(spreadKey) ?? 0;
  }

  private nodeInfo(name: string): NodeInfo {
    let ni = this.nodes.get(name);
    if (!ni) this.nodes.set(name, (ni = new NodeInfo(name)));
    return ni;
  }

  private attach(state: PodState): void {
    const ni = this.nodeInfo(state.node);
    ni.addPod(state.info);
    this.podStates.set(state.info.uid, state);
    this.countPodZone(ni, state.info, 1);
  }

  private detach(state: PodState): void {
    this.podStates.delete(state.info.uid);
    const ni = this.nodes.get(state.node);
    if (!ni || !ni.removePod(state.info)) return;
    this.countPodZone(ni, state.info, -1);
    if (ni.node === undefined && ni.pods.size === 0) this.nodes.delete(state.node);
  }

  private countPodZone(ni: NodeInfo, pi: PodInfo, sign: 1 | -1): void {
    if (ni.zone === undefined || ni.node === undefined || !pi.spreadKey || pi.terminating) return;
    bump(this.zoneMap(ni.zone), pi.spreadKey, sign);
  }

  /** Adds or removes all of a node's spread counts to its zone (when the node appears, goes or moves). */
  private countZone(ni: NodeInfo, sign: 1 | -1): void {
    if (ni.zone === undefined || ni.node === undefined) return;
    const m = this.zoneMap(ni.zone);
    for (const [key, n] of ni.spreadCounts) bump(m, key, sign * n);
  }

  private zoneMap(zone: string): Map<string, number> {
    let m = this.zoneCounts.get(zone);
    if (!m) this.zoneCounts.set(zone, (m = new Map()));
    return m;
  }
}

function interleaveByZone(nodes: NodeInfo[]): NodeInfo[] {
  const zones = new Map<string, NodeInfo[]>();
  for (const n of nodes) {
    const z = n.zone ?? '';
    let list = zones.get(z);
    if (!list) zones.set(z, (list = []));
    list.push(n);
  }
  if (zones.size <= 1) return nodes;
  const out: NodeInfo[] = [];
  const lists = [...zones.values()];
  for (let i = 0; out.length < nodes.length; i++) for (const l of lists) if (i < l.length) out.push(l[i]);
  return out;
}
