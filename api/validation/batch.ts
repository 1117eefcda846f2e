// batch/v1 Job and CronJob (pkg/apis/batch/validation), the common paths: counts, completion mode,
// generated selectors, restart policy, pod failure policy basics, schedule and time zone.
import type { Job, JobSpec, CronJob } from 'kubernetes-types/batch/v1.js';
import type { Meta } from '../types/meta.js';
import { type Cause, child, index, invalid, invalidOmitValue, required, notSupported, nonNegative, tooLong, tooMany } from './field-error.js';
import { GoValue, goLabelSelector, goStringMap } from './go-format.js';
import { isDNS1123Label, isDNS1123Subdomain, nameIsDNSSubdomain } from './names.js';
import { validateObjectMeta, validateObjectMetaUpdate, validateImmutable } from './object-meta.js';
import { validateLabelSelector, labelSelectorAsSelector, selectorMatchesTemplate } from './label-selector.js';
import { validatePodTemplateSpec } from './pod-spec.js';
import { parseCronSchedule, CronParseError } from './cron-schedule.js';
import { isKnownTimeZone } from './zoned-time.js';

const MAX_PARALLELISM_INDEXED = 100000;

function hasLabel(labels: Record<string, string> | undefined, labelKey: string, expected: string): Cause[] {
  const field = `spec.template.metadata.labels[${labelKey}]`;
  if (!labels || !Object.hasOwn(labels, labelKey)) return [required(field, `must be '${expected}'`)];
  return labels[labelKey] === expected ? [] : [invalid(field, goStringMap(labels), `must be '${expected}'`)];
}

/** The labels and selector the Job strategy generates must be intact unless manualSelector is set. */
function validateGeneratedSelector(job: Job): Cause[] {
  const spec = job.spec;
  if (spec?.manualSelector === true || !spec?.selector) return [];
  const uid = job.metadata?.uid ?? '';
  const name = job.metadata?.name ?? '';
  const errs: Cause[] = uid ? [] : [required('metadata.uid')];
  const labels = spec.template?.metadata?.labels;
  errs.push(...hasLabel(labels, 'controller-uid', uid), ...hasLabel(labels, 'job-name', name));
  errs.push(...hasLabel(labels, 'batch.kubernetes.io/controller-uid', uid), ...hasLabel(labels, 'batch.kubernetes.io/job-name', name));
  const expected = { 'controller-uid': uid, 'job-name': name, 'batch.kubernetes.io/controller-uid': uid, 'batch.kubernetes.io/job-name': name };
  const sel = labelSelectorAsSelector(spec.selector);
  if (sel && !sel.matches(expected)) errs.push(invalid('spec.selector', goLabelSelector(spec.selector), '`selector` not auto-generated'));
  return errs;
}

