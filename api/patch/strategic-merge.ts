// Strategic merge patch (application/strategic-merge-patch+json) as kube-apiserver applies it to built-in kinds
// (k8s.io/apimachinery/pkg/util/strategicpatch, MergeParallelList and IgnoreUnmatchedNulls on). Per field the
// schema's `x-kubernetes-patch-strategy` and `x-kubernetes-patch-merge-key` decide: maps merge, `null` deletes,
// lists with strategy "merge" merge by key (maps) or by value (scalars), other lists are replaced. Directives:
// `$patch` (replace | delete in maps; replace | delete items in lists), `$retainKeys`, `$setElementOrder/<f>`,
// `$deleteFromPrimitiveList/<f>`. No `$` key survives into the result. Fields without a schema merge as plain maps.
import { BadRequestError } from '../errors/status-error.js';
import type { JSONSchema, SchemaRegistry } from '../schema/types.js';
import { isObject } from '../types/meta.js';
import { itemsSchema, propertySchema, resolveSchema } from './schema-lookup.js';
import { identityFor, normalizeOrder } from './smp-order.js';

const PATCH = '$patch';
const RETAIN_KEYS = '$retainKeys';
const SET_ORDER = '$setElementOrder/';
const DELETE_FROM = '$deleteFromPrimitiveList/';

type Obj = Record<string, unknown>;

interface Ctx {
  registry: SchemaRegistry;
}

interface FieldMeta {
  schema: JSONSchema | undefined;
  strategy: '' | 'merge' | 'replace';
  mergeKey: string | undefined;
}

/**
 * Applies a strategic merge patch to a copy of `original` and returns it; inputs are not modified.
 * `schema` is the kind's resolved component (registry.forKind(...)); undefined merges everything as plain maps.
 * Throws BadRequestError for a malformed patch.
 */
export function applyStrategicMergePatch(original: Obj, patch: unknown, schema: JSONSchema | undefined, registry: SchemaRegistry): Obj {
  if (!isObject(patch)) throw new BadRequestError('strategic merge patch: the patch must be a JSON object');
  const root = resolveSchema(schema, registry);
  return mergeMap(structuredClone(original), patch, root, '', { registry });
}

function bad(message: string, path: string): never {
  throw new BadRequestError(path === '' ? message : `${message} (at ${path})`);
}

function fieldMeta(parent: JSONSchema | undefined, key: string, ctx: Ctx): FieldMeta {
  const schema = propertySchema(parent, key, ctx.registry);
  // "merge,retainKeys" merges; "retainKeys" alone only enables the $retainKeys directive.
  const strategies = (schema?.['x-kubernetes-patch-strategy'] ?? '').split(',').map((s) => s.trim());
  const strategy = strategies.includes('merge') ? 'merge' : strategies.includes('replace') ? 'replace' : '';
  return { schema, strategy, mergeKey: schema?.['x-kubernetes-patch-merge-key'] };
}

function itemMeta(list: FieldMeta, ctx: Ctx): FieldMeta {
  return { schema: itemsSchema(list.schema, ctx.registry), strategy: '', mergeKey: undefined };
}

function show(value: unknown): string {
  return JSON.stringify(value);
}

