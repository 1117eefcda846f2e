// Server-side apply (application/apply-patch+yaml), after sigs.k8s.io/structured-merge-diff's Updater.Apply
// and kube-apiserver's fieldmanager layers: merge the configuration into the live object, drop the fields
// this manager applied last time and no longer applies (unless someone else owns them), refuse changes to
// fields other managers own unless forced, and record who owns what in metadata.managedFields.
import { BadRequestError } from '../errors/status-error.js';
import type { JSONSchema, SchemaRegistry } from '../schema/types.js';
import type { KubeObject } from '../types/meta.js';
import { isObject } from '../types/meta.js';
import { deepEqual } from '../util/deep-equal.js';
import { compareObjects } from './compare.js';
import { applyConflictError, type Conflict } from './conflict.js';
import { FieldSet } from './field-set.js';
import { fieldsMatchingLastApplied, KUBECTL_SSA_MANAGER, syncLastApplied } from './last-applied.js';
import { formatTime, managerKey, type ManagerEntry } from './managed-fields.js';
import { mergeApplied } from './merge.js';
import { managersOf, ownableFilter, setManagedFields, withoutManagedFields, type OwnershipOptions } from './ownership.js';
import { removeFields } from './remove.js';
import { fieldSetOf } from './to-field-set.js';

export type ApplyOptions = OwnershipOptions;

export interface ApplyResult {
  /** The object to store: the merge, with metadata.managedFields updated. */
  object: KubeObject;
  /** Whether `object` differs from `live` at all (managedFields included); false means nothing to write. */
  changed: boolean;
}

/** Who owns the fields of an object that has no managedFields when it is first applied to (as upstream). */
export const BEFORE_FIRST_APPLY = 'before-first-apply';

/**
 * Applies `applied` (the decoded apply-patch body) as field manager `manager` to `live` (undefined: create).
 * `schema` is the kind's component. Throws ApplyConflictError (409) on conflicts unless `force`, and
 * BadRequestError for a configuration that cannot be applied.
 */
export function apply(live: KubeObject | undefined, applied: unknown, manager: string, force: boolean, schema: JSONSchema | undefined,
  registry: SchemaRegistry, now: Date, options: ApplyOptions = {}): ApplyResult {
  if (!isObject(applied)) throw new BadRequestError('the applied configuration must be a JSON (or YAML) object');
  if (isObject(applied.metadata) && applied.metadata.managedFields !== undefined && applied.metadata.managedFields !== null) {
    throw new BadRequestError('metadata.managedFields must be nil');
  }
  const apiVersion = typeof applied.apiVersion === 'string' ? applied.apiVersion : (live?.apiVersion ?? '');
  const ownable = ownableFilter(options);
  const time = formatTime(now);
  const before = live && withoutManagedFields(live);
  let managers = managersOf(live);
  if (before && managers.length === 0) {
    const cmp = compareObjects(undefined, before, schema, registry);
    managers = [{ manager: BEFORE_FIRST_APPLY, operation: 'Update', apiVersion, time, fields: ownable(cmp.added.union(cmp.modified)) }];
  }

  const appliedFields = ownable(fieldSetOf(applied, schema, registry, true));
  const self = { manager, operation: 'Apply' as const, apiVersion, subresource: options.subresource };
  const previous = managers.find((e) => managerKey(e) === managerKey(self));
  const others = managers.filter((e) => e !== previous);

  let merged = mergeApplied(before, applied, schema, registry) as KubeObject;
  if (previous) merged = prune(merged, previous.fields, others, appliedFields, schema, registry);

  const cmp = compareObjects(before, merged, schema, registry);
  const changedFields = ownable(cmp.added.union(cmp.modified));
  const removedFields = ownable(cmp.removed);
  const conflicts: Conflict[] = others.flatMap((m) => m.fields.intersection(changedFields).paths().map((path) => ({ manager: m, path })));
  if (conflicts.length > 0 && !force) {
    const allowed = manager === KUBECTL_SSA_MANAGER ? fieldsMatchingLastApplied(before, schema, registry) : undefined;
    const remaining = conflicts.filter((c) => !allowed?.has(c.path));
    if (remaining.length > 0) throw applyConflictError(remaining);
  }

  // Forced (or allowed) conflicts move to the applier; fields that went away leave their owners.
  const result: ManagerEntry[] = others.map((m) => ({ ...m, fields: m.fields.difference(changedFields).difference(removedFields) }));
  const objectChanged = !deepEqual(before, merged);
  const entryChanged = !previous || !previous.fields.equals(appliedFields);
  result.push({ ...self, time: objectChanged || entryChanged || !previous?.time ? time : previous.time, fields: appliedFields });

  if (manager === KUBECTL_SSA_MANAGER) syncLastApplied(merged, applied);
  setManagedFields(merged, result);
  return { object: merged, changed: !deepEqual(live, merged) };
}

/**
 * Removes what the applier owned last time (`last`) and no longer applies, unless another manager owns it or
 * something below it (upstream's prune, addBackOwnedItems and addBackDanglingItems).
 */
function prune(merged: KubeObject, last: FieldSet, others: readonly ManagerEntry[], applied: FieldSet, schema: JSONSchema | undefined,
  registry: SchemaRegistry): KubeObject {
  const owned = others.reduce((acc, m) => acc.union(m.fields), applied);
  const stale = FieldSet.of(last.paths().filter((p) => !owned.hasAtOrBelow(p)));
  return stale.isEmpty() ? merged : (removeFields(merged, stale, schema, registry) as KubeObject);
}
