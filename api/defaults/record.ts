// Small helpers for defaulting decoded JSON in place. Go's defaulters treat "" and 0 as unset for value
// fields and nil as unset for pointers; `setIfEmpty` and `setIfAbsent` mirror the two.
import { Quantity } from '../quantity/index.js';

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The object at o[key], created when missing. */
export function objAt(o: Obj, key: string): Obj {
  const v = o[key];
  if (isObj(v)) return v;
  const created: Obj = {};
  o[key] = created;
  return created;
}

/** The object at o[key] only if it exists. */
export function maybeObj(o: Obj | undefined, key: string): Obj | undefined {
  const v = o?.[key];
  return isObj(v) ? v : undefined;
}

/** The objects of the array at o[key] (non-objects skipped). */
export function objs(o: Obj | undefined, key: string): Obj[] {
  const v = o?.[key];
  return Array.isArray(v) ? v.filter(isObj) : [];
}

/** For pointer fields: default when absent or null. */
export function setIfAbsent(o: Obj, key: string, value: unknown): void {
  if (o[key] === undefined || o[key] === null) o[key] = value;
}

/** For value fields: default when absent, null, "" or 0. */
export function setIfEmpty(o: Obj, key: string, value: unknown): void {
  const v = o[key];
  if (v === undefined || v === null || v === '' || v === 0) o[key] = value;
}

/** SetDefaults_ResourceList: round to milli precision and store the canonical string. */
export function canonicalizeResourceList(list: unknown): void {
  if (!isObj(list)) return;
  for (const [name, raw] of Object.entries(list)) {
    const q = Quantity.tryParse(raw);
    if (q) list[name] = q.roundUp(-3).toString();
  }
}

export function canonicalizeQuantityAt(o: Obj | undefined, key: string): void {
  if (!o || o[key] === undefined || o[key] === null) return;
  const q = Quantity.tryParse(o[key]);
  if (q) o[key] = q.toString();
}
