// How server-side apply sees a value, from its schema as upstream converts OpenAPI to structured-merge-diff
// (k8s.io/kube-openapi schemaconv): structs and maps are granular unless `x-kubernetes-map-type: atomic`;
// lists are atomic unless `x-kubernetes-list-type` (or, lacking it, `x-kubernetes-patch-strategy: merge`)
// makes them a list-map keyed by fields or a set of scalars. Values without a schema are "deduced": objects
// are granular maps, lists atomic.
import { BadRequestError } from '../errors/status-error.js';
import { itemsSchema, propertySchema } from '../patch/schema-lookup.js';
import type { JSONSchema, SchemaRegistry } from '../schema/types.js';
import { isObject } from '../types/meta.js';
import { keyElement, valueElement, type PathElement } from './path-element.js';

export type Shape =
  | { kind: 'leaf' }
  /** An object with declared fields; undeclared fields are deduced. */
  | { kind: 'struct'; schema: JSONSchema }
  /** An object whose every entry is a member: additionalProperties maps and deduced objects. */
  | { kind: 'map'; schema: JSONSchema | undefined }
  | { kind: 'list-map'; schema: JSONSchema; keys: string[] }
  | { kind: 'set'; schema: JSONSchema };

const LEAF: Shape = { kind: 'leaf' };

// Upstream's ContainerPort and ServicePort give their `protocol` key `default: "TCP"`; a schema that lacks the
// default must still match `{containerPort: 80}` with the stored `{containerPort: 80, protocol: TCP}`.
const KEY_DEFAULTS: Record<string, unknown> = { protocol: 'TCP' };

/** The shape of `value` under `schema` (resolved); a value that does not fit its schema is a leaf. */
export function shapeOf(schema: JSONSchema | undefined, value: unknown): Shape {
  if (Array.isArray(value)) {
    if (!schema || (schema.type !== 'array' && !schema.items)) return LEAF;
    let listType = schema['x-kubernetes-list-type'];
    let keys = schema['x-kubernetes-list-map-keys'];
    if (listType === undefined) {
      const strategies = (schema['x-kubernetes-patch-strategy'] ?? '').split(',');
      if (strategies.includes('merge')) {
        const mergeKey = schema['x-kubernetes-patch-merge-key'];
        listType = mergeKey ? 'map' : 'set';
        keys = mergeKey ? [mergeKey] : undefined;
      }
    }
    if (listType === 'map' && keys && keys.length > 0) return { kind: 'list-map', schema, keys };
    if (listType === 'set') return { kind: 'set', schema };
    return LEAF;
  }
  if (isObject(value)) {
    if (!schema) return { kind: 'map', schema: undefined };
    if (schema['x-kubernetes-map-type'] === 'atomic') return LEAF;
    if (schema.properties) return { kind: 'struct', schema };
    if (typeof schema.additionalProperties === 'object' || schema.type === 'object' || schema['x-kubernetes-preserve-unknown-fields']) {
      return { kind: 'map', schema };
    }
  }
  return LEAF;
}

/** The schema of a field of a struct or map (undefined: deduced) and whether the struct declares it. */
export function fieldOf(shape: Shape, name: string, registry: SchemaRegistry): { schema: JSONSchema | undefined; declared: boolean } {
  if (shape.kind === 'struct') {
    const declared = Object.hasOwn(shape.schema.properties ?? {}, name);
    return { schema: declared ? propertySchema(shape.schema, name, registry) : undefined, declared };
  }
  if (shape.kind === 'map' && shape.schema) return { schema: propertySchema(shape.schema, name, registry), declared: false };
  return { schema: undefined, declared: false };
}

export function itemSchemaOf(shape: Shape, registry: SchemaRegistry): JSONSchema | undefined {
  return shape.kind === 'list-map' || shape.kind === 'set' ? itemsSchema(shape.schema, registry) : undefined;
}

/**
 * The path element naming a list item. A list-map item missing a key field takes the field's default; without
 * one it is a 400 when `strict` (an applied configuration, as upstream) and otherwise keyed by what it has.
 */
export function itemElement(shape: Shape, item: unknown, registry: SchemaRegistry, strict: boolean): PathElement {
  if (shape.kind !== 'list-map') return valueElement(item);
  if (!isObject(item)) {
    if (strict) throw new BadRequestError(`associative list with keys ${JSON.stringify(shape.keys)} has an element that is not an object: ${JSON.stringify(item)}`);
    return valueElement(item);
  }
  const itemSchema = itemsSchema(shape.schema, registry);
  const fields: Record<string, unknown> = {};
  for (const key of shape.keys) {
    if (Object.hasOwn(item, key) && item[key] !== null) {
      fields[key] = item[key];
      continue;
    }
    const fallback = propertySchema(itemSchema, key, registry)?.default ?? KEY_DEFAULTS[key];
    if (fallback !== undefined) fields[key] = fallback;
    else if (strict) throw new BadRequestError(`associative list with keys has an element that omits key field ${JSON.stringify(key)} (and doesn't have default value)`);
  }
  return keyElement(fields);
}

/**
 * The items of a list-map or set with their elements, in list order, and the first item of each element.
 * A second item with the same element is a 400 when `strict`; otherwise (a live object) it is kept as is.
 */
export function indexItems(shape: Shape, list: readonly unknown[], registry: SchemaRegistry, strict: boolean): { entries: { pe: PathElement; item: unknown }[]; byElement: Map<PathElement, unknown> } {
  const entries: { pe: PathElement; item: unknown }[] = [];
  const byElement = new Map<PathElement, unknown>();
  for (const item of list) {
    if (item === null || item === undefined) continue;
    const pe = itemElement(shape, item, registry, strict);
    if (byElement.has(pe) && strict) throw new BadRequestError(`duplicate entries for key ${pe.slice(2)}`);
    if (!byElement.has(pe)) byElement.set(pe, item);
    entries.push({ pe, item });
  }
  return { entries, byElement };
}
