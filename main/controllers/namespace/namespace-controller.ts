// The namespace controller (pkg/controller/namespace): a namespace being deleted (deletionTimestamp,
// phase Terminating, spec.finalizers ["kubernetes"]) is emptied of every namespaced object, its status
// conditions tell how that goes, and once nothing is left the "kubernetes" finalizer is removed through
// namespaces/{name}/finalize — whereupon the registry removes the namespace and `kubectl delete ns` returns.
// Content disappearing (a pod stopped by its node, a finalizer released) requeues the namespace at once,
// instead of upstream's poll after an estimate.
import type { Namespace } from 'kubernetes-types/core/v1.js';
import { StatusError } from '../../../api/errors/status-error.js';
import { findResource } from '../../../api/resources/registry.js';
import type { KubeObject } from '../../../api/types/meta.js';
import { Controller } from '../../../client/controller.js';
import { rfc3339 } from '../../registry/system-fields.js';
import type { ControllerFactory } from '../context.js';
import { CONTENT_TYPES, deleteAllContent } from './content-deleter.js';
import { failingConditions, updateConditions } from './namespace-conditions.js';

const NAMESPACES = findResource('', 'v1', 'namespaces')!;
const FINALIZER = 'kubernetes';

const isNotFound = (err: unknown): boolean => err instanceof StatusError && err.code === 404;
const specFinalizers = (ns: KubeObject): string[] => (ns.spec as { finalizers?: string[] } | undefined)?.finalizers ?? [];

export const namespaceController: ControllerFactory = (ctx) => {
  const namespaces = ctx.informers.informerFor(NAMESPACES);
  const log = ctx.log.child({ controller: 'namespace' });
  const controller = new Controller({ name: 'namespace', reconcile, log, workers: 2 });

  const terminating = (name: string | undefined): boolean => name !== undefined && namespaces.get(name)?.metadata.deletionTimestamp !== undefined;
  namespaces.addEventHandler({
    onAdd: (ns) => { if (ns.metadata.deletionTimestamp !== undefined) controller.enqueue(ns.metadata.name!); },
    onUpdate: (_o, ns) => { if (ns.metadata.deletionTimestamp !== undefined) controller.enqueue(ns.metadata.name!); },
  });
  // Events come and go by the thousand and never hold a namespace up: no need to watch them for that.
  for (const rt of CONTENT_TYPES.filter((r) => !(r.group === '' && r.resource === 'events'))) {
    ctx.informers.informerFor(rt).addEventHandler({
      onUpdate: (_o, obj) => { if (obj.metadata.deletionTimestamp !== undefined && terminating(obj.metadata.namespace)) controller.enqueue(obj.metadata.namespace!); },
      onDelete: (obj) => { if (terminating(obj.metadata.namespace)) controller.enqueue(obj.metadata.namespace!); },
    });
  }

  async function reconcile(name: string): Promise<void> {
    const started = Date.now();
    let ns: KubeObject;
    try {
      ns = await ctx.transport.get(NAMESPACES, undefined, name);
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    const deletedAt = ns.metadata.deletionTimestamp;
    if (deletedAt === undefined) return;
    ns = await ensureTerminating(ns);
    if (!specFinalizers(ns).includes(FINALIZER)) return;

    const now = ctx.clock();
    const result = await deleteAllContent(ctx.transport, name, new Date(deletedAt), now);
    const conditions = updateConditions((ns.status as Namespace['status'])?.conditions, failingConditions(result), rfc3339(now));
    if (conditions) ns = await writeStatus(ns, { ...(ns.status as object | undefined), conditions });
    if (result.deleteErrors.length > 0) throw new Error(`namespace ${name}: ${result.deleteErrors.join('; ')}`);
    if (result.remainingByResource.size > 0) {
      log.debug({ namespace: name, remaining: Object.fromEntries(result.remainingByResource), estimateSeconds: result.estimateSeconds }, 'namespace content remaining');
      return; // its removal requeues us
    }
    try {
      const spec = { ...(ns.spec as object | undefined), finalizers: specFinalizers(ns).filter((f) => f !== FINALIZER) };
      await ctx.transport.update(NAMESPACES, undefined, name, { ...ns, spec }, { subresource: 'finalize' });
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    log.info({ namespace: name, ms: Date.now() - started }, 'namespace emptied and finalized');
  }

  async function ensureTerminating(ns: KubeObject): Promise<KubeObject> {
    if ((ns.status as Namespace['status'])?.phase === 'Terminating') return ns;
    return writeStatus(ns, { ...(ns.status as object | undefined), phase: 'Terminating' });
  }

  async function writeStatus(ns: KubeObject, status: object): Promise<KubeObject> {
    return ctx.transport.update(NAMESPACES, undefined, ns.metadata.name!, { ...ns, status }, { subresource: 'status' });
  }

  return {
    name: 'namespace',
    start: () => controller.start(),
    stop: () => controller.stop(),
    get idle() { return controller.idle; },
  };
};
