// Merging an applied configuration into the live object (upstream's TypedValue.Merge): structs and maps merge
// field by field, list-map items by key and set items by value, leaves (scalars, atomic lists and maps) take
// the applied value. A null in the configuration removes the field (Kubernetes drops nulls when decoding).
import { resolveSchema } from '../patch/schema-lookup.js';
import type { JSONSchema, SchemaRegistry } from '../schema/types.js';
import { isObject } from '../types/meta.js';
import type { PathElement } from './path-element.js';
import { fieldOf, indexItems, itemSchemaOf, shapeOf, type Shape } from './type-shape.js';

/** A new object: `live` (may be undefined) with `applied` merged in. Neither input is modified. */
export function mergeApplied(live: unknown, applied: unknown, schema: JSONSchema | undefined, registry: SchemaRegistry): unknown {
  return merge(live, applied, resolveSchema(schema, registry), registry);
}

function merge(lhs: unknown, rhs: unknown, schema: JSONSchema | undefined, registry: SchemaRegistry): unknown {
  if (rhs === undefined) return structuredClone(lhs);
  const shape = shapeOf(schema, rhs);
  if (shape.kind === 'leaf' || lhs === undefined || shapeOf(schema, lhs).kind !== shape.kind) return withoutNulls(rhs);
  if (shape.kind === 'struct' || shape.kind === 'map') {
    const out = structuredClone(lhs) as Record<string, unknown>;
    for (const [name, value] of Object.entries(rhs as Record<string, unknown>)) {
      if (value === null) {
        delete out[name];
        continue;
      }
      const merged = merge(out[name], value, fieldOf(shape, name, registry).schema, registry);
      if (merged !== undefined) out[name] = merged;
    }
    return out;
  }
  return mergeList(lhs as unknown[], rhs as unknown[], shape, registry);
}

function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((v) => v !== null).map(withoutNulls);
  if (isObject(value)) return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null).map(([k, v]) => [k, withoutNulls(v)]));
  return value;
}

/**
 * Upstream's order: live items keep their places, applied items follow the applied order; an item in both
 * is emitted where the applied list reaches it, and live items the configuration does not mention stay put.
 */
function mergeList(lhs: unknown[], rhs: unknown[], shape: Shape, registry: SchemaRegistry): unknown[] {
  const itemSchema = itemSchemaOf(shape, registry);
  const left = indexItems(shape, lhs, registry, false);
  const right = indexItems(shape, rhs, registry, true);
  const lPEs = left.entries.map((e) => e.pe), rPEs = right.entries.map((e) => e.pe);
  const shared = rPEs.filter((pe) => left.byElement.has(pe));
  let nextShared = 0;
  const done = new Set<PathElement>();
  const out: unknown[] = [];
  const emit = (pe: PathElement): void => {
    done.add(pe);
    out.push(merge(left.byElement.get(pe), right.byElement.get(pe), itemSchema, registry));
    if (shared[nextShared] === pe) nextShared++;
  };
  let l = 0, r = 0;
  while (l < lPEs.length || r < rPEs.length) {
    if (l < lPEs.length) {
      const pe = lPEs[l];
      if (r < rPEs.length && pe === rPEs[r]) {
        emit(pe);
        l++;
        r++;
        continue;
      }
      if (!right.byElement.has(pe)) {
        out.push(structuredClone(left.entries[l].item)); // not in the configuration: kept, duplicates too
        l++;
        continue;
      }
      if (done.has(pe) || (nextShared < shared.length && shared[nextShared] !== pe)) {
        l++; // merged already, or an applied item whose turn has not come
        continue;
      }
    }
    if (r < rPEs.length) {
      if (!done.has(rPEs[r])) emit(rPEs[r]);
      r++;
    } else {
      l++;
    }
  }
  return out;
}
