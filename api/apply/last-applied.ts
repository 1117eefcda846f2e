// The bridge between client-side apply's annotation and server-side apply, as kube-apiserver's
// lastAppliedManager and lastAppliedUpdater: when `kubectl apply --server-side` (field manager "kubectl")
// takes over an object kubectl used to apply client-side, conflicts on fields whose live value is still the
// one the annotation recorded are not conflicts; and the annotation is kept in step with what is applied.
import type { JSONSchema, SchemaRegistry } from '../schema/types.js';
import { isObject } from '../types/meta.js';
import { compareObjects } from './compare.js';
import type { FieldSet } from './field-set.js';
import { fieldSetOf } from './to-field-set.js';

export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

/** The only field manager the bridge applies to: `kubectl apply --server-side`'s. */
export const KUBECTL_SSA_MANAGER = 'kubectl';

function annotationsOf(obj: unknown): Record<string, unknown> | undefined {
  const meta = isObject(obj) ? obj.metadata : undefined;
  const annotations = isObject(meta) ? meta.annotations : undefined;
  return isObject(annotations) ? annotations : undefined;
}

/** The fields set by the live object's last-applied annotation to their live value, or undefined without one. */
export function fieldsMatchingLastApplied(live: unknown, schema: JSONSchema | undefined, registry: SchemaRegistry): FieldSet | undefined {
  const text = annotationsOf(live)?.[LAST_APPLIED_ANNOTATION];
  if (typeof text !== 'string' || text === '') return undefined;
  let lastApplied: unknown;
  try {
    lastApplied = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isObject(lastApplied)) return undefined;
  const cmp = compareObjects(lastApplied, live, schema, registry);
  return fieldSetOf(lastApplied, schema, registry).difference(cmp.modified).difference(cmp.added).difference(cmp.removed);
}

/** Rewrites an existing last-applied annotation of `obj` (mutated) to the applied configuration. */
export function syncLastApplied(obj: Record<string, unknown>, applied: Record<string, unknown>): void {
  const annotations = annotationsOf(obj);
  if (!annotations || !Object.hasOwn(annotations, LAST_APPLIED_ANNOTATION)) return;
  const copy = structuredClone(applied);
  const copyAnnotations = annotationsOf(copy);
  if (copyAnnotations) {
    delete copyAnnotations[LAST_APPLIED_ANNOTATION];
    if (Object.keys(copyAnnotations).length === 0) delete (copy.metadata as Record<string, unknown>).annotations;
  }
  // Upstream encodes the unstructured object: keys sorted, a trailing newline.
  annotations[LAST_APPLIED_ANNOTATION] = JSON.stringify(sortKeys(copy)) + '\n';
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (isObject(value)) return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys(value[k])]));
  return value;
}
