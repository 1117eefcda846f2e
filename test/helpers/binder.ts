// A stand-in for the scheduler in controller tests that run without one: binds each pod without a node through
// the pods/binding subresource. A pod whose required node affinity pins a node (`matchFields metadata.name In
// [node]`, as DaemonSet pods are pinned) goes there once that Node exists; any other pod goes to the next of the
// round-robin nodes (with none given, it stays pending).
import { findResource } from '../../api/resources/registry.js';
import type { KubeObject } from '../../api/types/meta.js';
import { Informer } from '../../client/informer.js';
import type { Transport } from '../../client/transport.js';

const PODS = findResource('', 'v1', 'pods')!;
const NODES = findResource('', 'v1', 'nodes')!;

interface PodShape {
  spec?: {
    nodeName?: string;
    affinity?: { nodeAffinity?: { requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms?: { matchFields?: { key: string; operator: string; values?: string[] }[] }[] } } };
  };
}

/** The node a pending pod's `matchFields metadata.name In [node]` term names. */
function affinityNode(pod: KubeObject): string | undefined {
  const terms = (pod as PodShape).spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  for (const t of terms) for (const f of t.matchFields ?? []) if (f.key === 'metadata.name' && f.operator === 'In' && f.values?.length === 1) return f.values[0];
  return undefined;
}

export class PodBinder {
  private readonly pods: Informer;
  private readonly nodes: Informer;
  private next = 0;
  /** Pods with a binding in flight or made: never bound twice, though a failed attempt is retried on the next event. */
  private readonly claimed = new Set<string>();
  /** Every binding made, in order: [pod name, node]. */
  readonly bound: [string, string][] = [];

  /** `roundRobin`: the nodes pods without a pinned node go to, in turn. */
  constructor(private readonly transport: Transport, private readonly roundRobin: readonly string[] = []) {
    this.pods = new Informer(transport, PODS);
    this.nodes = new Informer(transport, NODES);
    this.pods.addEventHandler({ onAdd: (p) => this.consider(p), onUpdate: (_o, p) => this.consider(p) });
    // A pod pinned to a node that did not exist yet is bound when the node appears.
    this.nodes.addEventHandler({ onAdd: () => { for (const p of this.pods.list()) this.consider(p); } });
  }

  async start(): Promise<void> {
    this.nodes.start();
    await this.nodes.waitForSync();
    this.pods.start();
    await this.pods.waitForSync();
  }

  stop(): void {
    this.pods.stop();
    this.nodes.stop();
  }

  private consider(pod: KubeObject): void {
    const uid = pod.metadata.uid ?? '';
    if ((pod as PodShape).spec?.nodeName || pod.metadata.deletionTimestamp || this.claimed.has(uid)) return;
    const pinned = affinityNode(pod);
    let node: string;
    if (pinned !== undefined) {
      if (!this.nodes.get(pinned)) return;
      node = pinned;
    } else {
      if (this.roundRobin.length === 0) return;
      node = this.roundRobin[this.next++ % this.roundRobin.length];
    }
    this.claimed.add(uid);
    const name = pod.metadata.name!;
    const binding: KubeObject = { apiVersion: 'v1', kind: 'Binding', metadata: { name, namespace: pod.metadata.namespace }, target: { apiVersion: 'v1', kind: 'Node', name: node } };
    this.transport.create(PODS, pod.metadata.namespace, binding, { subresource: 'binding', name }).then(() => {
      this.bound.push([name, node]);
    }, () => {
      // Gone, or bound meanwhile: a later event for a pod still pending tries again.
      this.claimed.delete(uid);
    });
  }
}