/** Merges `patch` into `original` (owned by the caller, mutated) and returns the result. */
function mergeMap(original: Obj, patch: Obj, schema: JSONSchema | undefined, path: string, ctx: Ctx): Obj {
  if (Object.hasOwn(patch, PATCH)) {
    const directive = patch[PATCH];
    if (directive === 'replace') {
      const rest = Object.fromEntries(Object.entries(patch).filter(([k]) => k !== PATCH));
      return mergeMap({}, rest, schema, path, ctx);
    }
    if (directive === 'delete') return {};
    bad(`unknown patch type: ${show(directive)} in map: ${show(patch)}`, path);
  }
  if (Object.hasOwn(patch, RETAIN_KEYS)) retainKeys(original, patch, path);
  const ordered = applySetElementOrder(original, patch, schema, path, ctx);

  for (const [key, value] of Object.entries(patch)) {
    const at = path === '' ? key : `${path}.${key}`;
    if (key.startsWith(DELETE_FROM)) {
      deleteFromPrimitiveList(original, key.slice(DELETE_FROM.length), value, at);
      continue;
    }
    // Other directives were handled above; unknown `$` keys are dropped (typed decoding would drop them too).
    if (key.startsWith('$') || ordered.has(key)) continue;
    if (value === null) {
      delete original[key];
      continue;
    }
    const meta = fieldMeta(schema, key, ctx);
    const current = original[key];
    let merged: unknown;
    if (isObject(current) && isObject(value)) {
      merged = meta.strategy === 'replace' ? newValue(value, meta, at, ctx) : mergeMap(current, value, meta.schema, at, ctx);
    } else if (Array.isArray(current) && Array.isArray(value)) {
      merged = mergeList(current, value, meta, at, ctx);
    } else {
      merged = newValue(value, meta, at, ctx);
    }
    if (merged === undefined) delete original[key];
    else original[key] = merged;
  }
  return original;
}

function retainKeys(original: Obj, patch: Obj, path: string): void {
  const keep = patch[RETAIN_KEYS];
  if (!Array.isArray(keep)) bad('invalid patch format of retainKeys: $retainKeys must be a list of field names', path);
  for (const [key, value] of Object.entries(patch)) {
    if (value === null || key.startsWith('$')) continue;
    if (!keep.includes(key)) bad(`invalid patch format of retainKeys: field "${key}" is not in $retainKeys ${show(keep)}`, path);
  }
  for (const key of Object.keys(original)) if (!keep.includes(key)) delete original[key];
}

function deleteFromPrimitiveList(original: Obj, field: string, value: unknown, path: string): void {
  if (!Array.isArray(value)) bad('invalid patch format of primitive list: $deleteFromPrimitiveList must be a list', path);
  const current = original[field];
  if (Array.isArray(current)) original[field] = current.filter((item) => !value.some((d) => d === item));
}

/** Merges and reorders each list named by a `$setElementOrder/<field>`; returns the fields it handled. */
function applySetElementOrder(original: Obj, patch: Obj, schema: JSONSchema | undefined, path: string, ctx: Ctx): Set<string> {
  const handled = new Set<string>();
  for (const [key, order] of Object.entries(patch)) {
    if (!key.startsWith(SET_ORDER)) continue;
    const field = key.slice(SET_ORDER.length);
    const at = path === '' ? field : `${path}.${field}`;
    if (!Array.isArray(order)) bad('invalid patch format of $setElementOrder list: it must be a list', at);
    const meta = fieldMeta(schema, field, ctx);
    const current = Array.isArray(original[field]) ? (original[field] as unknown[]) : undefined;
    const listPatch = patch[field];
    if (listPatch === null) continue; // the field is deleted by the main merge
    if (listPatch !== undefined && !Array.isArray(listPatch)) bad(`expected a list, got ${show(listPatch)}`, at);
    checkOrderMatchesPatch(listPatch ?? [], order, meta.mergeKey, at);
    let merged: unknown[];
    if (current && listPatch) merged = mergeList(current, listPatch, meta, at, ctx);
    else if (current) merged = current;
    else if (listPatch) merged = newValue(listPatch, meta, at, ctx) as unknown[];
    else continue;
    original[field] = normalizeOrder(merged, order, current ?? [], identityFor(meta.mergeKey));
    handled.add(field);
  }
  return handled;
}

/** The items the patch lists (deletions aside) must appear in the same relative order in `$setElementOrder`. */
function checkOrderMatchesPatch(list: readonly unknown[], order: readonly unknown[], mergeKey: string | undefined, path: string): void {
  const items = list.filter((item) => !(isObject(item) && Object.hasOwn(item, PATCH)));
  const id = identityFor(mergeKey);
  if (mergeKey) {
    for (const item of [...items, ...order]) if (!isObject(item) || !Object.hasOwn(item, mergeKey)) noMergeKey(item, mergeKey, path);
  }
  let i = 0;
  for (let j = 0; i < items.length && j < order.length; j++) if (id(items[i]) === id(order[j])) i++;
  if (i < items.length) bad(`The order in patch list:\n${show(list)}\n doesn't match $setElementOrder list:\n${show(order)}`, path);
}

