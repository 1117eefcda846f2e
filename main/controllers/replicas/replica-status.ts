// A replica owner's status as upstream's calculateStatus computes it (pkg/controller/replicaset/replica_set_utils.go),
// shared by ReplicaSets and ReplicationControllers, and the pod a replica owner creates from its template.
import type { PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import { selectorFromSet } from '../../../api/selectors/index.js';
import type { KubeObject, OwnerReference } from '../../../api/types/meta.js';
import { isPodAvailable, isPodReady } from '../../../api/workloads/pods.js';
import { deepEqual } from '../../../api/util/deep-equal.js';

export interface ReplicaFailureCondition {
  type: 'ReplicaFailure';
  status: 'True';
  lastTransitionTime: string;
  reason: string;
  message: string;
}

export interface ReplicaStatus {
  replicas: number;
  fullyLabeledReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  observedGeneration?: number;
  conditions?: { type: string; status: string; lastTransitionTime?: string; reason?: string; message?: string }[];
}

export interface ReplicaOwnerSpec {
  replicas?: number;
  minReadySeconds?: number;
  template?: PodTemplateSpec;
}

export const specOf = (owner: KubeObject): ReplicaOwnerSpec => (owner.spec ?? {}) as ReplicaOwnerSpec;
export const statusOf = (owner: KubeObject): ReplicaStatus => (owner.status ?? { replicas: 0 }) as ReplicaStatus;

const rfc3339 = (d: Date): string => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * The status `owner` should have given the active pods it controls and the error (if any) of its last attempt
 * to create or delete pods. Zero counts are left out, as the API's omitempty fields are.
 */
export function calculateReplicaStatus(owner: KubeObject, pods: readonly KubeObject[], manageError: unknown, now: Date): ReplicaStatus {
  const spec = specOf(owner);
  const templateSelector = selectorFromSet(spec.template?.metadata?.labels);
  const minReady = spec.minReadySeconds ?? 0;
  let fullyLabeled = 0, ready = 0, available = 0;
  for (const pod of pods) {
    if (templateSelector.matches(pod.metadata.labels)) fullyLabeled++;
    if (isPodReady(pod)) {
      ready++;
      if (isPodAvailable(pod, minReady, now)) available++;
    }
  }
  const status: ReplicaStatus = { replicas: pods.length };
  if (fullyLabeled > 0) status.fullyLabeledReplicas = fullyLabeled;
  if (ready > 0) status.readyReplicas = ready;
  if (available > 0) status.availableReplicas = available;
  const generation = owner.metadata.generation;
  if (generation !== undefined && generation > 0) status.observedGeneration = generation;
  const conditions = [...(statusOf(owner).conditions ?? [])];
  const failureAt = conditions.findIndex((c) => c.type === 'ReplicaFailure');
  if (manageError !== undefined && failureAt < 0) {
    const diff = pods.length - (spec.replicas ?? 1);
    const reason = diff < 0 ? 'FailedCreate' : diff > 0 ? 'FailedDelete' : '';
    conditions.push({ type: 'ReplicaFailure', status: 'True', lastTransitionTime: rfc3339(now), reason, message: errorMessage(manageError) });
  } else if (manageError === undefined && failureAt >= 0) {
    conditions.splice(failureAt, 1);
  }
  if (conditions.length > 0) status.conditions = conditions;
  return status;
}

/** Whether writing `next` would change the owner's status (upstream compares the counts, generation and conditions). */
export function statusChanged(owner: KubeObject, next: ReplicaStatus): boolean {
  const cur = statusOf(owner);
  const n = (v: number | undefined): number => v ?? 0;
  return n(cur.replicas) !== next.replicas
    || n(cur.fullyLabeledReplicas) !== n(next.fullyLabeledReplicas)
    || n(cur.readyReplicas) !== n(next.readyReplicas)
    || n(cur.availableReplicas) !== n(next.availableReplicas)
    || n(cur.observedGeneration) !== n(next.observedGeneration)
    || !deepEqual(cur.conditions ?? [], next.conditions ?? []);
}

/** The pod an owner creates from its template (upstream's GetPodFromTemplate): named `<owner>-<5 random chars>`. */
export function podFromTemplate(owner: KubeObject, ref: OwnerReference): KubeObject {
  const template = specOf(owner).template ?? {};
  const tm = template.metadata ?? {};
  const metadata: KubeObject['metadata'] = { generateName: `${owner.metadata.name}-`, namespace: owner.metadata.namespace, ownerReferences: [ref] };
  if (tm.labels) metadata.labels = { ...tm.labels };
  if (tm.annotations) metadata.annotations = { ...tm.annotations };
  if (tm.finalizers) metadata.finalizers = [...tm.finalizers];
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec: structuredClone(template.spec ?? {}) };
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
