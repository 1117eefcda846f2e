// A test-only stand-in for a node agent (never shipped): registers a Node, renews its Lease, and plays the
// kubelet's part for pods bound to it — marks them Running and Ready (or lets them succeed or fail),
// and finishes graceful deletions. Controller and scheduler tests use it until real agents exist.
import { findResource } from '../../api/resources/registry.js';
import type { KubeObject } from '../../api/types/meta.js';
import { Informer } from '../../client/informer.js';
import type { Transport } from '../../client/transport.js';

const NODES = findResource('', 'v1', 'nodes')!;
const PODS = findResource('', 'v1', 'pods')!;
const LEASES = findResource('coordination.k8s.io', 'v1', 'leases')!;

export type PodOutcome =
  | { phase: 'Running'; ready?: boolean }
  | { phase: 'Succeeded' | 'Failed'; exitCode?: number; afterMs?: number };

export interface FakeNodeOptions {
  name: string;
  capacity?: Record<string, string>;
  labels?: Record<string, string>;
  taints?: { key: string; value?: string; effect: string }[];
  unschedulable?: boolean;
  /** How often the Lease is renewed. */
  leaseRenewMs?: number;
  /** What happens to each pod bound here (default: Running and Ready). */
  outcome?: (pod: KubeObject) => PodOutcome;
}

const rfc3339 = (d = new Date()): string => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
const micro = (d = new Date()): string => d.toISOString().replace(/Z$/, '000Z');

