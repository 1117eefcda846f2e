#!/usr/bin/env node
// Generates the OpenAPI v3 component schemas of the kinds Skiff serves, named and shaped as upstream
// Kubernetes publishes them, from the .d.ts files of the `kubernetes-types` package (names, field types,
// required-ness, descriptions). What those files lack — int64/byte formats and the x-kubernetes-* patch
// and apply extensions — comes from the hand-written table k8s-openapi-extensions.json beside this script
// (upstream's struct tags). Runs after tsc: it reads the served types from dist/api/resources/registry.js.
//
// Output: dist/api/schema/generated/k8s-openapi.js (the schemas) and api/schema/generated/k8s-openapi.d.ts
// (its type, committed). Deterministic: keys sorted, no timestamps.
import ts from 'typescript';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, resolve, dirname, relative } from 'node:path';
import { pathToFileURL } from 'node:url';

const started = performance.now();
const root = resolve(import.meta.dirname, '..');
const typesDir = join(root, 'node_modules', 'kubernetes-types');
const table = JSON.parse(readFileSync(join(import.meta.dirname, 'k8s-openapi-extensions.json'), 'utf8'));
delete table.$comment;

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';
const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';
const ref = (name) => `#/components/schemas/${name}`;

// kubernetes-types file ("core/v1") <-> upstream package prefix ("io.k8s.api.core.v1").
const SPECIAL_PACKAGES = {
  'meta/v1': META,
  'api/resource': 'io.k8s.apimachinery.pkg.api.resource',
  runtime: 'io.k8s.apimachinery.pkg.runtime',
  version: 'io.k8s.apimachinery.pkg.version',
};
function packageOf(file) {
  if (SPECIAL_PACKAGES[file]) return SPECIAL_PACKAGES[file];
  const [group, version] = file.split('/');
  return `io.k8s.api.${group}.${version}`;
}
function fileOf(pkg) {
  for (const [file, p] of Object.entries(SPECIAL_PACKAGES)) if (p === pkg) return file;
  const m = /^io\.k8s\.api\.([a-z0-9]+)\.([a-z0-9]+)$/.exec(pkg);
  if (!m) throw new Error(`gen-schemas: no kubernetes-types file for package ${pkg}`);
  return `${m[1]}/${m[2]}`;
}

// ---- reading the .d.ts files ----------------------------------------------------------------------

const files = new Map();
function load(file) {
  let f = files.get(file);
  if (f) return f;
  const path = join(typesDir, `${file}.d.ts`);
  const text = readFileSync(path, 'utf8');
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  f = { file, text, decls: new Map(), imports: new Map() };
  for (const st of source.statements) {
    if (ts.isImportDeclaration(st)) {
      const target = relative(typesDir, resolve(dirname(path), st.moduleSpecifier.text));
      for (const el of st.importClause?.namedBindings?.elements ?? []) f.imports.set(el.name.text, target);
    } else if (ts.isInterfaceDeclaration(st) || ts.isTypeAliasDeclaration(st)) {
      f.decls.set(st.name.text, st);
    }
  }
  files.set(file, f);
  return f;
}

// The text of the /** */ comment right before a node, with the " * " margins removed. Read by hand
// rather than through TypeScript's JSDoc parser, which would cut descriptions at an "@word".
function docOf(f, node) {
  const ranges = ts.getLeadingCommentRanges(f.text, node.pos) ?? [];
  const last = ranges.filter((r) => f.text.startsWith('/**', r.pos)).pop();
  if (!last) return undefined;
  const body = f.text.slice(last.pos + 3, last.end - 2);
  const lines = body.split('\n').map((l) => l.replace(/^\s*\* ?/, '').replace(/\s+$/, ''));
  while (lines.length && lines[0].trim() === '') lines.shift();
  while (lines.length && lines[lines.length - 1].trim() === '') lines.pop();
  const text = lines.join('\n').trim();
  return text === '' ? undefined : text;
}

// ---- building one schema ----------------------------------------------------------------------------

// Components kubernetes-types writes as aliases of string (or inlines), given upstream's shape.
const SCALARS = {
  [`${META}.Time`]: { type: 'string', format: 'date-time' },
  [`${META}.MicroTime`]: { type: 'string', format: 'date-time' },
  // Upstream v3 publishes these two as oneOf; the extension says the same for readers of `type`.
  'io.k8s.apimachinery.pkg.api.resource.Quantity': { oneOf: [{ type: 'string' }, { type: 'number' }] },
};
const INT_OR_STRING_SCHEMA = {
  description: 'IntOrString is a type that can hold an int32 or a string.  When used in JSON or YAML marshalling and unmarshalling, it produces or consumes the inner type.  This allows you to have, for example, a JSON field that can accept a name or number.',
  format: 'int-or-string',
  oneOf: [{ type: 'integer' }, { type: 'string' }],
  'x-kubernetes-int-or-string': true,
};
// Opaque JSON kept as sent (Go keeps the raw bytes).
const OPAQUE = new Set([`${META}.FieldsV1`, 'io.k8s.apimachinery.pkg.runtime.RawExtension']);

