// ReplicationController, ReplicaSet, Deployment, DaemonSet and ControllerRevision (core and apps/v1).
import type { ReplicationController, PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import type { ReplicaSet, Deployment, DaemonSet, ControllerRevision, RollingUpdateDeployment, RollingUpdateDaemonSet } from 'kubernetes-types/apps/v1.js';
import type { LabelSelector, Meta } from '../types/meta.js';
import { type Cause, child, invalid, required, forbidden, notSupported, nonNegative } from './field-error.js';
import { GoValue, goIntOrString, goLabelSelector, goQuote } from './go-format.js';
import { isValidPercent, nameIsDNSSubdomain } from './names.js';
import { validateObjectMeta, validateObjectMetaUpdate, validateImmutable } from './object-meta.js';
import { validateLabelSelector, labelSelectorAsSelector, mapSelector, selectorMatchesTemplate, type SelectorFn } from './label-selector.js';
import { validatePodTemplateSpec } from './pod-spec.js';

type IntOrString = number | string | undefined;

function templateForController(tpl: PodTemplateSpec | undefined, sel: SelectorFn, kind: string, field: string): Cause[] {
  if (!tpl) return [required(field)];
  const errs = [
    ...selectorMatchesTemplate(sel, tpl.metadata?.labels, child(field, 'metadata', 'labels')),
    ...validatePodTemplateSpec(tpl, field),
  ];
  const restart = tpl.spec?.restartPolicy ?? '';
  if (restart !== 'Always') errs.push(notSupported(child(field, 'spec', 'restartPolicy'), restart, ['Always']));
  if (tpl.spec?.activeDeadlineSeconds !== undefined && tpl.spec.activeDeadlineSeconds !== null) {
    errs.push(forbidden(child(field, 'spec', 'activeDeadlineSeconds'), `activeDeadlineSeconds in ${kind} is not Supported`));
  }
  return errs;
}

export function validateReplicationController(rc: ReplicationController, old?: ReplicationController): Cause[] {
  const spec = rc.spec ?? {};
  const errs = old ? validateObjectMetaUpdate(rc.metadata as Meta, old.metadata as Meta) : validateObjectMeta(rc.metadata as Meta, true, nameIsDNSSubdomain);
  errs.push(...nonNegative(spec.minReadySeconds ?? 0, 'spec.minReadySeconds'));
  if (Object.keys(spec.selector ?? {}).length === 0) errs.push(required('spec.selector'));
  errs.push(...nonNegative(spec.replicas ?? 0, 'spec.replicas'));
  errs.push(...templateForController(spec.template, mapSelector(spec.selector), 'ReplicationController', 'spec.template'));
  return errs;
}

/** The apps/v1 selector rules: required, valid, non-empty, and matching the template. */
function selectorAndTemplate(selector: LabelSelector | undefined, tpl: PodTemplateSpec | undefined, kind: 'deployment' | 'ReplicaSet'): Cause[] {
  const errs: Cause[] = [];
  if (!selector) errs.push(required('spec.selector'));
  else {
    errs.push(...validateLabelSelector(selector, 'spec.selector'));
    if (Object.keys(selector.matchLabels ?? {}).length + (selector.matchExpressions ?? []).length === 0) {
      // ReplicaSets share the Deployment wording upstream
      errs.push(invalid('spec.selector', goLabelSelector(selector), 'empty selector is invalid for deployment'));
    }
  }
  const sel = labelSelectorAsSelector(selector);
  if (!sel) errs.push(invalid('spec.selector', goLabelSelector(selector), 'invalid label selector'));
  else errs.push(...templateForController(tpl, sel, kind === 'deployment' ? 'ReplicaSet' : kind, 'spec.template'));
  return errs;
}

function metaFor(obj: { metadata?: unknown }, old: { metadata?: unknown } | undefined): Cause[] {
  return old ? validateObjectMetaUpdate(obj.metadata as Meta, old.metadata as Meta) : validateObjectMeta(obj.metadata as Meta, true, nameIsDNSSubdomain);
}

/** apps/v1 strategies make the selector immutable on update. */
function immutableSelector(next: LabelSelector | undefined, prev: LabelSelector | undefined): Cause[] {
  return validateImmutable(next ?? null, prev ?? null, 'spec.selector', goLabelSelector(next));
}

export function validateReplicaSet(rs: ReplicaSet, old?: ReplicaSet): Cause[] {
  const spec = rs.spec;
  const errs = metaFor(rs, old);
  errs.push(...nonNegative(spec?.replicas ?? 0, 'spec.replicas'), ...nonNegative(spec?.minReadySeconds ?? 0, 'spec.minReadySeconds'));
  errs.push(...selectorAndTemplate(spec?.selector, spec?.template, 'ReplicaSet'));
  if (old) errs.push(...immutableSelector(spec?.selector, old.spec?.selector));
  return errs;
}

function percentValue(v: IntOrString): number | undefined {
  return typeof v === 'string' && isValidPercent(v).length === 0 ? Number(v.slice(0, -1)) : undefined;
}

function intOrPercentValue(v: IntOrString): number {
  const pct = percentValue(v);
  if (pct !== undefined) return pct;
  if (typeof v === 'number') return v;
  return /^[-+]?[0-9]+$/.test(v ?? '') ? Number(v) : 0;
}

function positiveIntOrPercent(v: IntOrString, field: string): Cause[] {
  if (typeof v === 'string') return isValidPercent(v).map((m) => invalid(field, goIntOrString(v), m));
  return nonNegative(v ?? 0, field);
}

function notMoreThan100Percent(v: IntOrString, field: string): Cause[] {
  const pct = percentValue(v);
  return pct !== undefined && pct > 100 ? [invalid(field, goIntOrString(v), 'must not be greater than 100%')] : [];
}

function rollingUpdateDeployment(ru: RollingUpdateDeployment, field: string): Cause[] {
  const mu = child(field, 'maxUnavailable');
  const errs = [...positiveIntOrPercent(ru.maxUnavailable, mu), ...positiveIntOrPercent(ru.maxSurge, child(field, 'maxSurge'))];
  if (intOrPercentValue(ru.maxUnavailable) === 0 && intOrPercentValue(ru.maxSurge) === 0) {
    errs.push(invalid(mu, goIntOrString(ru.maxUnavailable), 'may not be 0 when `maxSurge` is 0'));
  }
  return [...errs, ...notMoreThan100Percent(ru.maxUnavailable, mu)];
}

export function validateDeployment(d: Deployment, old?: Deployment): Cause[] {
  const spec = d.spec;
  const errs = metaFor(d, old);
  errs.push(...nonNegative(spec?.replicas ?? 0, 'spec.replicas'));
  errs.push(...selectorAndTemplate(spec?.selector, spec?.template, 'deployment'));
  const strategy = spec?.strategy ?? {};
  switch (strategy.type) {
    case 'Recreate':
      if (strategy.rollingUpdate) errs.push(forbidden('spec.strategy.rollingUpdate', "may not be specified when strategy `type` is 'Recreate'"));
      break;
    case 'RollingUpdate':
      if (!strategy.rollingUpdate) errs.push(required('spec.strategy.rollingUpdate', 'this should be defaulted and never be nil'));
      else errs.push(...rollingUpdateDeployment(strategy.rollingUpdate, 'spec.strategy.rollingUpdate'));
      break;
    default: {
      const ru = strategy.rollingUpdate ? '(*apps.RollingUpdateDeployment)(0xc000000000)' : '(*apps.RollingUpdateDeployment)(nil)';
      errs.push(notSupported('spec.strategy', new GoValue(`apps.DeploymentStrategy{Type:${goQuote(strategy.type ?? '')}, RollingUpdate:${ru}}`), ['Recreate', 'RollingUpdate']));
    }
  }
  errs.push(...nonNegative(spec?.minReadySeconds ?? 0, 'spec.minReadySeconds'));
  if (spec?.revisionHistoryLimit !== undefined && spec.revisionHistoryLimit !== null) errs.push(...nonNegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit'));
  const pds = spec?.progressDeadlineSeconds;
  if (pds !== undefined && pds !== null) {
    errs.push(...nonNegative(pds, 'spec.progressDeadlineSeconds'));
    if (pds <= (spec?.minReadySeconds ?? 0)) errs.push(invalid('spec.progressDeadlineSeconds', pds, 'must be greater than minReadySeconds'));
  }
  if (old) errs.push(...immutableSelector(spec?.selector, old.spec?.selector));
  return errs;
}

function rollingUpdateDaemonSet(ru: RollingUpdateDaemonSet, field: string): Cause[] {
  const mu = child(field, 'maxUnavailable'), ms = child(field, 'maxSurge');
  const errs = [
    ...positiveIntOrPercent(ru.maxUnavailable, mu), ...positiveIntOrPercent(ru.maxSurge, ms),
    ...notMoreThan100Percent(ru.maxUnavailable, mu), ...notMoreThan100Percent(ru.maxSurge, ms),
  ];
  const hasUnavailable = intOrPercentValue(ru.maxUnavailable) !== 0;
  const hasSurge = intOrPercentValue(ru.maxSurge) !== 0;
  if (hasUnavailable && hasSurge) errs.push(invalid(ms, goIntOrString(ru.maxSurge), 'may not be set when maxUnavailable is non-zero'));
  if (!hasUnavailable && !hasSurge) errs.push(required(mu, 'cannot be 0 when maxSurge is 0'));
  return errs;
}

export function validateDaemonSet(ds: DaemonSet, old?: DaemonSet): Cause[] {
  const spec = ds.spec;
  const errs = metaFor(ds, old);
  errs.push(...validateLabelSelector(spec?.selector, 'spec.selector'));
  const sel = labelSelectorAsSelector(spec?.selector);
  if (sel && !sel.matches(spec?.template?.metadata?.labels)) {
    errs.push(...selectorMatchesTemplate({ empty: false, matches: () => false }, spec?.template?.metadata?.labels, 'spec.template.metadata.labels'));
  }
  if (spec?.selector && Object.keys(spec.selector.matchLabels ?? {}).length + (spec.selector.matchExpressions ?? []).length === 0) {
    errs.push(invalid('spec.selector', goLabelSelector(spec.selector), 'empty selector is invalid for daemonset'));
  }
  errs.push(...validatePodTemplateSpec(spec?.template, 'spec.template'));
  const restart = spec?.template?.spec?.restartPolicy ?? '';
  if (restart !== 'Always') errs.push(notSupported('spec.template.spec.restartPolicy', restart, ['Always']));
  if (spec?.template?.spec?.activeDeadlineSeconds !== undefined && spec.template.spec.activeDeadlineSeconds !== null) {
    errs.push(forbidden('spec.template.spec.activeDeadlineSeconds', 'activeDeadlineSeconds in DaemonSet is not Supported'));
  }
  errs.push(...nonNegative(spec?.minReadySeconds ?? 0, 'spec.minReadySeconds'));
  const strategy = spec?.updateStrategy ?? {};
  if (strategy.type === 'RollingUpdate') {
    if (!strategy.rollingUpdate) errs.push(required('spec.updateStrategy.rollingUpdate'));
    else errs.push(...rollingUpdateDaemonSet(strategy.rollingUpdate, 'spec.updateStrategy.rollingUpdate'));
  } else if (strategy.type !== 'OnDelete') {
    const ru = strategy.rollingUpdate ? '(*apps.RollingUpdateDaemonSet)(0xc000000000)' : '(*apps.RollingUpdateDaemonSet)(nil)';
    errs.push(notSupported('spec.updateStrategy', new GoValue(`apps.DaemonSetUpdateStrategy{Type:${goQuote(strategy.type ?? '')}, RollingUpdate:${ru}}`), ['RollingUpdate', 'OnDelete']));
  }
  if (spec?.revisionHistoryLimit !== undefined && spec.revisionHistoryLimit !== null) errs.push(...nonNegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit'));
  if (old) errs.push(...immutableSelector(spec?.selector, old.spec?.selector));
  return errs;
}

export function validateControllerRevision(cr: ControllerRevision, old?: ControllerRevision): Cause[] {
  const errs = old ? validateObjectMetaUpdate(cr.metadata as Meta, old.metadata as Meta) : [];
  errs.push(...validateObjectMeta(cr.metadata as Meta, true, nameIsDNSSubdomain));
  if (cr.data === undefined || cr.data === null) errs.push(required('data', 'data is mandatory'));
  errs.push(...nonNegative(cr.revision ?? 0, 'revision'));
  if (old) errs.push(...validateImmutable(cr.data ?? null, old.data ?? null, 'data', new GoValue('runtime.RawExtension{...}')));
  return errs;
}
