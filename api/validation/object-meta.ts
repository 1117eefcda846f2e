// ObjectMeta validation on create and update (apimachinery api/validation/objectmeta.go plus the core
// finalizer rule), and the label/annotation checks every template reuses.
import type { Meta, OwnerReference } from '../types/meta.js';
import { parseApiVersion } from '../types/meta.js';
import { type Cause, child, index, invalid, required, forbidden, tooLong, nonNegative, FIELD_IMMUTABLE } from './field-error.js';
import { isQualifiedName, isValidLabelValue, nameIsDNSLabel, type NameValidator } from './names.js';
import { semanticEqual } from './semantic-equal.js';

export const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

const encoder = new TextEncoder();
/** Go's len() of a string: UTF-8 bytes. */
export const byteLength = (s: string): number => encoder.encode(s).length;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function validateLabelName(name: string, field: string): Cause[] {
  return isQualifiedName(name).map((m) => invalid(field, name, m));
}

/** ValidateLabels: each key is a qualified name, each value a label value; errors name the map itself. */
export function validateLabels(labels: unknown, field: string): Cause[] {
  if (!isRecord(labels)) return [];
  const errs: Cause[] = [];
  for (const [k, v] of Object.entries(labels)) {
    errs.push(...validateLabelName(k, field));
    const value = typeof v === 'string' ? v : String(v);
    errs.push(...isValidLabelValue(value).map((m) => invalid(field, value, m)));
  }
  return errs;
}

export function validateAnnotations(annotations: unknown, field: string): Cause[] {
  if (!isRecord(annotations)) return [];
  const errs: Cause[] = [];
  let total = 0;
  for (const [k, v] of Object.entries(annotations)) {
    // annotation keys are qualified names, but case does not matter
    errs.push(...isQualifiedName(k.toLowerCase()).map((m) => invalid(field, k, m)));
    total += byteLength(k) + byteLength(String(v));
  }
  if (total > TOTAL_ANNOTATION_SIZE_LIMIT) errs.push(tooLong(field, TOTAL_ANNOTATION_SIZE_LIMIT));
  return errs;
}

function validateOwnerReferences(refs: unknown, field: string): Cause[] {
  if (!Array.isArray(refs)) return [];
  const errs: Cause[] = [];
  let firstController = '';
  for (const ref of refs as OwnerReference[]) {
    const { version } = parseApiVersion(ref.apiVersion ?? '');
    if (!version) errs.push(invalid(child(field, 'apiVersion'), ref.apiVersion ?? '', 'version must not be empty'));
    if (!ref.kind) errs.push(invalid(child(field, 'kind'), ref.kind ?? '', 'must not be empty'));
    if (!ref.name) errs.push(invalid(child(field, 'name'), ref.name ?? '', 'must not be empty'));
    if (!ref.uid) errs.push(invalid(child(field, 'uid'), ref.uid ?? '', 'must not be empty'));
    if (ref.apiVersion === 'v1' && ref.kind === 'Event') {
      errs.push(invalid(field, JSON.stringify(ref), '/v1, Kind=Event is disallowed from being an owner'));
    }
    if (ref.controller === true) {
      const name = `${ref.kind}/${ref.name}`;
      if (firstController) {
        errs.push(invalid(field, JSON.stringify(refs), `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${name}`));
      } else firstController = name;
    }
  }
  return errs;
}

const STANDARD_FINALIZERS = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);

/** apimachinery's ValidateFinalizers plus core's rule that unprefixed names must be standard ones. */
export function validateFinalizers(finalizers: unknown, field: string): Cause[] {
  if (!Array.isArray(finalizers)) return [];
  const errs: Cause[] = [];
  for (const f of finalizers) errs.push(...isQualifiedName(String(f)).map((m) => invalid(field, String(f), m)));
  if (finalizers.includes('orphan') && finalizers.includes('foregroundDeletion')) {
    errs.push(invalid(field, finalizers, 'finalizer orphan and foregroundDeletion cannot be both set'));
  }
  finalizers.forEach((f, i) => {
    const name = String(f);
    if (!name.includes('/') && !STANDARD_FINALIZERS.has(name)) {
      errs.push(invalid(index(child(field), i), name, 'name is neither a standard finalizer name nor is it fully qualified'));
    }
  });
  return errs;
}

