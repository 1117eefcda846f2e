// Pod state as controllers judge it (k8s.io/kubernetes/pkg/api/v1/pod and controller utilities).
import type { Pod, PodCondition } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../types/meta.js';

type PodLike = KubeObject & Pick<Pod, 'spec' | 'status'>;

export function asPod(obj: KubeObject): PodLike {
  return obj as PodLike;
}

export function podCondition(pod: KubeObject, type: string): PodCondition | undefined {
  return asPod(pod).status?.conditions?.find((c) => c.type === type);
}

export function isPodReady(pod: KubeObject): boolean {
  return podCondition(pod, 'Ready')?.status === 'True';
}

/** Ready for at least minReadySeconds (what Deployments and ReplicaSets count as available). */
export function isPodAvailable(pod: KubeObject, minReadySeconds: number, now: Date): boolean {
  const ready = podCondition(pod, 'Ready');
  if (ready?.status !== 'True') return false;
  if (minReadySeconds <= 0) return true;
  const since = ready.lastTransitionTime ? Date.parse(ready.lastTransitionTime) : NaN;
  return Number.isFinite(since) && since + minReadySeconds * 1000 <= now.getTime();
}

/** Neither finished nor being deleted: counts toward a controller's replicas. */
export function isPodActive(pod: KubeObject): boolean {
  const phase = asPod(pod).status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed' && pod.metadata.deletionTimestamp === undefined;
}

export function isPodTerminating(pod: KubeObject): boolean {
  return pod.metadata.deletionTimestamp !== undefined;
}
