// The job controller's writes to pods, with the events upstream's PodControl records on the Job
// ("Created pod: pi-x2x8k", "Deleted pod: pi-x2x8k", "Error creating: ...").
import type { PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import { StatusError } from '../../../api/errors/status-error.js';
import { findResource } from '../../../api/resources/registry.js';
import type { KubeObject } from '../../../api/types/meta.js';
import { controllerRefTo } from '../../../api/workloads/owners.js';
import type { Transport } from '../../../client/transport.js';
import type { EventSink } from '../../registry/events.js';
import { hasTrackingFinalizer, JOB_TRACKING_FINALIZER, type JobObject } from './job-types.js';

const PODS = findResource('', 'v1', 'pods')!;

export const isNotFound = (err: unknown): boolean => err instanceof StatusError && err.reason === 'NotFound';
export const isAlreadyExists = (err: unknown): boolean => err instanceof StatusError && err.reason === 'AlreadyExists';
export const isNamespaceTerminating = (err: unknown): boolean =>
  err instanceof StatusError && err.causes.some((c) => c.reason === 'NamespaceTerminating');

export class PodControl {
  constructor(private readonly transport: Transport, private readonly events: EventSink) {}

  /** Creates a pod from the template, owned by the Job; returns the created pod. */
  async create(job: JobObject, template: PodTemplateSpec, generateName: string): Promise<KubeObject> {
    const meta = template.metadata ?? {};
    const pod: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        generateName,
        namespace: job.metadata.namespace,
        labels: { ...meta.labels },
        annotations: { ...meta.annotations },
        finalizers: [...(meta.finalizers ?? [])],
        ownerReferences: [controllerRefTo(job)],
      },
      spec: structuredClone(template.spec),
    };
    if (Object.keys(pod.metadata.annotations!).length === 0) delete pod.metadata.annotations;
    try {
      const created = await this.transport.create(PODS, job.metadata.namespace, pod);
      this.events.record(job, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`);
      return created;
    } catch (err) {
      if (!isNamespaceTerminating(err)) this.events.record(job, 'Warning', 'FailedCreate', `Error creating: ${errorText(err)}`);
      throw err;
    }
  }

  /** Deletes a pod (its finalizers stay; the grace period is the pod's). NotFound is rethrown without an event. */
  async delete(job: JobObject, pod: KubeObject): Promise<void> {
    const name = pod.metadata.name!;
    try {
      await this.transport.delete(PODS, pod.metadata.namespace, name, { preconditions: { uid: pod.metadata.uid } });
    } catch (err) {
      if (!isNotFound(err)) this.events.record(job, 'Warning', 'FailedDelete', `Error deleting: ${errorText(err)}`);
      throw err;
    }
    this.events.record(job, 'Normal', 'SuccessfulDelete', `Deleted pod: ${name}`);
  }

  /** Removes the tracking finalizer (a strategic merge patch that touches nothing else). */
  async removeTrackingFinalizer(pod: KubeObject): Promise<void> {
    if (!hasTrackingFinalizer(pod)) return;
    await this.transport.patch(PODS, pod.metadata.namespace, pod.metadata.name!, 'strategic', {
      metadata: { [`$deleteFromPrimitiveList/finalizers`]: [JOB_TRACKING_FINALIZER] },
    });
  }

  /** Adopts an orphan: adds the controller reference and the tracking finalizer, if the pod is unchanged. */
  async adopt(job: JobObject, pod: KubeObject): Promise<KubeObject> {
    return this.transport.patch(PODS, pod.metadata.namespace, pod.metadata.name!, 'strategic', {
      metadata: { uid: pod.metadata.uid, ownerReferences: [controllerRefTo(job)], finalizers: [JOB_TRACKING_FINALIZER] },
    });
  }

  /** Releases a pod that no longer matches the selector: drops the controller reference. */
  async release(job: JobObject, pod: KubeObject): Promise<void> {
    await this.transport.patch(PODS, pod.metadata.namespace, pod.metadata.name!, 'strategic', {
      metadata: { uid: pod.metadata.uid, ownerReferences: [{ $patch: 'delete', uid: job.metadata.uid }] },
    });
  }
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
