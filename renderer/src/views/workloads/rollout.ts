// Replica counts of a workload as one progress reading, and the Deployment's rollout status in words
// (what `kubectl rollout status` prints).
import type { KubeObject } from '@api/types/meta.js';

export interface Rollout {
  desired: number;
  updated?: number;
  ready: number;
  available?: number;
}

type Counts = Record<string, number | undefined>;

export function rolloutOf(obj: KubeObject): Rollout | undefined {
  const spec = (obj.spec ?? {}) as Counts & { completions?: number; parallelism?: number };
  const st = (obj.status ?? {}) as Counts;
  switch (obj.kind) {
    case 'Deployment':
      return { desired: spec.replicas ?? 1, updated: st.updatedReplicas ?? 0, ready: st.readyReplicas ?? 0, available: st.availableReplicas ?? 0 };
    case 'ReplicaSet':
    case 'ReplicationController':
      return { desired: spec.replicas ?? 1, ready: st.readyReplicas ?? 0, available: st.availableReplicas ?? 0 };
    case 'DaemonSet':
      return { desired: st.desiredNumberScheduled ?? 0, updated: st.updatedNumberScheduled ?? 0, ready: st.numberReady ?? 0, available: st.numberAvailable ?? 0 };
    case 'Job':
      return { desired: spec.completions ?? 1, ready: st.succeeded ?? 0 };
    default:
      return undefined;
  }
}

export function deploymentStatus(obj: KubeObject): string {
  const spec = (obj.spec ?? {}) as { replicas?: number; paused?: boolean };
  const st = (obj.status ?? {}) as Counts & { observedGeneration?: number; conditions?: { type: string; reason?: string }[] };
  const desired = spec.replicas ?? 1;
  if (spec.paused) return 'Rollout paused';
  if ((st.observedGeneration ?? 0) < (obj.metadata.generation ?? 0)) return 'Waiting for the controller to see the change';
  if (st.conditions?.find((c) => c.type === 'Progressing')?.reason === 'ProgressDeadlineExceeded') return 'Rollout exceeded its progress deadline';
  const updated = st.updatedReplicas ?? 0;
  const available = st.availableReplicas ?? 0;
  const total = st.replicas ?? 0;
  if (updated < desired) return `Rolling out: ${updated} of ${desired} new replicas updated`;
  if (total > updated) return `Rolling out: ${total - updated} old replicas pending termination`;
  if (available < updated) return `Rolling out: ${available} of ${updated} updated replicas available`;
  return 'Rolled out';
}
