// What changed between two versions of an object, as field sets (upstream's TypedValue.Compare): a path is
// added when it is new, removed when it is gone, modified when a leaf's value differs.
//
// Upstream compares Go objects, in which a struct field that is not a pointer, and a required (non-omitempty)
// list or map, exist even when empty. So creating `spec` does not "add" `.spec` itself, while adding labels
// adds `.metadata.labels`. We see JSON, so we treat struct-typed fields and required fields of a present
// object as present ("virtual") when absent; this reproduces upstream's managedFields for typical objects.
import { resolveSchema } from '../patch/schema-lookup.js';
import type { JSONSchema, SchemaRegistry } from '../schema/types.js';
import { isObject } from '../types/meta.js';
import { deepEqual } from '../util/deep-equal.js';
import { FieldSet } from './field-set.js';
import { fieldElement, type PathElement } from './path-element.js';
import { fieldOf, indexItems, itemSchemaOf, shapeOf, type Shape } from './type-shape.js';

export interface Comparison {
  added: FieldSet;
  modified: FieldSet;
  removed: FieldSet;
}

type Presence = 'real' | 'virtual' | 'absent';

/** Compares `oldObj` (undefined: the object is being created) with `newObj`. */
export function compareObjects(oldObj: unknown, newObj: unknown, schema: JSONSchema | undefined, registry: SchemaRegistry): Comparison {
  const out: Comparison = { added: new FieldSet(), modified: new FieldSet(), removed: new FieldSet() };
  const root = resolveSchema(schema, registry);
  walk(oldObj, oldObj === undefined ? 'virtual' : 'real', newObj, root, [], out, registry);
  return out;
}

function isEmptyValue(v: unknown): boolean {
  return v === undefined || v === null || (Array.isArray(v) && v.length === 0) || (isObject(v) && Object.keys(v).length === 0);
}

function walk(lhs: unknown, presence: Presence, rhs: unknown, schema: JSONSchema | undefined, path: PathElement[], out: Comparison, registry: SchemaRegistry): void {
  const ls = presence === 'real' ? shapeOf(schema, lhs) : undefined;
  const rs = rhs !== undefined ? shapeOf(schema, rhs) : undefined;
  const shape: Shape = ls && rs && ls.kind !== rs.kind ? { kind: 'leaf' } : (rs ?? ls ?? { kind: 'leaf' });
  // Empty (or null) on both sides compares as a leaf, keeping the empty/null distinction, as upstream.
  const bothEmpty = isEmptyValue(presence === 'real' ? lhs : undefined) && isEmptyValue(rhs);
  if (shape.kind === 'leaf' || bothEmpty) {
    if (rhs === undefined) {
      if (presence === 'real') out.removed.insert(path);
    } else if (presence === 'absent') {
      out.added.insert(path);
    } else if (presence === 'virtual' ? !isEmptyValue(rhs) : !deepEqual(lhs, rhs)) {
      out.modified.insert(path);
    }
    return;
  }
  if (shape.kind === 'struct' || shape.kind === 'map') {
    const l = presence === 'real' && isObject(lhs) ? lhs : {};
    const r = isObject(rhs) ? rhs : {};
    for (const name of new Set([...Object.keys(l), ...Object.keys(r)])) {
      const field = fieldOf(shape, name, registry);
      const childPresence: Presence = l[name] !== undefined ? 'real'
        : presence !== 'absent' && shape.kind === 'struct' && field.declared && isZeroPresent(shape.schema, name, field.schema) ? 'virtual' : 'absent';
      walk(l[name], childPresence, r[name], field.schema, [...path, fieldElement(name)], out, registry);
    }
  } else {
    const itemSchema = itemSchemaOf(shape, registry);
    const l = presence === 'real' && Array.isArray(lhs) ? indexItems(shape, lhs, registry, false).byElement : new Map<PathElement, unknown>();
    const r = Array.isArray(rhs) ? indexItems(shape, rhs, registry, false).byElement : new Map<PathElement, unknown>();
    for (const pe of new Set([...l.keys(), ...r.keys()])) {
      walk(l.get(pe), l.has(pe) ? 'real' : 'absent', r.get(pe), itemSchema, [...path, pe], out, registry);
    }
  }
  if (presence === 'absent' && rhs !== undefined) out.added.insert(path);
  else if (presence === 'real' && rhs === undefined) out.removed.insert(path);
}

/** Whether Go's zero value of the parent holds this field: a (non-pointer) struct or a required field. */
function isZeroPresent(parent: JSONSchema, name: string, field: JSONSchema | undefined): boolean {
  if (parent.required?.includes(name)) return true;
  return field !== undefined && field.properties !== undefined && field['x-kubernetes-map-type'] !== 'atomic';
}
