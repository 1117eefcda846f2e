// Small builders for DaemonSet controller unit tests: nodes, daemon pods in a given state, DaemonSets.
import type { Node, Taint } from 'kubernetes-types/core/v1.js';
import type { DaemonSetObject, PodObject } from '../../../../../main/controllers/daemonset/daemon-pod.js';

export const NOW = new Date('2025-03-01T12:00:00Z');

export function node(name: string, labels: Record<string, string> = {}, taints: Taint[] = []): Node {
  return { metadata: { name, labels: { 'kubernetes.io/hostname': name, ...labels } }, spec: { taints } };
}

export function ds(spec: Partial<NonNullable<DaemonSetObject['spec']>> = {}, name = 'agent'): DaemonSetObject {
  return {
    apiVersion: 'apps/v1', kind: 'DaemonSet',
    metadata: { name, namespace: 'default', uid: 'ds-uid', generation: 1 },
    spec: {
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'img:1' }] } },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } },
      ...spec,
    },
  };
}

export interface PodState {
  node: string;
  hash?: string;
  /** Seconds the pod has been ready for; undefined for not ready. */
  readyFor?: number;
  phase?: string;
  created?: number;
  deleting?: boolean;
  bound?: boolean;
}

let counter = 0;

export function pod(name: string, s: PodState): PodObject {
  const readyAt = s.readyFor === undefined ? undefined : new Date(NOW.getTime() - s.readyFor * 1000).toISOString();
  const bound = s.bound ?? true;
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: {
      name, namespace: 'default', uid: `uid-${name}-${counter++}`,
      labels: { app: 'agent', 'controller-revision-hash': s.hash ?? 'new' },
      creationTimestamp: new Date(NOW.getTime() - (s.created ?? 100) * 1000).toISOString(),
      ...(s.deleting ? { deletionTimestamp: NOW.toISOString() } : {}),
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'agent', uid: 'ds-uid', controller: true }],
    },
    spec: {
      ...(bound ? { nodeName: s.node } : {}),
      affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [s.node] }] }] } } },
      containers: [{ name: 'c', image: 'img' }],
    },
    status: {
      phase: s.phase ?? 'Running',
      conditions: [{ type: 'Ready', status: readyAt ? 'True' : 'False', lastTransitionTime: readyAt ?? NOW.toISOString() }],
    },
  };
}
