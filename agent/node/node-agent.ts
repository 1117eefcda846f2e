// The agent's Node: registered with capacity, addresses and nodeInfo, its Ready condition kept fresh,
// and its Lease in kube-node-lease renewed so the control plane knows the node is alive.
import { findResource } from '../../api/resources/registry.js';
import type { KubeObject } from '../../api/types/meta.js';
import { StatusError } from '../../api/errors/status-error.js';
import type { Transport } from '../../client/transport.js';
import type { Logger } from '../logger.js';
import { defaultNodeName, type MachineFacts } from './node-info.js';

const NODES = findResource('', 'v1', 'nodes')!;
const LEASES = findResource('coordination.k8s.io', 'v1', 'leases')!;

export const AGENT_VERSION = 'v1.32.4-skiff';

export interface NodeAgentOptions {
  name: string;
  transport: Transport;
  facts: MachineFacts;
  runtimeVersion: string;
  /** The address other nodes and the control plane reach this node at (default: first non-loopback IPv4). */
  nodeIP?: string;
  labels?: Record<string, string>;
  log: Logger;
  leaseRenewMs?: number;
  statusUpdateMs?: number;
}

const rfc3339 = (d = new Date()): string => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
const micro = (d = new Date()): string => d.toISOString().replace(/Z$/, '000Z');

export class NodeAgent {
  private timers: NodeJS.Timeout[] = [];
  private stopped = false;
  private readyTransition = rfc3339();
  node: KubeObject | undefined;

  constructor(private readonly o: NodeAgentOptions) {}

  get name(): string {
    return this.o.name;
  }

  get internalIP(): string {
    return this.o.nodeIP ?? this.o.facts.internalIPs[0] ?? '127.0.0.1';
  }

  /** Creates or adopts the Node and posts its status; resolves with the Node. */
  async register(): Promise<KubeObject> {
    const f = this.o.facts;
    const labels = {
      'kubernetes.io/hostname': this.o.name,
      'kubernetes.io/os': 'linux',
      'kubernetes.io/arch': f.architecture,
      'beta.kubernetes.io/os': 'linux',
      'beta.kubernetes.io/arch': f.architecture,
      ...this.o.labels,
    };
    let node: KubeObject;
    try {
      node = await this.o.transport.create(NODES, undefined, { apiVersion: 'v1', kind: 'Node', metadata: { name: this.o.name, labels }, spec: {} });
      this.o.log.info({ node: this.o.name }, 'registered node');
    } catch (err) {
      if (!(err instanceof StatusError) || err.reason !== 'AlreadyExists') throw err;
      node = await this.o.transport.patch(NODES, undefined, this.o.name, 'merge', { metadata: { labels } });
      this.o.log.info({ node: this.o.name }, 'node already registered; taking it over');
    }
    this.node = await this.postStatus();
    return this.node ?? node;
  }

  status(now = new Date()): Record<string, unknown> {
    const f = this.o.facts;
    const memKi = Math.floor(f.memoryBytes / 1024);
    const capacity = { cpu: String(f.cpus), memory: `${memKi}Ki`, pods: '110', 'ephemeral-storage': `${Math.floor(f.ephemeralStorageBytes / 1024)}Ki` };
    // Like the kubelet's default eviction threshold: keep 100Mi of memory out of what pods may request.
    const allocatable = { ...capacity, memory: `${Math.max(0, memKi - 102_400)}Ki` };
    const hb = rfc3339(now);
    const cond = (type: string, status: string, reason: string, message: string) => ({ type, status, reason, message, lastHeartbeatTime: hb, lastTransitionTime: type === 'Ready' ? this.readyTransition : this.readyTransition });
    return {
      capacity,
      allocatable,
      conditions: [
        cond('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
        cond('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
        cond('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
        cond('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
      ],
      addresses: [{ type: 'InternalIP', address: this.internalIP }, { type: 'Hostname', address: this.o.name }],
      daemonEndpoints: { kubeletEndpoint: { Port: 0 } },
      nodeInfo: {
        machineID: f.machineID, systemUUID: f.machineID, bootID: f.bootID, kernelVersion: f.kernelVersion, osImage: f.osImage,
        containerRuntimeVersion: `docker://${this.o.runtimeVersion}`, kubeletVersion: AGENT_VERSION, kubeProxyVersion: AGENT_VERSION,
        operatingSystem: 'linux', architecture: f.architecture,
      },
    };
  }

  private async postStatus(): Promise<KubeObject | undefined> {
    try {
      const node = await this.o.transport.patch(NODES, undefined, this.o.name, 'merge', { status: this.status() }, { subresource: 'status' });
      this.node = node;
      return node;
    } catch (err) {
      this.o.log.warn({ err: (err as Error).message }, 'node status update failed');
      return undefined;
    }
  }

  private async renewLease(): Promise<void> {
    const lease: KubeObject = {
      apiVersion: 'coordination.k8s.io/v1', kind: 'Lease',
      metadata: { name: this.o.name, namespace: 'kube-node-lease', ownerReferences: this.node?.metadata.uid ? [{ apiVersion: 'v1', kind: 'Node', name: this.o.name, uid: this.node.metadata.uid }] : undefined },
      spec: { holderIdentity: this.o.name, leaseDurationSeconds: 40, renewTime: micro() },
    };
    try {
      await this.o.transport.update(LEASES, 'kube-node-lease', this.o.name, lease);
    } catch (err) {
      this.o.log.debug({ err: (err as Error).message }, 'lease renewal failed');
    }
  }

  /** Starts the Lease renewals and the periodic status posts. */
  start(): void {
    const every = (ms: number, fn: () => Promise<unknown>): void => {
      const tick = (): void => {
        if (this.stopped) return;
        void fn().finally(() => {
          if (!this.stopped) this.timers.push(setTimeout(tick, ms));
        });
      };
      tick();
    };
    every(this.o.leaseRenewMs ?? 10_000, () => this.renewLease());
    every(this.o.statusUpdateMs ?? 60_000, () => this.postStatus());
  }

  /** Waits until the control plane assigned this node a podCIDR (its IPAM controller does). */
  async waitForPodCidr(timeoutMs = 60_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const node = await this.o.transport.get(NODES, undefined, this.o.name).catch(() => undefined);
      const cidr = (node?.spec as { podCIDR?: string } | undefined)?.podCIDR;
      if (cidr) return cidr;
      if (Date.now() > deadline) throw new Error(`node ${this.o.name} has no podCIDR after ${timeoutMs / 1000} s: is the control plane's node IPAM controller running?`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
  }
}

export { defaultNodeName };