function noMergeKey(item: unknown, mergeKey: string, path: string): never {
  bad(`map: ${show(item)} does not contain declared merge key: ${mergeKey}`, path);
}

/** The kind of every item ("map" or a scalar type); mixed kinds and nested lists are errors. */
function elementKind(lists: readonly unknown[][], path: string): string | undefined {
  let kind: string | undefined;
  for (const item of lists.flat()) {
    if (Array.isArray(item)) bad('lists of lists are not supported', path);
    const k = isObject(item) ? 'map' : item === null ? 'null' : typeof item;
    if (kind !== undefined && k !== kind) bad(`list element types are not identical: ${show(lists)}`, path);
    kind = k;
  }
  return kind;
}

function mergeList(current: unknown[], patch: unknown[], meta: FieldMeta, path: string, ctx: Ctx): unknown[] {
  if (meta.strategy !== 'merge') return newValue(patch, meta, path, ctx) as unknown[];
  if (current.length === 0 && patch.length === 0) return current;
  const kind = elementKind([current, patch], path);
  if (kind !== 'map') {
    const union = [...current];
    for (const item of patch) if (!union.includes(item)) union.push(item);
    return normalizeOrder(union, patch, current, identityFor(undefined));
  }
  const mergeKey = meta.mergeKey;
  if (!mergeKey) bad('cannot merge lists without merge key', path);
  const key = (item: unknown): unknown => (item as Obj)[mergeKey];
  let base = current;
  const plain: Obj[] = [];
  let replace = false;
  for (const item of patch as Obj[]) {
    if (!Object.hasOwn(item, PATCH)) {
      plain.push(item);
      continue;
    }
    const directive = item[PATCH];
    if (directive === 'delete') {
      if (!Object.hasOwn(item, mergeKey)) noMergeKey(item, mergeKey, path);
      base = base.filter((o) => key(o) !== key(item));
    } else if (directive === 'replace') {
      replace = true;
    } else if (directive === 'merge') {
      bad('merging lists cannot yet be specified in the patch', path);
    } else {
      bad(`unknown patch type: ${show(directive)} in map: ${show(item)}`, path);
    }
  }
  const item = itemMeta(meta, ctx);
  if (replace) return plain.map((p) => newValue(p, item, path, ctx)).filter((v) => v !== undefined);
  const merged = [...base];
  for (const p of plain) {
    if (!Object.hasOwn(p, mergeKey)) noMergeKey(p, mergeKey, path);
    const at = `${path}[${mergeKey}=${show(p[mergeKey])}]`;
    const i = merged.findIndex((o) => Object.hasOwn(o as Obj, mergeKey) && key(o) === p[mergeKey]);
    if (i >= 0) merged[i] = mergeMap(merged[i] as Obj, p, item.schema, at, ctx);
    else merged.push(newValue(p, item, at, ctx));
  }
  return normalizeOrder(merged, plain, base, identityFor(mergeKey));
}

/**
 * A patch value that merges with nothing: nulls and `$patch: delete` maps vanish, directives are applied to
 * empty originals. Returns undefined when nothing is left.
 */
function newValue(value: unknown, meta: FieldMeta, path: string, ctx: Ctx): unknown {
  if (value === null) return undefined;
  if (isObject(value)) return value[PATCH] === 'delete' ? undefined : mergeMap({}, value, meta.schema, path, ctx);
  if (!Array.isArray(value)) return value;
  let items = value;
  if (meta.strategy === 'merge') {
    // A new merging list: deletions have nothing to delete, `$patch: replace` markers replace nothing.
    items = items.filter((i) => !(isObject(i) && (i[PATCH] === 'delete' || i[PATCH] === 'replace')));
  }
  const item = itemMeta(meta, ctx);
  return items.map((i) => newValue(i, item, path, ctx)).filter((v) => v !== undefined);
}
