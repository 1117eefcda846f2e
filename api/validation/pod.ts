// Pod create and update validation, including upstream's pod update immutability rule.
import type { Pod, PodSpec, Container, Toleration } from 'kubernetes-types/core/v1.js';
import type { Meta } from '../types/meta.js';
import { type Cause, child, index, invalid, required, forbidden } from './field-error.js';
import { inclusiveRangeError, nameIsDNSSubdomain } from './names.js';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.js';
import { validatePodSpec } from './pod-spec.js';
import { validateTolerations } from './scheduling.js';
import { semanticEqual } from './semantic-equal.js';

const MAX_INT32 = 2147483647;

export const UPDATABLE_POD_SPEC_FIELDS = [
  '`spec.containers[*].image`',
  '`spec.initContainers[*].image`',
  '`spec.activeDeadlineSeconds`',
  '`spec.tolerations` (only additions to existing tolerations)',
  '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
];

function imageWhitespace(containers: Container[] | undefined, field: string): Cause[] {
  const errs: Cause[] = [];
  (containers ?? []).forEach((c, i) => {
    const image = c.image ?? '';
    if (image.length !== image.trim().length) errs.push(invalid(child(index(field, i), 'image'), image, 'must not have leading or trailing whitespace'));
  });
  return errs;
}

function validatePodMetadataAndSpec(pod: Pod): Cause[] {
  const spec = pod.spec;
  const errs = [
    ...validateObjectMeta(pod.metadata as Meta, true, nameIsDNSSubdomain),
    ...validatePodSpec(spec, 'spec', true),
  ];
  if (!spec?.serviceAccountName) {
    (spec?.volumes ?? []).forEach((v, vi) => (v.projected?.sources ?? []).forEach((src, si) => {
      if (src.serviceAccountToken) {
        errs.push(forbidden(`spec.volumes[${vi}].projected.sources[${si}].serviceAccountToken`, 'must not be specified when serviceAccountName is not set'));
      }
    }));
  }
  return [...errs, ...imageWhitespace(spec?.containers, 'spec.containers'), ...imageWhitespace(spec?.initContainers, 'spec.initContainers')];
}

export function validatePodCreate(pod: Pod): Cause[] {
  const errs = validatePodMetadataAndSpec(pod);
  if ((pod.spec?.ephemeralContainers ?? []).length > 0) errs.push(forbidden('spec.ephemeralContainers', 'cannot be set on create'));
  if (pod.spec?.nodeName && (pod.spec.schedulingGates ?? []).length > 0) {
    errs.push(forbidden('spec.nodeName', 'cannot be set until all schedulingGates have been cleared'));
  }
  return errs;
}

function containerUpdates(next: Container[] | undefined, prev: Container[] | undefined, field: string): { errs: Cause[]; stop: boolean } {
  if ((next ?? []).length !== (prev ?? []).length) return { errs: [forbidden(field, 'pod updates may not add or remove containers')], stop: true };
  const errs: Cause[] = [];
  (next ?? []).forEach((c, i) => { if (!c.image) errs.push(required(child(index(field, i), 'image'))); });
  return { errs: [...errs, ...imageWhitespace(next, field)], stop: false };
}

/** Old tolerations must all survive (tolerationSeconds may change); new ones may be added. */
function onlyAddedTolerations(next: Toleration[] | undefined, prev: Toleration[] | undefined, field: string): Cause[] {
  for (const old of prev ?? []) {
    const found = (next ?? []).some((t) => semanticEqual({ ...old, tolerationSeconds: t.tolerationSeconds }, t));
    if (!found) return [forbidden(field, 'existing toleration can not be modified except its tolerationSeconds')];
  }
  return validateTolerations(next, field);
}

