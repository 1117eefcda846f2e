// metadata.managedFields <-> a list of manager entries with decoded field sets. A manager is identified as
// upstream does (BuildManagerIdentifier): name, operation and subresource, plus the apiVersion for Update
// managers (an applier keeps one entry whatever version it applies with).
import type { ManagedFieldsEntry } from '../types/meta.js';
import { isObject } from '../types/meta.js';
import { FieldSet } from './field-set.js';
import { fieldSetFromFieldsV1, fieldSetToFieldsV1 } from './fields-v1.js';

export type Operation = 'Apply' | 'Update';

export interface ManagerEntry {
  manager: string;
  operation: Operation;
  apiVersion: string;
  /** RFC 3339, seconds precision, as metav1.Time. */
  time?: string;
  subresource?: string;
  fields: FieldSet;
}

export function managerKey(e: Pick<ManagerEntry, 'manager' | 'operation' | 'apiVersion' | 'subresource'>): string {
  return JSON.stringify([e.manager, e.operation, e.operation === 'Update' ? e.apiVersion : '', e.subresource ?? '']);
}

/** How conflict messages name a manager: `"kubectl"`, `"kube-controller-manager" using apps/v1`. */
export function describeManager(e: ManagerEntry): string {
  let s = JSON.stringify(e.manager);
  if (e.subresource) s += ` with subresource ${JSON.stringify(e.subresource)}`;
  return e.operation === 'Update' ? `${s} using ${e.apiVersion}` : s;
}

/** metav1.Time's encoding: UTC, whole seconds. */
export function formatTime(now: Date): string {
  return now.toISOString().replace(/\.\d+Z$/, 'Z');
}

/** Decodes metadata.managedFields; throws Error naming the first malformed entry (as upstream's decoder). */
export function decodeManagedFields(raw: unknown): ManagerEntry[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw new Error('managedFields must be a list');
  return raw.map((e, i): ManagerEntry => {
    if (!isObject(e)) throw new Error(`managed fields entry ${i} is not an object`);
    const { manager, operation, apiVersion, time, subresource, fieldsType, fieldsV1 } = e;
    if (operation !== 'Apply' && operation !== 'Update') throw new Error(`managed fields entry ${i}: operation must be \`Apply\` or \`Update\``);
    if (typeof apiVersion !== 'string' || apiVersion === '') throw new Error(`managed fields entry ${i}: apiVersion must not be empty`);
    if (fieldsType !== 'FieldsV1') throw new Error(`managed fields entry ${i}: invalid fieldsType ${JSON.stringify(fieldsType ?? '')}`);
    const entry: ManagerEntry = { manager: typeof manager === 'string' ? manager : '', operation, apiVersion, fields: fieldSetFromFieldsV1(fieldsV1 ?? {}) };
    if (typeof time === 'string') entry.time = time;
    if (typeof subresource === 'string' && subresource !== '') entry.subresource = subresource;
    return entry;
  });
}

/** Whether a request's managedFields asks to clear them: `[]` or `[{}]` (upstream's isResetManagedFields). */
export function isResetManagedFields(raw: unknown): boolean {
  return Array.isArray(raw) && (raw.length === 0 || (raw.length === 1 && isObject(raw[0]) && Object.keys(raw[0]).length === 0));
}

/** Encodes entries in upstream's stable order: Apply before Update, then by time, manager, apiVersion, subresource. */
export function encodeManagedFields(entries: readonly ManagerEntry[]): ManagedFieldsEntry[] {
  const seconds = (t?: string): number => (t ? Math.floor(Date.parse(t) / 1000) : 0);
  const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  return entries
    .filter((e) => !e.fields.isEmpty())
    .sort((a, b) => cmp(a.operation, b.operation) || seconds(a.time) - seconds(b.time) || cmp(a.manager, b.manager)
      || cmp(a.apiVersion, b.apiVersion) || cmp(a.subresource ?? '', b.subresource ?? ''))
    .map((e) => {
      const out: ManagedFieldsEntry = { manager: e.manager, operation: e.operation, apiVersion: e.apiVersion };
      if (e.time) out.time = e.time;
      out.fieldsType = 'FieldsV1';
      out.fieldsV1 = fieldSetToFieldsV1(e.fields);
      if (e.subresource) out.subresource = e.subresource;
      return out;
    });
}
