// The Transport of the control plane's own clients (controllers, scheduler): the same verbs as over HTTPS,
// served by the registry directly — same validation, admission and managed fields, no sockets, no JSON.
// Watch events are delivered from the store's commit path, so handlers must only record and enqueue.
// Objects returned by the verbs are copies (callers may change them); watch and list objects are the
// store's own, shared with every informer: never change those.
import { ConflictError, GoneError, NotFoundError, toStatus } from '../../api/errors/status-error.js';
import type { ResourceType } from '../../api/resources/registry.js';
import { apiVersionOfType } from '../../api/resources/registry.js';
import type { KubeList, KubeObject } from '../../api/types/meta.js';
import type { DeleteOptions, ListOptions, PatchOptions, PatchType, Transport, WatchHandle, WatchOptions, WriteOptions } from '../../client/transport.js';
import { CompactedError } from '../store/index.js';
import { bindPod } from '../registry/binding.js';
import type { WriteContext } from '../registry/context.js';
import { SYSTEM_USER } from '../registry/context.js';
import { deleteResource } from '../registry/delete.js';
import { listResources } from '../registry/list.js';
import { patchResource } from '../registry/patch.js';
import type { ResourceRegistry } from '../registry/resource-registry.js';
import { getScale, updateScale } from '../registry/scale.js';
import { MODIFIED_MESSAGE } from '../registry/store-errors.js';
import { watchResources } from '../registry/watch.js';

export class InProcessTransport implements Transport {
  constructor(private readonly registry: ResourceRegistry, private readonly fieldManager: string) {}

  private ctx(opts: WriteOptions = {}): WriteContext {
    return { user: SYSTEM_USER, dryRun: opts.dryRun ?? false, fieldManager: opts.fieldManager ?? this.fieldManager, fieldValidation: 'Strict', warnings: [] };
  }

  async list(rt: ResourceType, namespace: string | undefined, opts: ListOptions = {}): Promise<KubeList> {
    const page = listResources(this.registry.deps.store, rt, namespace, opts);
    return { apiVersion: apiVersionOfType(rt), kind: rt.listKind, metadata: { resourceVersion: page.resourceVersion, continue: page.continue }, items: page.items };
  }

  watch(rt: ResourceType, namespace: string | undefined, opts: WatchOptions, onEvent: Parameters<Transport['watch']>[3], onClose: (err?: unknown) => void): WatchHandle {
    let closed = false;
    let cancel: (() => void) | undefined;
    const close = (err?: unknown): void => {
      if (closed) return;
      closed = true;
      cancel?.();
      onClose(err);
    };
    try {
      const { subscription } = watchResources(this.registry.deps.store, rt, namespace, opts, (e) => {
        if (!closed) onEvent(e);
      }, (err) => close(err));
      cancel = () => subscription.cancel();
    } catch (err) {
      if (err instanceof CompactedError) {
        // Same as over HTTP: an in-stream 410, then the end of the stream.
        queueMicrotask(() => {
          onEvent({ type: 'ERROR', object: toStatus(new GoneError(err.message)) as unknown as KubeObject });
          close();
        });
      } else {
        queueMicrotask(() => close(err));
      }
    }
    return { stop: () => close() };
  }

  async get(rt: ResourceType, namespace: string | undefined, name: string, opts: { subresource?: 'status' | 'scale' } = {}): Promise<KubeObject> {
    if (opts.subresource === 'scale') return getScale(this.registry, rt, namespace!, name);
    return structuredClone(this.registry.get(rt, namespace, name));
  }

  async create(rt: ResourceType, namespace: string | undefined, obj: KubeObject, opts: WriteOptions & { name?: string } = {}): Promise<KubeObject> {
    if (opts.subresource === 'binding') return bindPod(this.registry, rt, namespace!, opts.name!, obj, this.ctx(opts));
    if (opts.subresource === 'eviction') {
      const del = (obj as { deleteOptions?: DeleteOptions }).deleteOptions ?? {};
      return (await deleteResource(this.registry, rt, namespace, opts.name!, del, this.ctx(opts))).object;
    }
    return structuredClone(await this.registry.create(rt, namespace, structuredClone(obj), this.ctx(opts)));
  }

  async update(rt: ResourceType, namespace: string | undefined, name: string, obj: KubeObject, opts: WriteOptions = {}): Promise<KubeObject> {
    if (opts.subresource === 'scale') return updateScale(this.registry, rt, namespace!, name, this.ctx(opts), { put: obj });
    if (opts.subresource === 'finalize') return this.finalize(rt, name, obj, opts);
    const sub = opts.subresource === 'status' ? 'status' : undefined;
    return structuredClone((await this.registry.update(rt, namespace, name, structuredClone(obj), this.ctx(opts), sub)).object);
  }

  /** namespaces/{name}/finalize: only spec.finalizers changes (the last one gone, the namespace is removed). */
  private async finalize(rt: ResourceType, name: string, obj: KubeObject, opts: WriteOptions): Promise<KubeObject> {
    if (!rt.subresources.some((s) => s.name === 'finalize')) throw new NotFoundError(`${rt.resource}/finalize`, rt.group, name);
    const wanted = (obj.spec as { finalizers?: unknown } | undefined)?.finalizers;
    const finalizers = Array.isArray(wanted) ? wanted.filter((f): f is string => typeof f === 'string') : [];
    const uid = obj.metadata.uid;
    const rv = obj.metadata.resourceVersion;
    return (await this.registry.guaranteedUpdate(rt, undefined, name, this.ctx(opts), rv !== undefined && rv !== '', (current) => {
      if (!current) throw new NotFoundError(rt.resource, rt.group, name);
      if (rv && rv !== current.metadata.resourceVersion) throw new ConflictError(rt.resource, rt.group, name, MODIFIED_MESSAGE);
      const next = structuredClone(current);
      if (uid) next.metadata.uid = uid;
      next.spec = { ...(next.spec as object | undefined), finalizers };
      return { next };
    }, 'whole')).object;
  }

  async patch(rt: ResourceType, namespace: string | undefined, name: string, type: PatchType, patch: unknown, opts: PatchOptions = {}): Promise<KubeObject> {
    if (opts.subresource === 'scale') return updateScale(this.registry, rt, namespace!, name, this.ctx(opts), { patchType: type, patch });
    const sub = opts.subresource === 'status' ? 'status' : undefined;
    return structuredClone((await patchResource(this.registry, rt, namespace, name, type, structuredClone(patch), this.ctx(opts), { force: opts.force ?? false }, sub)).object);
  }

  async delete(rt: ResourceType, namespace: string | undefined, name: string, opts: DeleteOptions = {}): Promise<KubeObject | undefined> {
    return (await deleteResource(this.registry, rt, namespace, name, opts, this.ctx({ dryRun: opts.dryRun }))).object;
  }
}
