// Subresources: status, scale, pods/binding, pods/eviction, namespaces/finalize, and the node-served
// ones (log, exec, attach, portforward), served by the pod's agent (node-served.ts).
import { BadRequestError, MethodNotAllowedError, NoRouteError } from '../../../api/errors/status-error.js';
import { findResource } from '../../../api/resources/registry.js';
import { isObject } from '../../../api/types/meta.js';
import { bindPod } from '../../registry/binding.js';
import { deleteResource, parseDeleteOptions } from '../../registry/delete.js';
import { patchTypeOf } from '../../registry/patch.js';
import { getScale, updateScale } from '../../registry/scale.js';
import { decodeBody, readBody } from '../body.js';
import { bodyMediaType, negotiate } from '../negotiate.js';
import { send } from '../respond.js';
import { writeContextOf, type HandlerContext } from './context.js';
import { serveNodeSubresource } from './node-served.js';
import { getObject } from './read.js';
import { patchObject, updateObject } from './write.js';
import { successStatus } from '../../../api/errors/status-error.js';

const PODS = findResource('', 'v1', 'pods')!;

export async function handleSubresource(h: HandlerContext, method: string): Promise<void> {
  const sub = h.info.subresource!;
  const declared = h.rt.subresources.find((s) => s.name === sub);
  if (!declared) throw new NoRouteError();
  switch (sub) {
    case 'status':
      if (method === 'GET') return getObject(h);
      if (method === 'PUT') return updateObject(h, 'status');
      if (method === 'PATCH') return patchObject(h, 'status');
      break;
    case 'scale':
      return scale(h, method);
    case 'binding':
      if (method === 'POST') return binding(h);
      break;
    case 'eviction':
      if (method === 'POST') return eviction(h);
      break;
    case 'finalize':
      if (method === 'PUT') return finalize(h);
      break;
    case 'log':
    case 'exec':
    case 'attach':
    case 'portforward':
      return serveNodeSubresource(h, method);
  }
  throw new MethodNotAllowedError(`${method} is not supported on ${h.rt.resource}/${sub}`);
}

async function scale(h: HandlerContext, method: string): Promise<void> {
  const format = negotiate(h.req.headers.accept, {});
  const { registry } = h.deps;
  if (method === 'GET') return send(h.res, 200, getScale(registry, h.rt, h.info.namespace!, h.info.name!), format);
  const ctx = writeContextOf(h);
  if (method === 'PUT') {
    const body = decodeBody(await readBody(h.req), h.req.headers['content-type'], ctx);
    return send(h.res, 200, await updateScale(registry, h.rt, h.info.namespace!, h.info.name!, ctx, { put: body }), format);
  }
  if (method === 'PATCH') {
    const patchType = patchTypeOf(bodyMediaType(h.req.headers['content-type']));
    const patch = decodeBody(await readBody(h.req), h.req.headers['content-type'], ctx);
    return send(h.res, 200, await updateScale(registry, h.rt, h.info.namespace!, h.info.name!, ctx, { patchType, patch }), format);
  }
  throw new MethodNotAllowedError(`${method} is not supported on ${h.rt.resource}/scale`);
}

async function binding(h: HandlerContext): Promise<void> {
  const format = negotiate(h.req.headers.accept, {});
  const body = decodeBody(await readBody(h.req), h.req.headers['content-type']);
  const target = isObject(body) && isObject(body.metadata) ? body.metadata.name : undefined;
  if (target !== undefined && target !== h.info.name) throw new BadRequestError(`the Binding's metadata.name (${String(target)}) must be the pod's name (${h.info.name})`);
  await bindPod(h.deps.registry, PODS, h.info.namespace!, h.info.name!, body, writeContextOf(h));
  send(h.res, 201, successStatus(), format);
}

/** policy/v1 Eviction: a delete that would respect PodDisruptionBudgets (Skiff serves none yet). */
async function eviction(h: HandlerContext): Promise<void> {
  const format = negotiate(h.req.headers.accept, {});
  const body = decodeBody(await readBody(h.req), h.req.headers['content-type']);
  const options = parseDeleteOptions(isObject(body) ? body.deleteOptions : undefined, new URLSearchParams());
  await deleteResource(h.deps.registry, PODS, h.info.namespace!, h.info.name!, options, writeContextOf(h));
  send(h.res, 201, successStatus(), format);
}

/** namespaces/{name}/finalize: only spec.finalizers changes. */
async function finalize(h: HandlerContext): Promise<void> {
  const format = negotiate(h.req.headers.accept, {});
  const body = decodeBody(await readBody(h.req), h.req.headers['content-type']);
  const finalizers = isObject(body) && isObject(body.spec) && Array.isArray(body.spec.finalizers) ? body.spec.finalizers.filter((f): f is string => typeof f === 'string') : [];
  const result = await h.deps.registry.guaranteedUpdate(h.rt, undefined, h.info.name!, writeContextOf(h), false, (current) => {
    if (!current) throw new BadRequestError(`namespace ${h.info.name} not found`);
    const next = structuredClone(current);
    next.spec = { ...(isObject(next.spec) ? next.spec : {}), finalizers };
    return { next };
  }, 'whole');
  send(h.res, 200, result.object, format);
}
