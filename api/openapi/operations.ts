// The OpenAPI path items of one served resource, shaped as upstream's: a collection path (list, create,
// deletecollection), an item path (read, replace, patch, delete), the all-namespaces list, and the
// status/scale/binding/eviction/finalize subresources. Each operation names its kind in
// x-kubernetes-group-version-kind, which is how kubectl finds the schema to explain or validate.
import type { ResourceType, Subresource } from '../resources/registry.js';
import { schemaRef } from '../schema/registry.js';
import type { GVKExtension, SchemaRegistry } from '../schema/types.js';
import { DELETE_COLLECTION_PARAMS, DELETE_PARAMS, LIST_PARAMS, P, PATCH_PARAMS, WRITE_PARAMS, type Parameter } from './parameters.js';

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';

export interface Operation {
  description: string;
  operationId: string;
  tags: string[];
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: { $ref: string } }>; required: true };
  responses: Record<string, { description: string; content?: Record<string, { schema: { $ref: string } }> }>;
  'x-kubernetes-action': string;
  'x-kubernetes-group-version-kind': GVKExtension;
}

export interface PathItem {
  parameters: Parameter[];
  get?: Operation;
  post?: Operation;
  put?: Operation;
  patch?: Operation;
  delete?: Operation;
}

export const PATCH_CONTENT_TYPES = [
  'application/apply-patch+yaml',
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
];

/** "" v1 → "CoreV1", coordination.k8s.io v1 → "CoordinationV1", as upstream's operation ids spell it. */
export function operationPrefix(group: string, version: string): string {
  const words = group === '' ? ['core'] : group.replace(/\.k8s\.io$/, '').split('.');
  return words.map(capitalize).join('') + capitalize(version);
}

/** The tag upstream groups a group version's operations under ("core_v1", "apps_v1", "coordination_v1"). */
export function operationTag(group: string, version: string): string {
  return `${group === '' ? 'core' : group.replace(/\.k8s\.io$/, '').replace(/\./g, '_')}_${version}`;
}

