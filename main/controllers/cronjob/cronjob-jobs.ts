// The Jobs a CronJob creates and tracks: the Job for one scheduled run, the references in status.active,
// and the order in which finished Jobs are pruned.
import type { ObjectReference } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../../../api/types/meta.js';
import { controllerRefTo } from '../../../api/workloads/owners.js';
import type { JobObject } from '../job/job-types.js';
import { rfc3339In, type CronJobObject } from './schedule.js';

export const SCHEDULED_TIMESTAMP_ANNOTATION = 'batch.kubernetes.io/cronjob-scheduled-timestamp';

export function jobRef(job: KubeObject): ObjectReference {
  return { kind: 'Job', namespace: job.metadata.namespace, name: job.metadata.name, uid: job.metadata.uid, apiVersion: 'batch/v1', resourceVersion: job.metadata.resourceVersion };
}

export function inActiveList(cj: CronJobObject, uid: string | undefined): boolean {
  return (cj.status?.active ?? []).some((a) => a.uid === uid);
}

export function deleteFromActiveList(cj: CronJobObject, uid: string | undefined): void {
  if (!cj.status?.active) return;
  cj.status.active = cj.status.active.filter((a) => a.uid !== uid);
  if (cj.status.active.length === 0) delete cj.status.active;
}

/** Oldest start first; Jobs that never started last; names break ties. */
export function byStartTime(a: JobObject, b: JobObject): number {
  const sa = a.status?.startTime, sb = b.status?.startTime;
  if (!sa || !sb) return !sa && !sb ? 0 : !sa ? 1 : -1;
  const d = Date.parse(sa) - Date.parse(sb);
  if (d !== 0) return d;
  return (a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1;
}

/** The Job for one scheduled run: the template's metadata and spec, owned by the CronJob, named for the minute. */
export function jobFromTemplate(cj: CronJobObject, name: string, scheduledMs: number): KubeObject {
  const tmpl = cj.spec.jobTemplate;
  const labels = { ...tmpl.metadata?.labels };
  const annotations = { ...tmpl.metadata?.annotations, [SCHEDULED_TIMESTAMP_ANNOTATION]: rfc3339In(scheduledMs, cj.spec.timeZone ?? 'UTC') };
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: cj.metadata.namespace, ...(Object.keys(labels).length > 0 ? { labels } : {}), annotations, ownerReferences: [controllerRefTo(cj)] },
    spec: structuredClone(tmpl.spec),
  };
}
