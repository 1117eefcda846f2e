// The OpenAPI v3 documents Skiff serves under /openapi/v3: a root that points at one document per group
// version, each with the paths of that group version's resources and the component schemas they use.
// Built on first request, then cached with their JSON text and its hash.
import { GROUP_VERSIONS, RESOURCE_TYPES, type ResourceType } from '../resources/registry.js';
import { k8sSchemas, schemaClosure } from '../schema/registry.js';
import type { JSONSchema, SchemaRegistry } from '../schema/types.js';
import { contentHash } from './hash.js';
import { apiPathPrefix, operationPrefix, operationTag, resourcePaths, type PathItem } from './operations.js';

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';
/** Components every group version document carries, as upstream's do. */
const META_COMPONENTS = ['APIResourceList', 'DeleteOptions', 'Patch', 'Status', 'WatchEvent'].map((k) => `${META}.${k}`);

export interface OpenApiDocument {
  openapi: '3.0.0';
  info: { title: string; version: string };
  paths: Record<string, PathItem | DiscoveryPathItem>;
  components: {
    schemas: Record<string, JSONSchema>;
    securitySchemes: Record<string, { type: 'apiKey'; in: 'header'; name: string; description: string }>;
  };
  security: Record<string, string[]>[];
}

interface DiscoveryPathItem {
  get: { description: string; operationId: string; tags: string[]; responses: Record<string, unknown> };
}

export interface OpenApiRoot {
  paths: Record<string, { serverRelativeURL: string }>;
}

export interface OpenApiService {
  /** The /openapi/v3 document. */
  root(): OpenApiRoot;
  document(group: string, version: string): OpenApiDocument | undefined;
  /** The document as served (its hash is over this text). */
  documentJSON(group: string, version: string): string | undefined;
  /** By the key the root uses: "api/v1", "apis/apps/v1". */
  documentJSONForPath(path: string): string | undefined;
}

/** "api/v1" for the core group, "apis/apps/v1" otherwise: the key under /openapi/v3. */
export function groupVersionPath(group: string, version: string): string {
  return apiPathPrefix(group, version).slice(1);
}

export function buildOpenApiDocument(group: string, version: string, resources: readonly ResourceType[], registry: SchemaRegistry): OpenApiDocument {
  const prefix = apiPathPrefix(group, version);
  const tag = operationTag(group, version);
  const paths: OpenApiDocument['paths'] = {
    [`${prefix}/`]: {
      get: {
        description: 'get available resources',
        operationId: `get${operationPrefix(group, version)}APIResources`,
        tags: [tag],
        responses: {
          200: { description: 'OK', content: { 'application/json': { schema: { $ref: `#/components/schemas/${META}.APIResourceList` } } } },
          401: { description: 'Unauthorized' },
        },
      },
    },
  };
  const roots = new Set(META_COMPONENTS);
  for (const r of resources) {
    if (r.group !== group || r.version !== version) continue;
    const built = resourcePaths(r, registry);
    Object.assign(paths, built.paths);
    for (const s of built.schemas) roots.add(s);
  }
  const schemas: Record<string, JSONSchema> = {};
  for (const name of schemaClosure(registry, roots)) schemas[name] = servedSchema(registry.get(name) as JSONSchema);
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: 'unversioned' },
    paths: Object.fromEntries(Object.keys(paths).sort().map((p) => [p, paths[p]])),
    components: {
      schemas,
      securitySchemes: {
        BearerToken: { type: 'apiKey', in: 'header', name: 'authorization', description: 'Bearer Token authentication' },
      },
    },
    security: [{ BearerToken: [] }],
  };
}

const served = new WeakMap<JSONSchema, JSONSchema>();

/**
 * The schema as upstream v1.32 serves it: a `$ref` that carries its own description is wrapped in a
 * one-element allOf (OpenAPI 3.0 ignores siblings of $ref), so `kubectl explain` prints the field's
 * description as well as the referenced type's.
 */
function servedSchema(schema: JSONSchema): JSONSchema {
  const hit = served.get(schema);
  if (hit) return hit;
  const { $ref, properties, items, additionalProperties, ...rest } = schema;
  const out: JSONSchema = $ref !== undefined && Object.keys(rest).length > 0 ? { ...rest, allOf: [{ $ref }] } : { ...schema };
  if (properties) out.properties = Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, servedSchema(v)]));
  if (items) out.items = servedSchema(items);
  if (typeof additionalProperties === 'object') out.additionalProperties = servedSchema(additionalProperties);
  served.set(schema, out);
  return out;
}

export function createOpenApiService(
  resources: readonly ResourceType[],
  groupVersions: readonly { group: string; version: string }[],
  registry: SchemaRegistry,
): OpenApiService {
  const built = new Map<string, { doc: OpenApiDocument; json: string; hash: string }>();
  const known = new Map(groupVersions.map(({ group, version }) => [groupVersionPath(group, version), { group, version }]));
  let root: OpenApiRoot | undefined;

  const entry = (path: string): { doc: OpenApiDocument; json: string; hash: string } | undefined => {
    const hit = built.get(path);
    if (hit) return hit;
    const gv = known.get(path);
    if (!gv) return undefined;
    const doc = buildOpenApiDocument(gv.group, gv.version, resources, registry);
    const json = JSON.stringify(doc);
    const made = { doc, json, hash: contentHash(json) };
    built.set(path, made);
    return made;
  };

  return {
    root(): OpenApiRoot {
      if (!root) {
        const paths: OpenApiRoot['paths'] = {};
        for (const path of known.keys()) paths[path] = { serverRelativeURL: `/openapi/v3/${path}?hash=${entry(path)?.hash}` };
        root = { paths };
      }
      return root;
    },
    document: (group, version) => entry(groupVersionPath(group, version))?.doc,
    documentJSON: (group, version) => entry(groupVersionPath(group, version))?.json,
    documentJSONForPath: (path) => entry(path.replace(/^\/+|\/+$/g, ''))?.json,
  };
}

/** The documents of the resources Skiff serves. */
export const k8sOpenApi: OpenApiService = createOpenApiService(RESOURCE_TYPES, GROUP_VERSIONS, k8sSchemas);

export function openApiRoot(): OpenApiRoot {
  return k8sOpenApi.root();
}

export function openApiDocument(group: string, version: string): OpenApiDocument | undefined {
  return k8sOpenApi.document(group, version);
}
