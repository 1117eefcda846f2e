// Pods and nodes for the scheduler's unit tests, shaped as the API server stores them.
import type { Container, Node, Pod, PodSpec } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../../../../api/types/meta.js';
import { SchedulerCache } from '../../../../main/scheduler/cache.js';
import { NodeInfo } from '../../../../main/scheduler/node-info.js';

let uid = 0;

export interface PodOptions {
  name?: string;
  namespace?: string;
  requests?: Record<string, string>;
  containers?: Partial<Container>[];
  spec?: Partial<PodSpec>;
  owner?: { kind: string; uid: string };
  priority?: number;
  nodeName?: string;
  created?: string;
}

export function pod(opts: PodOptions = {}): KubeObject & Pod {
  const name = opts.name ?? `pod-${++uid}`;
  const containers = opts.containers ?? [{ name: 'app', image: 'nginx', resources: opts.requests ? { requests: opts.requests } : undefined }];
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: {
      name, namespace: opts.namespace ?? 'default', uid: `uid-${name}-${++uid}`,
      creationTimestamp: opts.created ?? '2025-01-01T00:00:00Z',
      ownerReferences: opts.owner ? [{ apiVersion: 'apps/v1', kind: opts.owner.kind, name: 'owner', uid: opts.owner.uid, controller: true }] : undefined,
    },
    spec: {
      containers: containers.map((c) => ({ name: 'app', image: 'nginx', ...c })),
      schedulerName: 'default-scheduler',
      priority: opts.priority ?? 0,
      nodeName: opts.nodeName,
      ...opts.spec,
    },
    status: { phase: 'Pending' },
  } as KubeObject & Pod;
}

export interface NodeOptions {
  allocatable?: Record<string, string>;
  labels?: Record<string, string>;
  taints?: { key: string; value?: string; effect: string }[];
  unschedulable?: boolean;
}

export function node(name: string, opts: NodeOptions = {}): KubeObject & Node {
  const allocatable = { cpu: '4', memory: '8Gi', pods: '110', 'ephemeral-storage': '50Gi', ...opts.allocatable };
  return {
    apiVersion: 'v1', kind: 'Node',
    metadata: { name, uid: `node-${name}`, labels: { 'kubernetes.io/hostname': name, ...opts.labels } },
    spec: { taints: opts.taints, unschedulable: opts.unschedulable },
    status: { capacity: allocatable, allocatable },
  } as KubeObject & Node;
}

export function nodeInfo(n: KubeObject & Node, pods: KubeObject[] = []): NodeInfo {
  const cache = new SchedulerCache();
  cache.setNode(n);
  for (const p of pods) cache.addPod({ ...p, spec: { ...(p.spec as object), nodeName: n.metadata.name } });
  return cache.node(n.metadata.name!)!;
}

export function cacheOf(nodes: (KubeObject & Node)[], pods: KubeObject[] = []): SchedulerCache {
  const cache = new SchedulerCache();
  for (const n of nodes) cache.setNode(n);
  for (const p of pods) cache.addPod(p);
  return cache;
}
