// Turning a request body into an object for a resource: kind and version checks, namespace and name
// rules, and the schema pass (prune unknown fields, refuse wrong types, honour fieldValidation).
import { BadRequestError } from '../../api/errors/status-error.js';
import type { ResourceType } from '../../api/resources/registry.js';
import { apiVersionOfType } from '../../api/resources/registry.js';
import type { SchemaRegistry } from '../../api/schema/types.js';
import { decodeObject } from '../../api/schema/decode.js';
import { isObject, type KubeObject } from '../../api/types/meta.js';
import type { WriteContext } from './context.js';

/** Checks apiVersion/kind against the URL's resource, fills them in when absent. */
export function checkKind(rt: ResourceType, value: unknown, expectKind = rt.kind, expectApiVersion = apiVersionOfType(rt)): Record<string, unknown> {
  if (!isObject(value)) throw new BadRequestError(`the request body must be a JSON or YAML object, not ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`);
  const kind = value.kind, apiVersion = value.apiVersion;
  if (kind !== undefined && kind !== '' && kind !== expectKind) {
    throw new BadRequestError(`the object's kind (${String(kind)}) does not match the resource (${rt.resource}, kind ${expectKind}); send it to its own endpoint`);
  }
  if (apiVersion !== undefined && apiVersion !== '' && apiVersion !== expectApiVersion) {
    throw new BadRequestError(`the API version in the data (${String(apiVersion)}) does not match the expected API version (${expectApiVersion})`);
  }
  if (value.metadata !== undefined && value.metadata !== null && !isObject(value.metadata)) {
    throw new BadRequestError('metadata must be an object');
  }
  return { ...value, apiVersion: expectApiVersion, kind: expectKind, metadata: isObject(value.metadata) ? { ...value.metadata } : {} };
}

/** Runs the schema pass: unknown fields are dropped (and refused or warned about per fieldValidation). */
export function decodeForResource(rt: ResourceType, value: Record<string, unknown>, schemas: SchemaRegistry, ctx: WriteContext, schemaName = rt.schema): KubeObject {
  const schema = schemas.get(schemaName);
  if (!schema) throw new BadRequestError(`no schema for ${rt.kind}`);
  const result = decodeObject(value, schema, schemas);
  if (result.errors.length > 0) {
    throw new BadRequestError(`${rt.kind} in version "${rt.version}" cannot be handled as a ${rt.kind}: ${result.errors.map((e) => e.message).join('; ')}`, result.errors);
  }
  if (result.unknownFields.length > 0) {
    if (ctx.fieldValidation === 'Strict') {
      throw new BadRequestError(`strict decoding error: ${result.unknownFields.map((f) => `unknown field "${f}"`).join(', ')}`);
    }
    if (ctx.fieldValidation === 'Warn') for (const f of result.unknownFields) ctx.warnings.push(`unknown field "${f}"`);
  }
  const obj = result.value as KubeObject;
  obj.metadata ??= {};
  return obj;
}

/** Namespace rules: filled from the URL, must agree with it, absent for cluster-scoped kinds. */
export function placeInNamespace(rt: ResourceType, obj: KubeObject, urlNamespace: string | undefined): void {
  const m = obj.metadata;
  if (!rt.namespaced) {
    delete m.namespace;
    return;
  }
  if (urlNamespace === undefined || urlNamespace === '') throw new BadRequestError(`${rt.resource} is namespaced: the request must name a namespace (/namespaces/NAME/${rt.resource})`);
  if (m.namespace === undefined || m.namespace === '') m.namespace = urlNamespace;
  else if (m.namespace !== urlNamespace) {
    throw new BadRequestError(`the namespace of the provided object (${m.namespace}) does not match the namespace sent on the request (${urlNamespace})`);
  }
}

/** PUT/PATCH: the object's name must be the URL's. */
export function checkName(obj: KubeObject, urlName: string): void {
  const name = obj.metadata.name;
  if (name === undefined || name === '') obj.metadata.name = urlName;
  else if (name !== urlName) throw new BadRequestError(`the name of the object (${name}) does not match the name on the URL (${urlName})`);
}