export class FakeNode {
  private readonly pods: Informer;
  private leaseTimer: NodeJS.Timeout | undefined;
  private readonly handled = new Set<string>();
  private ipCounter = 2;
  private renewing = true;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly transport: Transport, readonly opts: FakeNodeOptions) {
    this.pods = new Informer(transport, PODS, { fieldSelector: `spec.nodeName=${opts.name}` });
    this.pods.addEventHandler({ onAdd: (p) => this.sync(p), onUpdate: (_o, p) => this.sync(p) });
  }

  get name(): string {
    return this.opts.name;
  }

  async start(): Promise<void> {
    const capacity = { cpu: '4', memory: '8Gi', pods: '110', 'ephemeral-storage': '50Gi', ...this.opts.capacity };
    const node: KubeObject = {
      apiVersion: 'v1', kind: 'Node',
      metadata: { name: this.opts.name, labels: { 'kubernetes.io/hostname': this.opts.name, 'kubernetes.io/os': 'linux', ...this.opts.labels } },
      spec: { taints: this.opts.taints, unschedulable: this.opts.unschedulable },
    };
    try {
      await this.transport.create(NODES, undefined, node);
    } catch {
      // registered before (a restarted fake node): take it over
    }
    this.capacity = capacity;
    await this.postReady();
    await this.renewLease();
    this.pods.start();
    await this.pods.waitForSync();
  }

  private capacity: Record<string, string> = {};

  /** Posts Ready=True with capacity (a merge patch: no conflict with the IPAM controller's podCIDR write). */
  private async postReady(): Promise<void> {
    await this.transport.patch(NODES, undefined, this.opts.name, 'merge', {
      status: {
        capacity: this.capacity, allocatable: this.capacity,
        conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'fake node is ready', lastHeartbeatTime: rfc3339(), lastTransitionTime: rfc3339() }],
        addresses: [{ type: 'InternalIP', address: '192.0.2.10' }, { type: 'Hostname', address: this.opts.name }],
        nodeInfo: { kubeletVersion: 'v1.32.4-fake', containerRuntimeVersion: 'fake://1', operatingSystem: 'linux', architecture: 'amd64', osImage: 'Fake', kernelVersion: '6.1', machineID: '', systemUUID: '', bootID: '', kubeProxyVersion: '' },
      },
    }, { subresource: 'status' });
  }

  /** Stops renewing the Lease (the node "dies" for the node lifecycle controller). */
  stopHeartbeats(): void {
    this.renewing = false;
    clearTimeout(this.leaseTimer);
  }

  /** Renews the Lease again and reports Ready, as a reconnecting kubelet does. */
  resumeHeartbeats(): void {
    this.renewing = true;
    void this.renewLease();
    void this.postReady().catch(() => {});
  }

  stop(): void {
    this.stopHeartbeats();
    this.pods.stop();
    for (const t of this.timers) clearTimeout(t);
  }

  private async renewLease(): Promise<void> {
    if (!this.renewing) return;
    const lease: KubeObject = {
      apiVersion: 'coordination.k8s.io/v1', kind: 'Lease',
      metadata: { name: this.opts.name, namespace: 'kube-node-lease' },
      spec: { holderIdentity: this.opts.name, leaseDurationSeconds: 40, renewTime: micro() },
    };
    try {
      await this.transport.update(LEASES, 'kube-node-lease', this.opts.name, lease);
    } catch {
      // the next renewal tries again
    }
    if (this.renewing) this.leaseTimer = setTimeout(() => void this.renewLease(), this.opts.leaseRenewMs ?? 1000);
  }

  private sync(pod: KubeObject): void {
    const key = `${pod.metadata.namespace}/${pod.metadata.name}/${pod.metadata.uid}`;
    if (pod.metadata.deletionTimestamp !== undefined) {
      void this.transport.delete(PODS, pod.metadata.namespace, pod.metadata.name!, { gracePeriodSeconds: 0, preconditions: { uid: pod.metadata.uid } }).catch(() => {});
      return;
    }
    if (this.handled.has(key)) return;
    this.handled.add(key);
    // A pod that already finished (seen again after a restart of this fake node) stays finished.
    const phase = (pod.status as { phase?: string } | undefined)?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') return;
    const outcome = this.opts.outcome?.(pod) ?? { phase: 'Running' };
    void this.setStatus(pod, { phase: 'Running', ready: outcome.phase === 'Running' ? outcome.ready ?? true : true });
    if (outcome.phase !== 'Running') {
      const t = setTimeout(() => { this.timers.delete(t); void this.finish(pod, outcome.phase, outcome.exitCode ?? (outcome.phase === 'Succeeded' ? 0 : 1)); }, outcome.afterMs ?? 50);
      this.timers.add(t);
    }
  }

  private async setStatus(pod: KubeObject, s: { phase: string; ready: boolean }): Promise<void> {
    const now = rfc3339();
    const containers = ((pod.spec as { containers?: { name: string; image: string }[] }).containers ?? []);
    const cond = (type: string, ok: boolean) => ({ type, status: ok ? 'True' : 'False', lastProbeTime: null, lastTransitionTime: now });
    await this.patchStatus(pod, {
      phase: s.phase,
      hostIP: '192.0.2.10',
      podIP: `10.244.0.${this.ipCounter}`,
      podIPs: [{ ip: `10.244.0.${this.ipCounter++ % 250}` }],
      startTime: now,
      conditions: [cond('PodScheduled', true), cond('Initialized', true), cond('ContainersReady', s.ready), cond('Ready', s.ready)],
      containerStatuses: containers.map((c) => ({ name: c.name, image: c.image, imageID: `fake://${c.image}`, containerID: `fake://${c.name}`, ready: s.ready, started: true, restartCount: 0, state: { running: { startedAt: now } } })),
    });
  }

  private async finish(pod: KubeObject, phase: 'Succeeded' | 'Failed', exitCode: number): Promise<void> {
    const now = rfc3339();
    const containers = ((pod.spec as { containers?: { name: string; image: string }[] }).containers ?? []);
    const cond = (type: string, ok: boolean) => ({ type, status: ok ? 'True' : 'False', lastProbeTime: null, lastTransitionTime: now, reason: ok ? undefined : 'PodCompleted' });
    await this.patchStatus(pod, {
      phase,
      conditions: [cond('PodScheduled', true), cond('Initialized', true), cond('ContainersReady', false), cond('Ready', false)],
      containerStatuses: containers.map((c) => ({ name: c.name, image: c.image, imageID: `fake://${c.image}`, containerID: `fake://${c.name}`, ready: false, started: false, restartCount: 0, state: { terminated: { exitCode, reason: exitCode === 0 ? 'Completed' : 'Error', startedAt: now, finishedAt: now } } })),
    });
  }

  private async patchStatus(pod: KubeObject, status: Record<string, unknown>): Promise<void> {
    try {
      await this.transport.patch(PODS, pod.metadata.namespace, pod.metadata.name!, 'merge', { metadata: { uid: pod.metadata.uid }, status }, { subresource: 'status', fieldManager: 'fake-kubelet' });
    } catch {
      // the pod may be gone already
    }
  }
}