function validateJobSpecBody(spec: JobSpec | undefined, field: string): Cause[] {
  const s: Partial<JobSpec> = spec ?? {};
  const errs: Cause[] = [];
  for (const f of ['parallelism', 'completions', 'activeDeadlineSeconds', 'backoffLimit', 'ttlSecondsAfterFinished', 'backoffLimitPerIndex', 'maxFailedIndexes'] as const) {
    const v = s[f];
    if (v !== undefined && v !== null) errs.push(...nonNegative(v, child(field, f)));
  }
  if (s.maxFailedIndexes !== undefined && s.maxFailedIndexes !== null && (s.backoffLimitPerIndex === undefined || s.backoffLimitPerIndex === null)) {
    errs.push(required(child(field, 'backoffLimitPerIndex'), 'when maxFailedIndexes is specified'));
  }
  if (s.managedBy !== undefined && s.managedBy !== null) {
    const [host, ...rest] = s.managedBy.split('/');
    if (!s.managedBy) errs.push(required(child(field, 'managedBy')));
    else if (rest.length === 0 || !host || !rest.join('/')) errs.push(invalid(child(field, 'managedBy'), s.managedBy, 'must be a domain-prefixed path (such as "acme.io/foo")'));
    else errs.push(...isDNS1123Subdomain(host).map((m) => invalid(child(field, 'managedBy'), host, m)));
    if (s.managedBy.length > 63) errs.push(tooLong(child(field, 'managedBy'), 63));
  }
  const mode = s.completionMode;
  if (mode !== undefined && mode !== null) {
    if (mode !== 'NonIndexed' && mode !== 'Indexed') errs.push(notSupported(child(field, 'completionMode'), mode, ['NonIndexed', 'Indexed']));
    if (mode === 'Indexed') {
      if (s.completions === undefined || s.completions === null) errs.push(required(child(field, 'completions'), 'when completion mode is Indexed'));
      if ((s.parallelism ?? 0) > MAX_PARALLELISM_INDEXED) {
        errs.push(invalid(child(field, 'parallelism'), s.parallelism, `must be less than or equal to ${MAX_PARALLELISM_INDEXED} when completion mode is Indexed`));
      }
    }
  }
  if (mode === undefined || mode === null || mode === 'NonIndexed') {
    for (const f of ['backoffLimitPerIndex', 'maxFailedIndexes'] as const) {
      const v = s[f];
      if (v !== undefined && v !== null) errs.push(invalid(child(field, f), v, 'requires indexed completion mode'));
    }
  }
  const rules = s.podFailurePolicy?.rules ?? [];
  if (rules.length > 20) errs.push(tooMany(child(field, 'podFailurePolicy', 'rules'), rules.length, 20));
  rules.forEach((rule, i) => {
    const p = index(child(field, 'podFailurePolicy', 'rules'), i);
    const actions = ['Count', 'FailIndex', 'FailJob', 'Ignore'];
    if (!rule.action) errs.push(required(child(p, 'action'), `valid values: ["${actions.join('" "')}"]`));
    else if (!actions.includes(rule.action)) errs.push(notSupported(child(p, 'action'), rule.action, actions));
    const both = rule.onExitCodes && (rule.onPodConditions ?? []).length > 0;
    const neither = !rule.onExitCodes && (rule.onPodConditions ?? []).length === 0;
    if (both) errs.push(invalidOmitValue(p, 'specifying both OnExitCodes and OnPodConditions is not supported'));
    if (neither) errs.push(invalidOmitValue(p, 'specifying one of OnExitCodes and OnPodConditions is required'));
  });
  const replacement = s.podReplacementPolicy;
  if (replacement !== undefined && replacement !== null) {
    if (s.podFailurePolicy && replacement !== 'Failed') errs.push(notSupported(child(field, 'podReplacementPolicy'), replacement, ['Failed']));
    else if (!['Failed', 'TerminatingOrFailed'].includes(replacement)) {
      errs.push(notSupported(child(field, 'podReplacementPolicy'), replacement, ['Failed', 'TerminatingOrFailed']));
    }
  }
  errs.push(...validatePodTemplateSpec(s.template, child(field, 'template')));
  const restart = s.template?.spec?.restartPolicy ?? '';
  const rp = child(field, 'template', 'spec', 'restartPolicy');
  if (restart === 'Always' || restart === '') errs.push(required(rp, 'valid values: "OnFailure", "Never"'));
  else if (restart !== 'OnFailure' && restart !== 'Never') errs.push(notSupported(rp, restart, ['OnFailure', 'Never']));
  else if (s.podFailurePolicy && restart !== 'Never') errs.push(invalid(rp, restart, 'only "Never" is supported when podFailurePolicy is specified'));
  return errs;
}

function validateJobSpec(spec: JobSpec | undefined): Cause[] {
  const errs = validateJobSpecBody(spec, 'spec');
  if (!spec?.selector) errs.push(required('spec.selector'));
  else errs.push(...validateLabelSelector(spec.selector, 'spec.selector'));
  const sel = labelSelectorAsSelector(spec?.selector);
  if (sel) errs.push(...selectorMatchesTemplate({ empty: false, matches: sel.matches }, spec?.template?.metadata?.labels, 'spec.template.metadata.labels'));
  return errs;
}

export function validateJob(job: Job, old?: Job): Cause[] {
  const spec = job.spec;
  if (old) {
    const prev = old.spec;
    const errs = [...validateObjectMetaUpdate(job.metadata as Meta, old.metadata as Meta), ...validateJobSpec(spec)];
    const indexed = spec?.completionMode === 'Indexed';
    if (!indexed) errs.push(...validateImmutable(spec?.completions ?? null, prev?.completions ?? null, 'spec.completions'));
    else if (spec?.completions !== prev?.completions && spec?.completions !== undefined && spec.completions !== spec.parallelism) {
      errs.push(invalid('spec.completions', spec.completions, 'can only be modified in tandem with spec.parallelism'));
    }
    errs.push(...validateImmutable(spec?.selector ?? null, prev?.selector ?? null, 'spec.selector', goLabelSelector(spec?.selector)));
    errs.push(...validateImmutable(spec?.template ?? null, prev?.template ?? null, 'spec.template', new GoValue('core.PodTemplateSpec{...}')));
    for (const f of ['completionMode', 'podFailurePolicy', 'backoffLimitPerIndex', 'managedBy', 'successPolicy'] as const) {
      errs.push(...validateImmutable(spec?.[f] ?? null, prev?.[f] ?? null, `spec.${f}`));
    }
    return errs;
  }
  const errs = [...validateObjectMeta(job.metadata as Meta, true, nameIsDNSSubdomain), ...validateGeneratedSelector(job), ...validateJobSpec(spec)];
  if (spec?.completionMode === 'Indexed' && (spec.completions ?? 0) > 0) {
    const host = `${job.metadata?.name ?? ''}-${(spec.completions ?? 0) - 1}`;
    if (isDNS1123Label(host).length > 0) {
      errs.push(invalid('metadata.name', job.metadata?.name ?? '', `will not able to create pod with invalid DNS label: ${host}`));
    }
  }
  return errs;
}

