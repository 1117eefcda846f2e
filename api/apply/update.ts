// managedFields bookkeeping for writes that are not server-side apply (create, update, every other patch),
// after kube-apiserver's fieldmanager: the fields the write added or changed become the writer's (merged into
// its Update entry for that apiVersion) and are taken from everyone else; fields it removed leave all owners.
import type { JSONSchema, SchemaRegistry } from '../schema/types.js';
import type { KubeObject } from '../types/meta.js';
import { compareObjects } from './compare.js';
import { decodeManagedFields, formatTime, isResetManagedFields, managerKey, type ManagerEntry } from './managed-fields.js';
import { managersOf, ownableFilter, setManagedFields, withoutManagedFields, type OwnershipOptions } from './ownership.js';

export type UpdateOptions = OwnershipOptions;

/**
 * Returns a copy of `newObj` (the object about to be stored) with metadata.managedFields brought up to date
 * for a write by `manager` through `apiVersion`; `oldObj` is the stored object, undefined on create.
 * As upstream, managedFields sent in the request replace the stored ones (that is how clients migrate
 * ownership), `[]` or `[{}]` clears them, and anything undecodable falls back to the stored ones.
 */
export function recordUpdate(oldObj: KubeObject | undefined, newObj: KubeObject, manager: string, operation: 'Update', apiVersion: string,
  schema: JSONSchema | undefined, registry: SchemaRegistry, now: Date, options: UpdateOptions = {}): KubeObject {
  const managers = startingManagers(oldObj, newObj, options);
  const ownable = ownableFilter(options);
  const cmp = compareObjects(oldObj && withoutManagedFields(oldObj), withoutManagedFields(newObj), schema, registry);
  const changed = ownable(cmp.added.union(cmp.modified));
  const removed = ownable(cmp.removed);

  const result: ManagerEntry[] = managers.map((m) => ({ ...m, fields: m.fields.difference(changed).difference(removed) }));
  if (!changed.isEmpty()) {
    const self = { manager, operation, apiVersion, subresource: options.subresource };
    const own = result.find((m) => managerKey(m) === managerKey(self));
    if (own) {
      own.fields = own.fields.union(changed);
      own.time = formatTime(now);
    } else {
      result.push({ ...self, time: formatTime(now), fields: changed });
    }
  }
  // Only metadata.managedFields changes: share the rest of the object.
  const out: KubeObject = { ...newObj, metadata: { ...newObj.metadata } };
  setManagedFields(out, result);
  return out;
}

function startingManagers(oldObj: KubeObject | undefined, newObj: KubeObject, options: UpdateOptions): ManagerEntry[] {
  // A subresource write cannot set managedFields; the main resource's request may.
  if (options.subresource) return managersOf(oldObj);
  const requested: unknown = newObj.metadata?.managedFields;
  if (isResetManagedFields(requested)) return [];
  try {
    const decoded = decodeManagedFields(requested);
    if (decoded.length > 0) return decoded;
  } catch {
    // fall back to the stored ones, so clients unaware of managedFields cannot erase them
  }
  return managersOf(oldObj);
}
