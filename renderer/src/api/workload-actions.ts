// What the Workloads view can do to an object, as the requests kubectl sends for the same commands.
import type { ResourceType } from '@api/resources/registry.js';
import type { KubeObject } from '@api/types/meta.js';
import type { ApiClient } from './client.js';

const refOf = (obj: KubeObject) => ({ namespace: obj.metadata.namespace, name: obj.metadata.name });

export function canScale(rt: ResourceType): boolean {
  return rt.subresources.some((s) => s.name === 'scale');
}

/** `kubectl rollout restart` works on these (a new template annotation rolls the pods). */
export function canRestart(rt: ResourceType): boolean {
  return rt.kind === 'Deployment' || rt.kind === 'DaemonSet' || rt.kind === 'StatefulSet';
}

/** Deployments pause rollouts; Jobs and CronJobs suspend. */
export function pauseField(rt: ResourceType): 'paused' | 'suspend' | undefined {
  if (rt.kind === 'Deployment') return 'paused';
  if (rt.kind === 'CronJob' || rt.kind === 'Job') return 'suspend';
  return undefined;
}

export function isPaused(rt: ResourceType, obj: KubeObject): boolean {
  const field = pauseField(rt);
  const spec = obj.spec as Record<string, unknown> | undefined;
  return field !== undefined && spec?.[field] === true;
}

/** `kubectl scale --replicas=N`: a merge patch of the scale subresource. */
export function scale(client: ApiClient, rt: ResourceType, obj: KubeObject, replicas: number): Promise<KubeObject> {
  return client.patch(rt, { ...refOf(obj), subresource: 'scale' }, 'merge', { spec: { replicas } });
}

/** `kubectl rollout restart`: stamps the pod template so the controller replaces every pod. */
export function restart(client: ApiClient, rt: ResourceType, obj: KubeObject, now = new Date()): Promise<KubeObject> {
  const restartedAt = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return client.patch(rt, refOf(obj), 'strategic', { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': restartedAt } } } } });
}

/** `kubectl rollout pause|resume` (Deployments) or suspending a Job/CronJob. */
export function setPaused(client: ApiClient, rt: ResourceType, obj: KubeObject, paused: boolean): Promise<KubeObject> {
  const field = pauseField(rt);
  if (!field) return Promise.reject(new Error(`${rt.kind} cannot be paused`));
  return client.patch(rt, refOf(obj), 'merge', { spec: { [field]: paused } });
}

/** `kubectl delete` (background cascading: the garbage collector removes what the object owns). */
export function remove(client: ApiClient, rt: ResourceType, obj: KubeObject): Promise<void> {
  return client.delete(rt, refOf(obj), 'Background');
}

export function desiredReplicas(obj: KubeObject): number {
  const r = (obj.spec as { replicas?: number } | undefined)?.replicas;
  return typeof r === 'number' ? r : 1;
}
