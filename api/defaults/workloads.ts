// Workload defaults: ReplicationController (core/v1), ReplicaSet, Deployment, DaemonSet (apps/v1),
// Job and CronJob (batch/v1), each with its pod template defaulted like a PodSpec.
import { type Obj, isObj, objAt, maybeObj, setIfAbsent, setIfEmpty } from './record.js';
import { defaultTemplate } from './pod-spec.js';

const templateLabels = (spec: Obj | undefined): Obj | undefined => maybeObj(maybeObj(maybeObj(spec, 'template'), 'metadata'), 'labels');
const isEmptyMap = (v: unknown): boolean => !isObj(v) || Object.keys(v).length === 0;

export function defaultReplicationController(rc: Obj): void {
  const spec = objAt(rc, 'spec');
  const labels = templateLabels(spec);
  if (labels) {
    if (isEmptyMap(spec.selector)) spec.selector = { ...labels };
    const meta = objAt(rc, 'metadata');
    if (isEmptyMap(meta.labels)) meta.labels = { ...labels };
  }
  setIfAbsent(spec, 'replicas', 1);
  defaultTemplate(spec);
}

export function defaultReplicaSet(rs: Obj): void {
  const spec = objAt(rs, 'spec');
  setIfAbsent(spec, 'replicas', 1);
  defaultTemplate(spec);
}

export function defaultDeployment(d: Obj): void {
  const spec = objAt(d, 'spec');
  setIfAbsent(spec, 'replicas', 1);
  const strategy = objAt(spec, 'strategy');
  setIfEmpty(strategy, 'type', 'RollingUpdate');
  if (strategy.type === 'RollingUpdate') {
    const ru = objAt(strategy, 'rollingUpdate');
    setIfAbsent(ru, 'maxUnavailable', '25%');
    setIfAbsent(ru, 'maxSurge', '25%');
  }
  setIfAbsent(spec, 'revisionHistoryLimit', 10);
  setIfAbsent(spec, 'progressDeadlineSeconds', 600);
  defaultTemplate(spec);
}

export function defaultDaemonSet(ds: Obj): void {
  const spec = objAt(ds, 'spec');
  const strategy = objAt(spec, 'updateStrategy');
  setIfEmpty(strategy, 'type', 'RollingUpdate');
  if (strategy.type === 'RollingUpdate') {
    const ru = objAt(strategy, 'rollingUpdate');
    setIfAbsent(ru, 'maxUnavailable', 1);
    setIfAbsent(ru, 'maxSurge', 0);
  }
  setIfAbsent(spec, 'revisionHistoryLimit', 10);
  defaultTemplate(spec);
}

export function defaultJob(job: Obj): void {
  const spec = objAt(job, 'spec');
  if ((spec.completions === undefined || spec.completions === null) && (spec.parallelism === undefined || spec.parallelism === null)) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  setIfAbsent(spec, 'parallelism', 1);
  const perIndex = spec.backoffLimitPerIndex !== undefined && spec.backoffLimitPerIndex !== null;
  setIfAbsent(spec, 'backoffLimit', perIndex ? 2147483647 : 6);
  const labels = templateLabels(spec);
  const meta = objAt(job, 'metadata');
  if (labels && isEmptyMap(meta.labels)) meta.labels = { ...labels };
  setIfAbsent(spec, 'completionMode', 'NonIndexed');
  setIfAbsent(spec, 'suspend', false);
  for (const rule of (maybeObj(spec, 'podFailurePolicy')?.rules as unknown[] | undefined) ?? []) {
    if (!isObj(rule) || !Array.isArray(rule.onPodConditions)) continue;
    for (const pattern of rule.onPodConditions) if (isObj(pattern)) setIfEmpty(pattern, 'status', 'True');
  }
  setIfAbsent(spec, 'podReplacementPolicy', spec.podFailurePolicy ? 'Failed' : 'TerminatingOrFailed');
  setIfAbsent(spec, 'manualSelector', false);
  defaultTemplate(spec);
}

/**
 * The Job strategy's create-time selector generation: the template gets job-name and controller-uid
 * labels (legacy and batch.kubernetes.io/ forms) and the selector matches the uid. Needs metadata.uid.
 */
export function generateJobSelector(job: Obj): void {
  const spec = objAt(job, 'spec');
  if (spec.manualSelector === true) return;
  const meta = objAt(job, 'metadata');
  const name = String(meta.name ?? '');
  const uid = String(meta.uid ?? '');
  const labels = objAt(objAt(objAt(spec, 'template'), 'metadata'), 'labels');
  for (const k of ['job-name', 'batch.kubernetes.io/job-name']) if (!Object.hasOwn(labels, k)) labels[k] = name;
  for (const k of ['controller-uid', 'batch.kubernetes.io/controller-uid']) if (!Object.hasOwn(labels, k)) labels[k] = uid;
  const matchLabels = objAt(objAt(spec, 'selector'), 'matchLabels');
  if (!Object.hasOwn(matchLabels, 'batch.kubernetes.io/controller-uid')) matchLabels['batch.kubernetes.io/controller-uid'] = uid;
}

export function defaultCronJob(cj: Obj): void {
  const spec = objAt(cj, 'spec');
  setIfEmpty(spec, 'concurrencyPolicy', 'Allow');
  setIfAbsent(spec, 'suspend', false);
  setIfAbsent(spec, 'successfulJobsHistoryLimit', 3);
  setIfAbsent(spec, 'failedJobsHistoryLimit', 1);
  // the job template gets pod defaults only; SetDefaults_Job runs when the controller creates the Job
  defaultTemplate(maybeObj(maybeObj(spec, 'jobTemplate'), 'spec'));
}
