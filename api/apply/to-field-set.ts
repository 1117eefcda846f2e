// The fields an object sets, as upstream's TypedValue.ToFieldSet: every leaf (scalars, atomic lists and maps),
// every list-map or set item (also when it has fields of its own), every entry of a map, every field whose
// value is null or an empty object. Structs are not members themselves: their fields are.
import { resolveSchema } from '../patch/schema-lookup.js';
import type { JSONSchema, SchemaRegistry } from '../schema/types.js';
import { isObject } from '../types/meta.js';
import { FieldSet } from './field-set.js';
import { fieldElement, type PathElement } from './path-element.js';
import { fieldOf, indexItems, itemSchemaOf, shapeOf } from './type-shape.js';

/**
 * The field set of `object` (an applied configuration) under the kind's `schema`. `strict` (for what a
 * client applies) makes list-map items without their keys, and duplicate items, 400s.
 */
export function fieldSetOf(object: unknown, schema: JSONSchema | undefined, registry: SchemaRegistry, strict = false): FieldSet {
  const set = new FieldSet();
  walk(object, resolveSchema(schema, registry), [], set, registry, strict);
  return set;
}

function walk(value: unknown, schema: JSONSchema | undefined, path: PathElement[], set: FieldSet, registry: SchemaRegistry, strict: boolean): void {
  const shape = shapeOf(schema, value);
  switch (shape.kind) {
    case 'leaf':
      set.insert(path);
      return;
    case 'struct':
    case 'map':
      for (const [name, child] of Object.entries(value as Record<string, unknown>)) {
        if (child === undefined) continue;
        const field = fieldOf(shape, name, registry);
        const childPath = [...path, fieldElement(name)];
        walk(child, field.schema, childPath, set, registry, strict);
        if (child === null || (isObject(child) && Object.keys(child).length === 0) || !field.declared) set.insert(childPath);
      }
      return;
    case 'list-map':
    case 'set': {
      const itemSchema = itemSchemaOf(shape, registry);
      for (const { pe, item } of indexItems(shape, value as unknown[], registry, strict).entries) {
        walk(item, itemSchema, [...path, pe], set, registry, strict);
        set.insert([...path, pe]);
      }
    }
  }
}