// Meta kinds without literal kind/apiVersion in kubernetes-types; upstream lists them per group version.
function metaGVKs(name, gvs) {
  const kind = name.slice(META.length + 1);
  if (kind === 'DeleteOptions' || kind === 'WatchEvent') return gvs.map((gv) => ({ ...gv, kind }));
  if (['Status', 'APIResourceList', 'APIGroupList', 'APIVersions'].includes(kind)) return [{ group: '', version: 'v1', kind }];
  return undefined;
}

const EXT_KEYS = {
  patch: 'x-kubernetes-patch-strategy',
  key: 'x-kubernetes-patch-merge-key',
  list: 'x-kubernetes-list-type',
  keys: 'x-kubernetes-list-map-keys',
  map: 'x-kubernetes-map-type',
};

function applyExtensions(where, schema, entry) {
  for (const [k, v] of Object.entries(entry)) {
    if (k === 'format') continue;
    if (!EXT_KEYS[k]) throw new Error(`gen-schemas: unknown key "${k}" in the extensions table at ${where}`);
    schema[EXT_KEYS[k]] = v;
  }
}

// The innermost scalar of a property (its items or map values) takes the table's format.
function applyFormat(where, schema, format) {
  let s = schema;
  while (s.items || (s.additionalProperties && typeof s.additionalProperties === 'object')) s = s.items ?? s.additionalProperties;
  if (s.type !== 'integer' && s.type !== 'number' && s.type !== 'string') throw new Error(`gen-schemas: format "${format}" on a non-scalar at ${where}`);
  if (format === 'double') s.type = 'number';
  s.format = format;
}

function typeSchema(f, node, where, refs) {
  switch (node.kind) {
    case ts.SyntaxKind.StringKeyword: return { type: 'string' };
    case ts.SyntaxKind.NumberKeyword: return { type: 'integer', format: 'int32' };
    case ts.SyntaxKind.BooleanKeyword: return { type: 'boolean' };
    case ts.SyntaxKind.LiteralType:
      if (ts.isStringLiteral(node.literal)) return { type: 'string' };
      break;
    case ts.SyntaxKind.ArrayType:
      return { type: 'array', items: typeSchema(f, node.elementType, `${where}[]`, refs) };
    case ts.SyntaxKind.UnionType: {
      const kinds = new Set(node.types.map((t) => t.kind));
      if (kinds.size === 2 && kinds.has(ts.SyntaxKind.NumberKeyword) && kinds.has(ts.SyntaxKind.StringKeyword)) {
        refs.add(INT_OR_STRING);
        return { $ref: ref(INT_OR_STRING) };
      }
      if (node.types.every((t) => ts.isLiteralTypeNode(t) && ts.isStringLiteral(t.literal))) return { type: 'string' };
      break;
    }
    case ts.SyntaxKind.TypeLiteral: {
      const [index] = node.members;
      if (node.members.length === 1 && ts.isIndexSignatureDeclaration(index)) {
        return { type: 'object', additionalProperties: typeSchema(f, index.type, `${where}{}`, refs) };
      }
      break;
    }
    case ts.SyntaxKind.TypeReference: {
      const name = ts.isIdentifier(node.typeName) ? node.typeName.text : undefined;
      if (name === 'Array' && node.typeArguments?.length === 1) {
        return { type: 'array', items: typeSchema(f, node.typeArguments[0], `${where}[]`, refs) };
      }
      const file = f.decls.has(name) ? f.file : f.imports.get(name);
      if (file) {
        const target = `${packageOf(file)}.${name}`;
        refs.add(target);
        return { $ref: ref(target) };
      }
      break;
    }
  }
  throw new Error(`gen-schemas: unsupported type "${f.text.slice(node.pos, node.end).trim()}" at ${where}`);
}

