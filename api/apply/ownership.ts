// Pieces shared by apply and recordUpdate: the fields nobody owns, and the managed fields of an object.
import type { KubeObject } from '../types/meta.js';
import { isObject } from '../types/meta.js';
import { FieldSet } from './field-set.js';
import { decodeManagedFields, encodeManagedFields, type ManagerEntry } from './managed-fields.js';
import { fieldElement } from './path-element.js';

/** Fields managed by the server, never owned by a manager (upstream's stripMeta: these exact paths). */
const SERVER_FIELDS = FieldSet.of([
  ['apiVersion'], ['kind'], ['metadata'], ['metadata', 'name'], ['metadata', 'namespace'], ['metadata', 'creationTimestamp'],
  ['metadata', 'selfLink'], ['metadata', 'uid'], ['metadata', 'clusterName'], ['metadata', 'generation'],
  ['metadata', 'managedFields'], ['metadata', 'resourceVersion'],
].map((p) => p.map(fieldElement)));

/** What a write through the main resource may never own: its status (upstream's reset fields). */
export const MAIN_RESOURCE_IGNORED: readonly (readonly string[])[] = [['status']];

export interface OwnershipOptions {
  /**
   * Field paths (names from the root) whose changes nobody owns and that never conflict, with all below them.
   * Default MAIN_RESOURCE_IGNORED; a status subresource passes e.g. [['spec'], ['metadata', 'labels'], ...].
   */
  ignoredFields?: readonly (readonly string[])[];
  /** "status" or "scale" when the write came through a subresource; recorded in the entry. */
  subresource?: string;
}

/** A filter removing server fields and the ignored fields from a field set. */
export function ownableFilter(options: OwnershipOptions): (set: FieldSet) => FieldSet {
  const ignored = FieldSet.of((options.ignoredFields ?? MAIN_RESOURCE_IGNORED).map((p) => p.map(fieldElement)));
  return (set) => set.difference(SERVER_FIELDS).recursiveDifference(ignored);
}

/** The decoded managedFields of a stored object; an undecodable list counts as none. */
export function managersOf(obj: KubeObject | undefined): ManagerEntry[] {
  try {
    return decodeManagedFields(obj?.metadata?.managedFields);
  } catch {
    return [];
  }
}

/** A shallow copy of `obj` (fresh metadata, everything else shared) without metadata.managedFields. */
export function withoutManagedFields<T extends KubeObject>(obj: T): T {
  const copy = { ...obj };
  if (isObject(obj.metadata)) {
    copy.metadata = { ...obj.metadata };
    delete copy.metadata.managedFields;
  }
  return copy;
}

/** Writes the entries into obj.metadata.managedFields (mutating obj); none removes the field. */
export function setManagedFields(obj: KubeObject, managers: readonly ManagerEntry[]): void {
  const encoded = encodeManagedFields(managers);
  if (!isObject(obj.metadata)) obj.metadata = {};
  if (encoded.length > 0) obj.metadata.managedFields = encoded;
  else delete obj.metadata.managedFields;
}
