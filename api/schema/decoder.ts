// Schemas compiled into decoder nodes: what Go type a JSON value must fit at each place in an object.
// Compiled once per schema and cached; a struct's fields are compiled the first time a value reaches it,
// so even a large closure costs only what the objects actually use.
import { refName } from './registry.js';
import type { JSONSchema, SchemaRegistry } from './types.js';

const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';

export type ScalarKind = 'string' | 'bytes' | 'time' | 'int32' | 'int64' | 'float64' | 'bool' | 'intOrString' | 'quantity' | 'any';

/** `goType` is the Go type name Go's decoder would print ("int32", "[]v1.Container", "v1.PodSpec"). */
export type DecoderNode =
  | { kind: 'struct'; goType: string; struct: string; schema: JSONSchema; fields?: Map<string, DecoderNode> }
  | { kind: 'map'; goType: string; values: DecoderNode }
  | { kind: 'array'; goType: string; items: DecoderNode }
  | { kind: ScalarKind; goType: string };

interface Compiler {
  registry: SchemaRegistry;
  nodes: WeakMap<JSONSchema, DecoderNode>;
  names?: WeakMap<JSONSchema, string>;
}

const compilers = new WeakMap<SchemaRegistry, Compiler>();

function compilerFor(registry: SchemaRegistry): Compiler {
  let c = compilers.get(registry);
  if (!c) {
    c = { registry, nodes: new WeakMap() };
    compilers.set(registry, c);
  }
  return c;
}

/** The component name of a schema object taken from the registry (so a kind's root knows it is "v1.Pod"). */
function componentName(c: Compiler, schema: JSONSchema): string | undefined {
  if (!c.names) {
    c.names = new WeakMap();
    for (const name of c.registry.names()) {
      const s = c.registry.get(name);
      if (s) c.names.set(s, name);
    }
  }
  return c.names.get(schema);
}

export function compileSchema(schema: JSONSchema, registry: SchemaRegistry): DecoderNode {
  return compile(schema, compilerFor(registry));
}

function compile(schema: JSONSchema, c: Compiler): DecoderNode {
  const hit = c.nodes.get(schema);
  if (hit) return hit;
  const ref = refName(schema);
  let node: DecoderNode;
  if (ref !== undefined) {
    const target = c.registry.get(ref);
    if (!target) throw new Error(`decode: no component named "${ref}"`);
    node = compile(target, c);
  } else {
    node = build(schema, c);
  }
  c.nodes.set(schema, node);
  return node;
}

const scalar = (kind: ScalarKind, goType: string): DecoderNode => ({ kind, goType });

function build(schema: JSONSchema, c: Compiler): DecoderNode {
  const name = componentName(c, schema);
  if (name === QUANTITY) return scalar('quantity', 'resource.Quantity');
  if (schema['x-kubernetes-preserve-unknown-fields']) return scalar('any', 'interface {}');
  if (schema['x-kubernetes-int-or-string'] || schema.format === 'int-or-string') return scalar('intOrString', 'intstr.IntOrString');
  switch (schema.type) {
    case 'object': {
      if (schema.properties === undefined && schema.additionalProperties !== undefined) {
        const values = typeof schema.additionalProperties === 'object'
          ? compile(schema.additionalProperties, c)
          : scalar('any', 'interface {}');
        return { kind: 'map', goType: `map[string]${values.goType}`, values };
      }
      const parts = name?.split('.') ?? [];
      const type = parts.pop() ?? 'struct';
      const version = parts.pop();
      // A struct with no declared fields (metav1.Patch) keeps nothing, as Go's struct{} would.
      return { kind: 'struct', goType: version ? `${version}.${type}` : type, struct: type, schema };
    }
    case 'array': {
      const items = schema.items ? compile(schema.items, c) : scalar('any', 'interface {}');
      return { kind: 'array', goType: `[]${items.goType}`, items };
    }
    case 'string':
      if (schema.format === 'byte') return scalar('bytes', '[]uint8');
      if (schema.format === 'date-time') return scalar('time', 'v1.Time');
      return scalar('string', 'string');
    case 'integer':
      return schema.format === 'int64' ? scalar('int64', 'int64') : scalar('int32', 'int32');
    case 'number':
      return scalar('float64', 'float64');
    case 'boolean':
      return scalar('bool', 'bool');
    default:
      return scalar('any', 'interface {}');
  }
}

/** A struct's fields, compiled on first use. */
export function fieldsOf(node: Extract<DecoderNode, { kind: 'struct' }>, registry: SchemaRegistry): Map<string, DecoderNode> {
  if (!node.fields) {
    const c = compilerFor(registry);
    node.fields = new Map(Object.entries(node.schema.properties ?? {}).map(([k, s]) => [k, compile(s, c)]));
  }
  return node.fields;
}