function validateTimeZone(tz: string | undefined | null, field: string): Cause[] {
  if (tz === undefined || tz === null) return [];
  if (tz === '') return [invalid(field, tz, 'timeZone must be nil or non-empty string')];
  for (const part of tz.split('/')) {
    if (part === '.' || part === '..' || part.startsWith('-') || !/^[A-Za-z.\-_0-9+]{1,14}$/.test(part)) {
      return [invalid(field, tz, `unknown time zone ${tz}`)];
    }
  }
  const errs: Cause[] = [];
  if (tz.toLowerCase() === 'local') errs.push(invalid(field, tz, 'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones'));
  // Go's LoadLocation accepts exactly "Local"
  if (tz !== 'Local' && !isKnownTimeZone(tz)) errs.push(invalid(field, tz, `unknown time zone ${tz}`));
  return errs;
}

export function validateCronJob(cj: CronJob, old?: CronJob): Cause[] {
  const spec = cj.spec;
  const errs = old ? validateObjectMetaUpdate(cj.metadata as Meta, old.metadata as Meta) : validateObjectMeta(cj.metadata as Meta, true, nameIsDNSSubdomain);
  const schedule = spec?.schedule ?? '';
  if (!schedule) errs.push(required('spec.schedule'));
  else {
    try {
      parseCronSchedule(schedule, 'UTC');
    } catch (e) {
      if (!(e instanceof CronParseError)) throw e;
      errs.push(invalid('spec.schedule', schedule, e.message));
    }
    const allowTZ = old ? (old.spec?.schedule ?? '').includes('TZ') : false;
    if (allowTZ && schedule.includes('TZ') && spec?.timeZone !== undefined && spec.timeZone !== null) {
      errs.push(invalid('spec.schedule', schedule, 'cannot use both timeZone field and TZ or CRON_TZ in schedule'));
    } else if (!allowTZ && schedule.includes('TZ')) {
      errs.push(invalid('spec.schedule', schedule, 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead'));
    }
  }
  if (spec?.startingDeadlineSeconds !== undefined && spec.startingDeadlineSeconds !== null) {
    errs.push(...nonNegative(spec.startingDeadlineSeconds, 'spec.startingDeadlineSeconds'));
  }
  if (!old || (old.spec?.timeZone ?? null) !== (spec?.timeZone ?? null)) errs.push(...validateTimeZone(spec?.timeZone, 'spec.timeZone'));
  const policy = spec?.concurrencyPolicy ?? '';
  if (policy === '') errs.push(required('spec.concurrencyPolicy'));
  else if (!['Allow', 'Forbid', 'Replace'].includes(policy)) errs.push(notSupported('spec.concurrencyPolicy', policy, ['Allow', 'Forbid', 'Replace']));
  const jobSpec = spec?.jobTemplate?.spec;
  errs.push(...validateJobSpecBody(jobSpec, 'spec.jobTemplate.spec'));
  if (jobSpec?.selector) errs.push(invalid('spec.jobTemplate.spec.selector', goLabelSelector(jobSpec.selector), '`selector` will be auto-generated'));
  if (jobSpec?.manualSelector === true) errs.push(notSupported('spec.jobTemplate.spec.manualSelector', true, ['nil', 'false']));
  for (const f of ['successfulJobsHistoryLimit', 'failedJobsHistoryLimit'] as const) {
    const v = spec?.[f];
    if (v !== undefined && v !== null) errs.push(...nonNegative(v, `spec.${f}`));
  }
  if (!old && (cj.metadata?.name ?? '').length > 52) errs.push(invalid('metadata.name', cj.metadata?.name ?? '', 'must be no more than 52 characters'));
  return errs;
}