/** A readable stand-in for the cmp.Diff upstream appends: one line per changed leaf. */
export function describeDiff(before: unknown, after: unknown, path = ''): string[] {
  if (semanticEqual(before, after)) return [];
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
  if (isObj(before) && isObj(after) && Array.isArray(before) === Array.isArray(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return keys.flatMap((k) => describeDiff(before[k], after[k], Array.isArray(before) ? `${path}[${k}]` : path ? `${path}.${k}` : k));
  }
  const lines: string[] = [];
  if (before !== undefined) lines.push(`- ${path}: ${JSON.stringify(before)}`);
  if (after !== undefined) lines.push(`+ ${path}: ${JSON.stringify(after)}`);
  return lines;
}

export function validatePodUpdate(pod: Pod, old: Pod): Cause[] {
  const errs = [...validateObjectMetaUpdate(pod.metadata as Meta, old.metadata as Meta), ...validatePodMetadataAndSpec(pod)];
  const next: PodSpec = pod.spec ?? { containers: [] };
  const prev: PodSpec = old.spec ?? { containers: [] };
  for (const f of ['containers', 'initContainers'] as const) {
    const r = containerUpdates(next[f], prev[f], `spec.${f}`);
    errs.push(...r.errs);
    if (r.stop) return errs;
  }
  const ads = next.activeDeadlineSeconds;
  if (ads !== undefined && ads !== null) {
    if (ads < 0 || ads > MAX_INT32) return [...errs, invalid('spec.activeDeadlineSeconds', ads, inclusiveRangeError(0, MAX_INT32))];
    const was = prev.activeDeadlineSeconds;
    if (was !== undefined && was !== null && was < ads) {
      return [...errs, invalid('spec.activeDeadlineSeconds', ads, 'must be less than or equal to previous value')];
    }
  } else if (prev.activeDeadlineSeconds !== undefined && prev.activeDeadlineSeconds !== null) {
    errs.push(invalid('spec.activeDeadlineSeconds', null, 'must not update from a positive integer to nil value'));
  }
  errs.push(...onlyAddedTolerations(next.tolerations, prev.tolerations, 'spec.tolerations'));
  const newGates = new Set((next.schedulingGates ?? []).map((g) => g.name));
  for (const g of prev.schedulingGates ?? []) newGates.delete(g.name);
  (next.schedulingGates ?? []).forEach((g, i) => {
    if (newGates.has(g.name)) errs.push(forbidden(`spec.schedulingGates[${i}].name`, `only deletion is allowed, but found new scheduling gate '${g.name}'`));
  });
  if (semanticEqual(next, prev)) return errs;

  const munged: PodSpec = {
    ...next,
    containers: (next.containers ?? []).map((c, i) => ({ ...c, image: prev.containers[i]?.image })),
    initContainers: (next.initContainers ?? []).map((c, i) => ({ ...c, image: (prev.initContainers ?? [])[i]?.image })),
    activeDeadlineSeconds: prev.activeDeadlineSeconds,
    schedulingGates: prev.schedulingGates,
    tolerations: prev.tolerations,
  };
  const oldGrace = prev.terminationGracePeriodSeconds;
  if (oldGrace !== undefined && oldGrace !== null && oldGrace < 0 && munged.terminationGracePeriodSeconds === 1) {
    munged.terminationGracePeriodSeconds = oldGrace;
  }
  if ((prev.schedulingGates ?? []).length > 0) {
    // gated pods may gain nodeSelector entries (never lose or change them)
    const before = prev.nodeSelector ?? {};
    const after = munged.nodeSelector ?? {};
    if (Object.entries(before).every(([k, v]) => after[k] === v)) munged.nodeSelector = prev.nodeSelector;
    else errs.push(invalid('spec.nodeSelector', JSON.stringify(after), 'only additions to spec.nodeSelector are allowed (no mutations or deletions)'));
  }
  if (!semanticEqual(munged, prev)) {
    const diff = describeDiff(prev, munged).join('\n');
    errs.push(forbidden('spec', `pod updates may not change fields other than ${UPDATABLE_POD_SPEC_FIELDS.join(',')}\n${diff}`));
  }
  return errs;
}