function buildSchema(name, gvs) {
  const pkg = name.slice(0, name.lastIndexOf('.'));
  const typeName = name.slice(pkg.length + 1);
  const f = load(fileOf(pkg));
  const decl = f.decls.get(typeName);
  if (!decl) throw new Error(`gen-schemas: ${typeName} not found in kubernetes-types/${f.file}.d.ts`);
  const refs = new Set();
  const schema = {};
  const description = docOf(f, decl);
  if (description) schema.description = description;
  const entries = table[name] ?? {};
  const used = new Set();

  if (SCALARS[name] || ts.isTypeAliasDeclaration(decl)) {
    if (!SCALARS[name]) throw new Error(`gen-schemas: type alias ${name} has no known upstream shape`);
    return { schema: { ...schema, ...SCALARS[name] }, refs };
  }
  schema.type = 'object';
  if (OPAQUE.has(name)) {
    schema['x-kubernetes-preserve-unknown-fields'] = true;
    return { schema, refs };
  }
  const properties = {};
  const required = [];
  let kind, apiVersion;
  for (const member of decl.members) {
    if (!ts.isPropertySignature(member)) throw new Error(`gen-schemas: unexpected member in ${name}`);
    const prop = member.name.text;
    const where = `${name}.${prop}`;
    const p = typeSchema(f, member.type, where, refs);
    const doc = docOf(f, member);
    if (doc) p.description = doc;
    const entry = entries[prop];
    if (entry) {
      used.add(prop);
      if (entry.format) applyFormat(where, p, entry.format);
      applyExtensions(where, p, entry);
    }
    properties[prop] = p;
    if (!member.questionToken) required.push(prop);
    const literal = ts.isLiteralTypeNode(member.type) && ts.isStringLiteral(member.type.literal) ? member.type.literal.text : undefined;
    if (prop === 'kind') kind = literal;
    if (prop === 'apiVersion') apiVersion = literal;
  }
  if (entries['.']) {
    used.add('.');
    applyExtensions(name, schema, entries['.']);
  }
  for (const prop of Object.keys(entries)) {
    if (!used.has(prop)) throw new Error(`gen-schemas: the extensions table names ${name}.${prop}, which kubernetes-types does not have`);
  }
  if (Object.keys(properties).length) schema.properties = properties;
  if (required.length) schema.required = required;
  let gvk = pkg === META ? metaGVKs(name, gvs) : undefined;
  if (!gvk && kind && apiVersion) {
    const slash = apiVersion.indexOf('/');
    gvk = [slash < 0 ? { group: '', version: apiVersion, kind } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1), kind }];
  }
  if (gvk) schema['x-kubernetes-group-version-kind'] = gvk;
  return { schema, refs };
}

// ---- closure, output --------------------------------------------------------------------------------

function sortKeys(value) {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys(value[k])]));
  }
  return value;
}

async function main() {
  const registryPath = join(root, 'dist', 'api', 'resources', 'registry.js');
  const { RESOURCE_TYPES, GROUP_VERSIONS } = await import(pathToFileURL(registryPath).href);
  const gvs = [...GROUP_VERSIONS, { group: 'autoscaling', version: 'v1' }, { group: 'policy', version: 'v1' }]
    .map(({ group, version }) => ({ group, version }))
    .sort((a, b) => a.group.localeCompare(b.group) || a.version.localeCompare(b.version));

  const roots = [];
  for (const r of RESOURCE_TYPES) roots.push(r.schema, `${r.schema}List`);
  roots.push('io.k8s.api.autoscaling.v1.Scale', 'io.k8s.api.core.v1.Binding', 'io.k8s.api.policy.v1.Eviction');
  for (const k of ['Status', 'DeleteOptions', 'WatchEvent', 'Patch', 'APIResourceList', 'APIGroupList', 'APIVersions']) roots.push(`${META}.${k}`);

  const schemas = { [INT_OR_STRING]: INT_OR_STRING_SCHEMA };
  const queue = [...new Set(roots)];
  while (queue.length) {
    const name = queue.pop();
    if (schemas[name]) continue;
    const { schema, refs } = buildSchema(name, gvs);
    schemas[name] = schema;
    for (const r of refs) if (!schemas[r]) queue.push(r);
  }
  for (const name of Object.keys(table)) {
    if (!schemas[name]) throw new Error(`gen-schemas: the extensions table names ${name}, which is not served`);
  }

  const json = JSON.stringify(sortKeys(schemas));
  const outDir = join(root, 'dist', 'api', 'schema', 'generated');
  mkdirSync(outDir, { recursive: true });
  // A JSON.parse of a string literal loads faster than the same object literal.
  writeFileSync(join(outDir, 'k8s-openapi.js'),
    `// Generated by scripts/gen-schemas.js from kubernetes-types and scripts/k8s-openapi-extensions.json. Do not edit.\nexport default JSON.parse(${JSON.stringify(json)});\n`);
  const dts = join(root, 'api', 'schema', 'generated', 'k8s-openapi.d.ts');
  mkdirSync(dirname(dts), { recursive: true });
  writeFileSync(dts, [
    '// Generated by scripts/gen-schemas.js: the OpenAPI v3 component schemas of the served kinds, keyed by',
    '// upstream name ("io.k8s.api.core.v1.Pod"). The data is written to dist/ at build time.',
    "import type { JSONSchema } from '../types.js';",
    '',
    'declare const schemas: Record<string, JSONSchema>;',
    'export default schemas;',
    '',
  ].join('\n'));
  const ms = Math.round(performance.now() - started);
  console.log(`gen-schemas: ${Object.keys(schemas).length} schemas (${roots.length} roots, ${files.size} kubernetes-types files, ${json.length} bytes) in ${ms} ms`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
