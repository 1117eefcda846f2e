// Controllers' tables: replication controllers, replica sets, deployments, daemon sets, jobs, cron jobs and
// controller revisions, with upstream's columns and cells.
import type { CronJob, Job, JobCondition } from 'kubernetes-types/batch/v1.js';
import type { ControllerRevision, DaemonSet, Deployment, ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { ReplicationController } from 'kubernetes-types/core/v1.js';
import { parseApiVersion } from '../types/meta.js';
import { formatLabelSelector, formatLabels, selectorFromLabelSelector } from '../selectors/label-selector.js';
import {
  AGE_COLUMN, CONTAINERS_COLUMN, IMAGES_COLUMN, NAME_COLUMN, ageOf, as, column, containerCells, nameOf, type RowPrinter,
} from './columns.js';
import { humanDuration, parseTimestamp, timestampSince } from './duration.js';

const WIDE_SELECTOR = (doc: Parameters<typeof column>[2]) => column('Selector', 'string', doc, 1);

export const replicationControllerPrinter: RowPrinter = {
  columns: [
    NAME_COLUMN,
    column('Desired', 'integer', 'ReplicationControllerSpec.replicas'),
    column('Current', 'integer', 'ReplicationControllerStatus.replicas'),
    column('Ready', 'integer', 'ReplicationControllerStatus.readyReplicas'),
    AGE_COLUMN, CONTAINERS_COLUMN, IMAGES_COLUMN,
    WIDE_SELECTOR('ReplicationControllerSpec.selector'),
  ],
  cells(obj, now) {
    const rc = as<ReplicationController>(obj);
    const [names, images] = containerCells(rc.spec?.template?.spec?.containers);
    return [
      nameOf(obj), rc.spec?.replicas ?? 1, rc.status?.replicas ?? 0, rc.status?.readyReplicas ?? 0, ageOf(obj, now),
      names, images, formatLabels(rc.spec?.selector),
    ];
  },
};

export const replicaSetPrinter: RowPrinter = {
  columns: [
    NAME_COLUMN,
    column('Desired', 'integer', 'ReplicaSetSpec.replicas'),
    column('Current', 'integer', 'ReplicaSetStatus.replicas'),
    column('Ready', 'integer', 'ReplicaSetStatus.readyReplicas'),
    AGE_COLUMN, CONTAINERS_COLUMN, IMAGES_COLUMN,
    WIDE_SELECTOR('ReplicaSetSpec.selector'),
  ],
  cells(obj, now) {
    const rs = as<ReplicaSet>(obj);
    const [names, images] = containerCells(rs.spec?.template?.spec?.containers);
    return [
      nameOf(obj), rs.spec?.replicas ?? 1, rs.status?.replicas ?? 0, rs.status?.readyReplicas ?? 0, ageOf(obj, now),
      names, images, formatLabelSelector(rs.spec?.selector),
    ];
  },
};

export const deploymentPrinter: RowPrinter = {
  columns: [
    NAME_COLUMN,
    column('Ready', 'string', { text: 'Number of the pod with ready state' }),
    column('Up-to-date', 'string', 'DeploymentStatus.updatedReplicas'),
    column('Available', 'string', 'DeploymentStatus.availableReplicas'),
    AGE_COLUMN, CONTAINERS_COLUMN, IMAGES_COLUMN,
    WIDE_SELECTOR('DeploymentSpec.selector'),
  ],
  cells(obj, now) {
    const d = as<Deployment>(obj);
    const [names, images] = containerCells(d.spec?.template?.spec?.containers);
    let selector: string;
    try {
      selector = selectorFromLabelSelector(d.spec?.selector).toString();
    } catch {
      selector = '<invalid>';
    }
    return [
      nameOf(obj), `${d.status?.readyReplicas ?? 0}/${d.spec?.replicas ?? 1}`, d.status?.updatedReplicas ?? 0,
      d.status?.availableReplicas ?? 0, ageOf(obj, now), names, images, selector,
    ];
  },
};

export const daemonSetPrinter: RowPrinter = {
  columns: [
    NAME_COLUMN,
    column('Desired', 'integer', 'DaemonSetStatus.desiredNumberScheduled'),
    column('Current', 'integer', 'DaemonSetStatus.currentNumberScheduled'),
    column('Ready', 'integer', 'DaemonSetStatus.numberReady'),
    column('Up-to-date', 'integer', 'DaemonSetStatus.updatedNumberScheduled'),
    column('Available', 'integer', 'DaemonSetStatus.numberAvailable'),
    column('Node Selector', 'string', 'PodSpec.nodeSelector'),
    AGE_COLUMN, CONTAINERS_COLUMN, IMAGES_COLUMN,
    WIDE_SELECTOR('DaemonSetSpec.selector'),
  ],
  cells(obj, now) {
    const ds = as<DaemonSet>(obj);
    const st = ds.status;
    const [names, images] = containerCells(ds.spec?.template?.spec?.containers);
    return [
      nameOf(obj), st?.desiredNumberScheduled ?? 0, st?.currentNumberScheduled ?? 0, st?.numberReady ?? 0,
      st?.updatedNumberScheduled ?? 0, st?.numberAvailable ?? 0, formatLabels(ds.spec?.template?.spec?.nodeSelector),
      ageOf(obj, now), names, images, formatLabelSelector(ds.spec?.selector),
    ];
  },
};

/** The first condition of the type decides, as upstream's hasJobCondition does. */
function hasCondition(conditions: JobCondition[] | undefined, type: string): boolean {
  return conditions?.find((c) => c.type === type)?.status === 'True';
}

function jobStatus(job: Job): string {
  const conditions = job.status?.conditions;
  if (hasCondition(conditions, 'Complete')) return 'Complete';
  if (hasCondition(conditions, 'Failed')) return 'Failed';
  if (job.metadata?.deletionTimestamp) return 'Terminating';
  if (hasCondition(conditions, 'Suspended')) return 'Suspended';
  if (hasCondition(conditions, 'FailureTarget')) return 'FailureTarget';
  return 'Running';
}

function jobCompletions(job: Job): string {
  const succeeded = job.status?.succeeded ?? 0;
  if (job.spec?.completions !== undefined && job.spec.completions !== null) return `${succeeded}/${job.spec.completions}`;
  const parallelism = job.spec?.parallelism ?? 0;
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

function jobDuration(job: Job, now: Date): string {
  const start = parseTimestamp(job.status?.startTime);
  if (start === undefined) return '';
  const end = parseTimestamp(job.status?.completionTime) ?? now.getTime();
  return humanDuration(end - start);
}

export const jobPrinter: RowPrinter = {
  columns: [
    NAME_COLUMN,
    column('Status', 'string', { text: 'Status of the job.' }),
    column('Completions', 'string', 'JobStatus.succeeded'),
    column('Duration', 'string', { text: 'Time required to complete the job.' }),
    AGE_COLUMN, CONTAINERS_COLUMN, IMAGES_COLUMN,
    WIDE_SELECTOR('JobSpec.selector'),
  ],
  cells(obj, now) {
    const job = as<Job>(obj);
    const [names, images] = containerCells(job.spec?.template?.spec?.containers);
    return [
      nameOf(obj), jobStatus(job), jobCompletions(job), jobDuration(job, now), ageOf(obj, now),
      names, images, formatLabelSelector(job.spec?.selector),
    ];
  },
};

export const cronJobPrinter: RowPrinter = {
  columns: [
    NAME_COLUMN,
    column('Schedule', 'string', 'CronJobSpec.schedule'),
    column('Timezone', 'string', 'CronJobSpec.timeZone'),
    column('Suspend', 'boolean', 'CronJobSpec.suspend'),
    column('Active', 'integer', 'CronJobStatus.active'),
    column('Last Schedule', 'string', 'CronJobStatus.lastScheduleTime'),
    AGE_COLUMN, CONTAINERS_COLUMN, IMAGES_COLUMN,
    WIDE_SELECTOR('JobSpec.selector'),
  ],
  cells(obj, now) {
    const cj = as<CronJob>(obj);
    const template = cj.spec?.jobTemplate?.spec;
    const [names, images] = containerCells(template?.template?.spec?.containers);
    const last = cj.status?.lastScheduleTime ? timestampSince(cj.status.lastScheduleTime, now) : '<none>';
    // suspend defaults to false on the server, which upstream prints as "False".
    const suspend = (cj.spec?.suspend ?? false) ? 'True' : 'False';
    return [
      nameOf(obj), cj.spec?.schedule ?? '', cj.spec?.timeZone ?? '<none>', suspend, (cj.status?.active ?? []).length,
      last, ageOf(obj, now), names, images, formatLabelSelector(template?.selector),
    ];
  },
};

/** "daemonset.apps/web" for the owning controller, "<none>" without one. */
function controllerOf(cr: ControllerRevision): string {
  const ref = cr.metadata?.ownerReferences?.find((r) => r.controller === true);
  if (!ref) return '<none>';
  const { group } = parseApiVersion(ref.apiVersion);
  if (group === '' && ref.kind === '') return ref.name;
  const groupKind = group === '' ? ref.kind : `${ref.kind}.${group}`;
  return `${groupKind.toLowerCase()}/${ref.name}`;
}

export const controllerRevisionPrinter: RowPrinter = {
  columns: [
    NAME_COLUMN,
    column('Controller', 'string', { text: 'Controller of the object' }),
    column('Revision', 'string', 'ControllerRevision.revision'),
    AGE_COLUMN,
  ],
  cells(obj, now) {
    const cr = as<ControllerRevision>(obj);
    return [nameOf(obj), controllerOf(cr), cr.revision ?? 0, ageOf(obj, now)];
  },
};
