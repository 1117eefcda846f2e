// PATCH in its four content types, on the resource or its status subresource. Server-side apply
// upserts: a missing object is created from the applied configuration.
import { BadRequestError, NotFoundError, UnsupportedMediaTypeError } from '../../api/errors/status-error.js';
import type { ResourceType } from '../../api/resources/registry.js';
import { isObject, type KubeObject } from '../../api/types/meta.js';
import type { WriteContext } from './context.js';
import { checkKind, checkName, decodeForResource, placeInNamespace } from './input.js';
import { machinery } from './machinery.js';
import type { ResourceRegistry, Subresource, WriteResult } from './resource-registry.js';
import { ConflictError } from '../../api/errors/status-error.js';
import { MODIFIED_MESSAGE } from './store-errors.js';

export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

export const PATCH_CONTENT_TYPES: Record<string, PatchType> = {
  'application/json-patch+json': 'json',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
  'application/apply-patch+yaml': 'apply',
  'application/apply-patch+json': 'apply',
};

export function patchTypeOf(contentType: string): PatchType {
  const t = PATCH_CONTENT_TYPES[contentType];
  if (!t) throw new UnsupportedMediaTypeError(contentType);
  return t;
}

export interface PatchOptions {
  /** Server-side apply: take ownership of conflicting fields. */
  force: boolean;
}

export async function patchResource(
  registry: ResourceRegistry,
  rt: ResourceType,
  namespace: string | undefined,
  name: string,
  type: PatchType,
  patch: unknown,
  ctx: WriteContext,
  options: PatchOptions,
  sub: Subresource = undefined,
): Promise<WriteResult> {
  const { schemas, clock } = registry.deps;
  if (type === 'apply') {
    if (sub !== undefined && sub !== 'status') throw new BadRequestError('apply is supported on the resource and its status only');
    if (!ctx.fieldManager || ctx.fieldManager === 'unknown') throw new BadRequestError('PATCH with application/apply-patch+yaml requires the fieldManager query parameter');
  } else if (type !== 'json' && !isObject(patch)) {
    throw new BadRequestError(`the patch must be a JSON object for ${type === 'merge' ? 'application/merge-patch+json' : 'application/strategic-merge-patch+json'}`);
  } else if (type === 'json' && !Array.isArray(patch)) {
    throw new BadRequestError('a JSON patch (application/json-patch+json) must be an array of operations');
  }
  const schema = schemas.get(rt.schema)!;
  return registry.guaranteedUpdate(rt, namespace, name, ctx, hasPrecondition(type, patch), (current) => {
    if (type === 'apply') {
      const applied = decodeForResource(rt, checkKind(rt, patch), schemas, ctx);
      placeInNamespace(rt, applied, namespace);
      checkName(applied, name);
      if (!current && sub) throw new NotFoundError(rt.resource, rt.group, name);
      const result = machinery.apply(current, applied, ctx.fieldManager, options.force, rt, schema, schemas, clock(), sub);
      if (!current) return { create: result, managed: 'keep' };
      return { next: result, managed: 'keep' };
    }
    if (!current) throw new NotFoundError(rt.resource, rt.group, name);
    let patched: unknown;
    if (type === 'json') patched = machinery.applyJsonPatch(current, patch);
    else if (type === 'merge') patched = machinery.applyMergePatch(current, patch);
    else patched = machinery.applyStrategicMergePatch(current, patch as Record<string, unknown>, schema, schemas);
    const next = decodeForResource(rt, checkKind(rt, patched), schemas, ctx);
    placeInNamespace(rt, next, namespace);
    checkName(next, name);
    const rv = next.metadata.resourceVersion;
    if (rv !== undefined && rv !== '' && rv !== current.metadata.resourceVersion) {
      throw new ConflictError(rt.resource, rt.group, name, MODIFIED_MESSAGE);
    }
    return { next };
  }, sub);
}

/** A patch that sets metadata.resourceVersion is a precondition: no silent retry on conflict. */
function hasPrecondition(type: PatchType, patch: unknown): boolean {
  if (type === 'json') return Array.isArray(patch) && patch.some((op) => isObject(op) && op.path === '/metadata/resourceVersion');
  return isObject(patch) && isObject(patch.metadata) && patch.metadata.resourceVersion !== undefined;
}

export type { KubeObject };
