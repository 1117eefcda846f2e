// Navigation of OpenAPI component schemas for the patch and apply engines: follow $refs while keeping the
// x-kubernetes-* extensions written at the referring site (upstream puts `x-kubernetes-patch-strategy` on the
// property, `x-kubernetes-map-type` on either the property or the component).
import type { JSONSchema, SchemaRegistry } from '../schema/types.js';

/** The concrete schema behind `schema`, with the referring schema's extensions and default laid over it. */
export function resolveSchema(schema: JSONSchema | undefined, registry: SchemaRegistry): JSONSchema | undefined {
  if (!schema) return undefined;
  let target: JSONSchema;
  try {
    target = registry.resolve(schema);
  } catch {
    return undefined; // a dangling $ref: treat the field as unknown rather than fail the request
  }
  if (target === schema) return schema;
  const overlay = Object.entries(schema).filter(([k]) => k.startsWith('x-kubernetes-') || k === 'default');
  return overlay.length === 0 ? target : { ...target, ...Object.fromEntries(overlay) };
}

/** The resolved schema of field `name` of an object schema (a declared property or the map's value type). */
export function propertySchema(parent: JSONSchema | undefined, name: string, registry: SchemaRegistry): JSONSchema | undefined {
  if (!parent) return undefined;
  const declared = parent.properties && Object.hasOwn(parent.properties, name) ? parent.properties[name] : undefined;
  if (declared) return resolveSchema(declared, registry);
  if (typeof parent.additionalProperties === 'object') return resolveSchema(parent.additionalProperties, registry);
  return undefined;
}

/** The resolved schema of a list's items. */
export function itemsSchema(list: JSONSchema | undefined, registry: SchemaRegistry): JSONSchema | undefined {
  return list?.items ? resolveSchema(list.items, registry) : undefined;
}