export function apiPathPrefix(group: string, version: string): string {
  return group === '' ? `/api/${version}` : `/apis/${group}/${version}`;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function body(name: string, types = ['application/json', 'application/yaml']): Record<string, { schema: { $ref: string } }> {
  return Object.fromEntries(types.map((t) => [t, { schema: { $ref: schemaRef(name) } }]));
}

function responses(schema: string, codes: Record<string, string>): Operation['responses'] {
  const out: Operation['responses'] = { 401: { description: 'Unauthorized' } };
  for (const [code, description] of Object.entries(codes)) out[code] = { description, content: body(schema) };
  return out;
}

interface Target {
  gvk: GVKExtension;
  schema: string;
  tag: string;
  id: string;
}

function operation(t: Target, action: string, verb: string, description: string, extra: Partial<Operation> & Pick<Operation, 'responses'>): Operation {
  return {
    description,
    operationId: `${verb}${t.id}`,
    tags: [t.tag],
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': t.gvk,
    ...extra,
  };
}

/** Path items of `r`, and the component names they refer to. */
export function resourcePaths(r: ResourceType, registry: SchemaRegistry): { paths: Record<string, PathItem>; schemas: Set<string> } {
  const prefix = apiPathPrefix(r.group, r.version);
  const gv = operationPrefix(r.group, r.version);
  const tag = operationTag(r.group, r.version);
  const scope = r.namespaced ? 'Namespaced' : '';
  const collection = r.namespaced ? `${prefix}/namespaces/{namespace}/${r.resource}` : `${prefix}/${r.resource}`;
  const item = `${collection}/{name}`;
  const scoped = r.namespaced ? [P.namespace] : [];
  const t: Target = { gvk: { group: r.group, version: r.version, kind: r.kind }, schema: r.schema, tag, id: `${gv}${scope}${r.kind}` };
  const list = `${r.schema}List`;
  const schemas = new Set([r.schema, list]);
  const can = (v: string): boolean => (r.verbs as string[]).includes(v);
  const paths: Record<string, PathItem> = {};

  const coll: PathItem = { parameters: [...scoped, P.pretty] };
  if (can('list')) coll.get = operation(t, 'list', 'list', `list or watch objects of kind ${r.kind}`, { parameters: LIST_PARAMS, responses: responses(list, { 200: 'OK' }) });
  if (can('create')) {
    coll.post = operation(t, 'post', 'create', `create a ${r.kind}`, {
      parameters: WRITE_PARAMS, requestBody: { content: body(r.schema), required: true },
      responses: responses(r.schema, { 200: 'OK', 201: 'Created', 202: 'Accepted' }),
    });
  }
  if (can('deletecollection')) {
    coll.delete = operation({ ...t, id: `${gv}Collection${scope}${r.kind}` }, 'deletecollection', 'delete', `delete collection of ${r.kind}`, {
      parameters: DELETE_COLLECTION_PARAMS, requestBody: { content: body(`${META}.DeleteOptions`, ['application/json']), required: true },
      responses: responses(`${META}.Status`, { 200: 'OK' }),
    });
  }
  paths[collection] = coll;

  const one: PathItem = { parameters: [P.name(r.kind), ...scoped, P.pretty] };
  if (can('get')) one.get = operation(t, 'get', 'read', `read the specified ${r.kind}`, { responses: responses(r.schema, { 200: 'OK' }) });
  if (can('update')) {
    one.put = operation(t, 'put', 'replace', `replace the specified ${r.kind}`, {
      parameters: WRITE_PARAMS, requestBody: { content: body(r.schema), required: true },
      responses: responses(r.schema, { 200: 'OK', 201: 'Created' }),
    });
  }
  if (can('patch')) one.patch = patchOperation(t, `partially update the specified ${r.kind}`);
  if (can('delete')) {
    one.delete = operation(t, 'delete', 'delete', `delete a ${r.kind}`, {
      parameters: DELETE_PARAMS, requestBody: { content: body(`${META}.DeleteOptions`, ['application/json']), required: true },
      responses: responses(`${META}.Status`, { 200: 'OK', 202: 'Accepted' }),
    });
  }
  paths[item] = one;

  if (r.namespaced && can('list')) {
    paths[`${prefix}/${r.resource}`] = {
      parameters: [P.pretty],
      get: operation({ ...t, id: `${gv}${r.kind}ForAllNamespaces` }, 'list', 'list', `list or watch objects of kind ${r.kind}`, {
        parameters: LIST_PARAMS, responses: responses(list, { 200: 'OK' }),
      }),
    };
  }

  for (const sub of r.subresources) {
    const subPath = subresourcePath(r, sub, t, registry, scoped);
    if (!subPath) continue;
    paths[`${item}/${sub.name}`] = subPath.item;
    schemas.add(subPath.schema);
  }
  return { paths, schemas };
}

function patchOperation(t: Target, description: string): Operation {
  return operation(t, 'patch', 'patch', description, {
    parameters: PATCH_PARAMS,
    requestBody: { content: body(`${META}.Patch`, PATCH_CONTENT_TYPES), required: true },
    responses: responses(t.schema, { 200: 'OK', 201: 'Created' }),
  });
}

/** The subresources whose bodies are API objects; streaming ones (log, exec, attach, portforward) are left out. */
function subresourcePath(r: ResourceType, sub: Subresource, parent: Target, registry: SchemaRegistry, scoped: Parameter[])
  : { item: PathItem; schema: string } | undefined {
  if (!['status', 'scale', 'binding', 'eviction', 'finalize'].includes(sub.name)) return undefined;
  const group = sub.group ?? r.group;
  const version = sub.version ?? r.version;
  const component = sub.kind === r.kind && group === r.group ? r.schema : componentFor(registry, group, version, sub.kind);
  if (!component) return undefined;
  const Sub = capitalize(sub.name);
  const t: Target = { ...parent, gvk: { group, version, kind: sub.kind }, schema: component, id: `${parent.id}${Sub}` };
  const item: PathItem = { parameters: [P.name(sub.kind === r.kind ? r.kind : sub.kind), ...scoped, P.pretty] };
  const what = `${sub.name} of the specified ${r.kind}`;
  if (sub.verbs.includes('get')) item.get = operation(t, 'get', 'read', `read ${what}`, { responses: responses(component, { 200: 'OK' }) });
  if (sub.verbs.includes('update')) {
    item.put = operation(t, 'put', 'replace', `replace ${what}`, {
      parameters: WRITE_PARAMS, requestBody: { content: body(component), required: true },
      responses: responses(component, { 200: 'OK', 201: 'Created' }),
    });
  }
  if (sub.verbs.includes('patch')) item.patch = patchOperation(t, `partially update ${what}`);
  if (sub.verbs.includes('create')) {
    item.post = operation(t, 'post', 'create', `create ${sub.name} of a ${r.kind}`, {
      parameters: WRITE_PARAMS, requestBody: { content: body(component), required: true },
      responses: responses(component, { 200: 'OK', 201: 'Created', 202: 'Accepted' }),
    });
  }
  return { item, schema: component };
}

function componentFor(registry: SchemaRegistry, group: string, version: string, kind: string): string | undefined {
  const schema = registry.forKind(group, version, kind);
  if (!schema) return undefined;
  return registry.names().find((n) => registry.get(n) === schema);
}
