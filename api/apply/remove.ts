// Removing owned-but-abandoned fields from an object (upstream's TypedValue.RemoveItems): a member path drops
// the field or list item with everything below it; a map or list emptied this way is dropped too (upstream
// leaves it null, which Kubernetes omits).
import { resolveSchema } from '../patch/schema-lookup.js';
import type { JSONSchema, SchemaRegistry } from '../schema/types.js';
import { isObject } from '../types/meta.js';
import type { FieldSet } from './field-set.js';
import { fieldElement } from './path-element.js';
import { fieldOf, indexItems, itemSchemaOf, shapeOf } from './type-shape.js';

/** A copy of `value` without the paths in `toRemove`. */
export function removeFields(value: unknown, toRemove: FieldSet, schema: JSONSchema | undefined, registry: SchemaRegistry): unknown {
  return remove(structuredClone(value), toRemove, resolveSchema(schema, registry), registry);
}

function isEmptyContainer(v: unknown): boolean {
  return (Array.isArray(v) && v.length === 0) || (isObject(v) && Object.keys(v).length === 0);
}

function remove(value: unknown, toRemove: FieldSet, schema: JSONSchema | undefined, registry: SchemaRegistry): unknown {
  const shape = shapeOf(schema, value);
  if (shape.kind === 'struct' || shape.kind === 'map') {
    const obj = value as Record<string, unknown>;
    for (const name of Object.keys(obj)) {
      const pe = fieldElement(name);
      if (toRemove.members.has(pe)) {
        delete obj[name];
        continue;
      }
      const below = toRemove.children.get(pe);
      if (!below) continue;
      const wasEmpty = isEmptyContainer(obj[name]);
      const after = remove(obj[name], below, fieldOf(shape, name, registry).schema, registry);
      if (isEmptyContainer(after) && !wasEmpty) delete obj[name];
      else obj[name] = after;
    }
    return obj;
  }
  if (shape.kind === 'list-map' || shape.kind === 'set') {
    const itemSchema = itemSchemaOf(shape, registry);
    const kept: unknown[] = [];
    for (const { pe, item } of indexItems(shape, value as unknown[], registry, false).entries) {
      if (toRemove.members.has(pe)) continue;
      const below = toRemove.children.get(pe);
      kept.push(below ? remove(item, below, itemSchema, registry) : item);
    }
    return kept;
  }
  return value;
}