function validateCommon(meta: Meta, namespaced: boolean, field: string): Cause[] {
  const errs: Cause[] = [];
  if (namespaced) {
    if (!meta.namespace) errs.push(required(child(field, 'namespace')));
    else errs.push(...nameIsDNSLabel(meta.namespace, false).map((m) => invalid(child(field, 'namespace'), meta.namespace, m)));
  } else if (meta.namespace) {
    errs.push(forbidden(child(field, 'namespace'), 'not allowed on this type'));
  }
  errs.push(...nonNegative(meta.generation ?? 0, child(field, 'generation')));
  errs.push(...validateLabels(meta.labels, child(field, 'labels')));
  errs.push(...validateAnnotations(meta.annotations, child(field, 'annotations')));
  errs.push(...validateOwnerReferences(meta.ownerReferences, child(field, 'ownerReferences')));
  errs.push(...validateFinalizers(meta.finalizers, child(field, 'finalizers')));
  return errs;
}

/** ValidateObjectMeta: expects generateName to have been turned into a name already. */
export function validateObjectMeta(meta: Meta | undefined, namespaced: boolean, nameFn: NameValidator, field = 'metadata'): Cause[] {
  const m: Meta = meta ?? {};
  const errs: Cause[] = [];
  if (m.generateName) {
    errs.push(...nameFn(m.generateName, true).map((msg) => invalid(child(field, 'generateName'), m.generateName, msg)));
  }
  if (!m.name) errs.push(required(child(field, 'name'), 'name or generateName is required'));
  else errs.push(...nameFn(m.name, false).map((msg) => invalid(child(field, 'name'), m.name, msg)));
  return [...errs, ...validateCommon(m, namespaced, field)];
}

/** ValidateImmutableField: the new value is echoed. */
export function validateImmutable(newVal: unknown, oldVal: unknown, field: string, shown: unknown = newVal): Cause[] {
  return semanticEqual(newVal, oldVal) ? [] : [invalid(field, shown, FIELD_IMMUTABLE)];
}

export function validateObjectMetaUpdate(newMeta: Meta | undefined, oldMeta: Meta | undefined, field = 'metadata'): Cause[] {
  const n: Meta = newMeta ?? {}, o: Meta = oldMeta ?? {};
  const errs: Cause[] = [];
  if (o.deletionTimestamp) {
    const added = (n.finalizers ?? []).filter((f) => !(o.finalizers ?? []).includes(f));
    if (added.length > 0) {
      errs.push(forbidden(child(field, 'finalizers'),
        `no new finalizers can be added if the object is being deleted, found new finalizers []string{${[...new Set(added)].sort().map((f) => JSON.stringify(f)).join(', ')}}`));
    }
  }
  if (!n.resourceVersion) errs.push(invalid(child(field, 'resourceVersion'), n.resourceVersion ?? '', 'must be specified for an update'));
  if ((n.generation ?? 0) < (o.generation ?? 0)) errs.push(invalid(child(field, 'generation'), n.generation ?? 0, 'must not be decremented'));
  errs.push(...validateImmutable(n.name ?? '', o.name ?? '', child(field, 'name')));
  errs.push(...validateImmutable(n.namespace ?? '', o.namespace ?? '', child(field, 'namespace')));
  errs.push(...validateImmutable(n.uid ?? '', o.uid ?? '', child(field, 'uid')));
  errs.push(...validateImmutable(n.creationTimestamp ?? null, o.creationTimestamp ?? null, child(field, 'creationTimestamp')));
  errs.push(...validateImmutable(n.deletionTimestamp ?? null, o.deletionTimestamp ?? null, child(field, 'deletionTimestamp')));
  errs.push(...validateImmutable(n.deletionGracePeriodSeconds ?? null, o.deletionGracePeriodSeconds ?? null, child(field, 'deletionGracePeriodSeconds')));
  errs.push(...validateLabels(n.labels, child(field, 'labels')));
  errs.push(...validateAnnotations(n.annotations, child(field, 'annotations')));
  errs.push(...validateOwnerReferences(n.ownerReferences, child(field, 'ownerReferences')));
  errs.push(...validateFinalizers(n.finalizers, child(field, 'finalizers')));
  return errs;
}
