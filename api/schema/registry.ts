// The component schemas of the served kinds (generated at build time by scripts/gen-schemas.js) behind the
// SchemaRegistry interface, plus the walk that collects every component a set of schemas refers to.
import generated from './generated/k8s-openapi.js';
import type { JSONSchema, SchemaRegistry } from './types.js';

const REF_PREFIX = '#/components/schemas/';

/** The component name a `$ref` (or a single-element allOf of one) points at, or undefined. */
export function refName(schema: JSONSchema): string | undefined {
  const ref = schema.$ref ?? (schema.allOf?.length === 1 ? schema.allOf[0].$ref : undefined);
  return ref?.startsWith(REF_PREFIX) ? ref.slice(REF_PREFIX.length) : undefined;
}

export function schemaRef(name: string): string {
  return REF_PREFIX + name;
}

export function createSchemaRegistry(components: Readonly<Record<string, JSONSchema>>): SchemaRegistry {
  let byKind: Map<string, JSONSchema> | undefined;
  let sortedNames: string[] | undefined;
  const get = (name: string): JSONSchema | undefined => (Object.hasOwn(components, name) ? components[name] : undefined);
  const componentCount = Object.keys(components).length;
  // resolve() runs for every field of every write (patches, managed fields): remember its answers.
  const resolved = new WeakMap<JSONSchema, JSONSchema>();
  return {
    get,
    resolve(schema: JSONSchema): JSONSchema {
      const known = resolved.get(schema);
      if (known) return known;
      let current = schema;
      // Bounded: a chain of refs longer than the number of components is a cycle.
      for (let hops = 0; hops <= componentCount; hops++) {
        const name = refName(current);
        if (name === undefined) {
          resolved.set(schema, current);
          return current;
        }
        const next = get(name);
        if (!next) throw new Error(`schema registry: no component named "${name}"`);
        current = next;
      }
      throw new Error('schema registry: $ref cycle');
    },
    forKind(group: string, version: string, kind: string): JSONSchema | undefined {
      if (!byKind) {
        byKind = new Map();
        for (const schema of Object.values(components)) {
          for (const gvk of schema['x-kubernetes-group-version-kind'] ?? []) {
            // A kind's own component wins over meta kinds listed under every group (DeleteOptions).
            const key = `${gvk.group}/${gvk.version}/${gvk.kind}`;
            if (!byKind.has(key)) byKind.set(key, schema);
          }
        }
      }
      return byKind.get(`${group}/${version}/${kind}`);
    },
    names(): string[] {
      sortedNames ??= Object.keys(components).sort();
      return [...sortedNames];
    },
  };
}

/** Every component reachable from `roots` through $refs, roots included, sorted by name. */
export function schemaClosure(registry: SchemaRegistry, roots: Iterable<string>): string[] {
  const seen = new Set<string>();
  const pending = [...roots];
  const visit = (schema: JSONSchema): void => {
    const name = refName(schema);
    if (name !== undefined && !seen.has(name)) pending.push(name);
    for (const sub of schema.allOf ?? []) visit(sub);
    for (const sub of schema.oneOf ?? []) visit(sub);
    for (const sub of Object.values(schema.properties ?? {})) visit(sub);
    if (schema.items) visit(schema.items);
    if (typeof schema.additionalProperties === 'object') visit(schema.additionalProperties);
  };
  while (pending.length) {
    const name = pending.pop() as string;
    if (seen.has(name)) continue;
    const schema = registry.get(name);
    if (!schema) throw new Error(`schema registry: no component named "${name}"`);
    seen.add(name);
    visit(schema);
  }
  return [...seen].sort();
}

/** The OpenAPI components of every kind Skiff serves, as upstream Kubernetes v1.32 names them. */
export const k8sSchemas: SchemaRegistry = createSchemaRegistry(generated);
