// POST, PUT, PATCH, DELETE and DELETE-collection of resources (and the status subresource).
import { apiVersionOfType } from '../../../api/resources/registry.js';
import { successStatus } from '../../../api/errors/status-error.js';
import type { KubeObject } from '../../../api/types/meta.js';
import { deleteResource, parseDeleteOptions, type DeleteResult } from '../../registry/delete.js';
import { listResources } from '../../registry/list.js';
import { patchResource, patchTypeOf } from '../../registry/patch.js';
import type { Subresource } from '../../registry/resource-registry.js';
import { decodeBody, readBody, parseJson } from '../body.js';
import { decodeProtobufBody, KUBERNETES_PROTOBUF_MEDIA_TYPE } from '../../../api/codec/protobuf/index.js';
import { bodyMediaType, negotiate } from '../negotiate.js';
import { boolOf } from '../query.js';
import { send } from '../respond.js';
import { writeContextOf, type HandlerContext } from './context.js';

export async function createObject(h: HandlerContext): Promise<void> {
  const format = negotiate(h.req.headers.accept, {});
  const ctx = writeContextOf(h);
  const body = decodeBody(await readBody(h.req), h.req.headers['content-type'], ctx);
  const obj = await h.deps.registry.create(h.rt, h.info.namespace, body, ctx);
  send(h.res, 201, obj, format, ctx.warnings);
}

export async function updateObject(h: HandlerContext, sub: Subresource): Promise<void> {
  const format = negotiate(h.req.headers.accept, {});
  const ctx = writeContextOf(h);
  const body = decodeBody(await readBody(h.req), h.req.headers['content-type'], ctx);
  const result = await h.deps.registry.update(h.rt, h.info.namespace, h.info.name!, body, ctx, sub);
  send(h.res, result.created ? 201 : 200, result.object, format, ctx.warnings);
}

export async function patchObject(h: HandlerContext, sub: Subresource): Promise<void> {
  const format = negotiate(h.req.headers.accept, {});
  const ctx = writeContextOf(h);
  const type = patchTypeOf(bodyMediaType(h.req.headers['content-type']));
  const patch = decodeBody(await readBody(h.req), h.req.headers['content-type'], ctx);
  const result = await patchResource(h.deps.registry, h.rt, h.info.namespace, h.info.name!, type, patch, ctx, { force: boolOf(h.query, 'force') }, sub);
  send(h.res, result.created ? 201 : 200, result.object, format, ctx.warnings);
}

/** DeleteOptions arrive as JSON, or as protobuf from kubectl drain. */
async function deleteOptionsBody(h: HandlerContext): Promise<unknown> {
  const raw = await readBody(h.req);
  if (raw.length === 0) return undefined;
  if (bodyMediaType(h.req.headers['content-type']) === KUBERNETES_PROTOBUF_MEDIA_TYPE) return decodeProtobufBody(raw);
  return parseJson(raw.toString('utf8'));
}

export async function deleteObject(h: HandlerContext): Promise<void> {
  const format = negotiate(h.req.headers.accept, {});
  const ctx = writeContextOf(h);
  const options = parseDeleteOptions(await deleteOptionsBody(h), h.query);
  const result = await deleteResource(h.deps.registry, h.rt, h.info.namespace, h.info.name!, options, ctx);
  send(h.res, 200, deleteResponse(h, result), format, ctx.warnings);
}

/** Pods (and anything not yet gone) are returned whole; other deletions answer a Success Status. */
function deleteResponse(h: HandlerContext, result: DeleteResult): unknown {
  if (!result.deleted || h.rt.resource === 'pods') return result.object;
  const m = result.object.metadata;
  return successStatus({ name: m.name, group: h.rt.group, kind: h.rt.resource, uid: m.uid });
}

export async function deleteCollection(h: HandlerContext): Promise<void> {
  const format = negotiate(h.req.headers.accept, {});
  const ctx = writeContextOf(h);
  const options = parseDeleteOptions(await deleteOptionsBody(h), h.query);
  const page = listResources(h.deps.registry.deps.store, h.rt, h.info.namespace, {
    labelSelector: h.query.get('labelSelector') ?? undefined,
    fieldSelector: h.query.get('fieldSelector') ?? undefined,
  });
  const items: KubeObject[] = [];
  for (const obj of page.items) {
    try {
      const r = await deleteResource(h.deps.registry, h.rt, obj.metadata.namespace, obj.metadata.name!, options, ctx);
      items.push(r.object);
    } catch (err) {
      // Gone in the meantime: that is what was asked for.
      if ((err as { code?: number }).code !== 404) throw err;
    }
  }
  send(h.res, 200, { kind: h.rt.listKind, apiVersion: apiVersionOfType(h.rt), metadata: { resourceVersion: String(h.deps.registry.deps.store.revision) }, items }, format, ctx.warnings);
}
