// The garbage collector (pkg/controller/garbagecollector), keyed by object uid:
// - an object whose every owner is gone is deleted (background propagation: `kubectl delete --cascade=background`);
//   one that still has a live owner only loses the references to the gone ones;
// - an owner deleted in the foreground (finalizer foregroundDeletion) sees its dependents deleted first and is
//   released when none with blockOwnerDeletion remains (`--cascade=foreground`);
// - an owner deleted with the orphan finalizer has its references removed from its dependents, then is
//   released (`--cascade=orphan`).
// Owner existence is always confirmed with a live GET before anything is deleted, as upstream does, so a
// lagging cache never costs an object. A namespaced owner is looked up in the dependent's namespace only;
// finding it elsewhere earns the dependent an OwnerRefInvalidNamespace warning.
import { StatusError } from '../../../api/errors/status-error.js';
import type { ResourceType } from '../../../api/resources/registry.js';
import { parseApiVersion, type KubeObject, type OwnerReference } from '../../../api/types/meta.js';
import { Controller } from '../../../client/controller.js';
import type { ControllerFactory } from '../context.js';
import { DependencyGraph } from './dependency-graph.js';
import {
  deleteOwnerRefsPatch, describeOwner, FINALIZER_FOREGROUND, FINALIZER_ORPHAN, hasFinalizer, isDeletingDependents,
  ownerRefsChanged, ownerRefsOf, resourceForOwner, unblockedOwners, unblockOwnerRefsPatch,
} from './owner-refs.js';

type RefState = 'solid' | 'dangling' | 'waiting' | 'unresolvable';

const ignorable = (err: unknown): boolean => err instanceof StatusError && (err.code === 404 || err.code === 409);
const finalizersKey = (o: KubeObject): string => `${o.metadata.deletionTimestamp ?? ''}|${(o.metadata.finalizers ?? []).join(',')}`;

export const garbageCollector: ControllerFactory = (ctx) => {
  const graph = new DependencyGraph(ctx.informers);
  const events = ctx.events('garbage-collector-controller');
  const log = ctx.log.child({ controller: 'garbage-collector' });
  /** dependent uid / owner uid pairs already reported as invalid (once per process, not per retry) */
  const reported = new Set<string>();
  const controller = new Controller({ name: 'garbage-collector', reconcile, log, workers: 2 });
  const enqueue = (uid: string | undefined): void => { if (uid) controller.enqueue(uid); };

  graph.addEventHandler(() => ({
    onAdd(obj) {
      if (ownerRefsOf(obj).length > 0 || obj.metadata.deletionTimestamp !== undefined) enqueue(obj.metadata.uid);
      // Dependents that named this uid from another namespace before it was seen are now provably wrong.
      const ns = obj.metadata.namespace;
      if (ns && obj.metadata.uid) for (const d of graph.dependentsOf(obj.metadata.uid)) if (d.obj.metadata.namespace !== ns) enqueue(d.obj.metadata.uid);
    },
    onUpdate(old, obj) {
      const refsChanged = ownerRefsChanged(ownerRefsOf(old), ownerRefsOf(obj));
      if (refsChanged || finalizersKey(old) !== finalizersKey(obj)) enqueue(obj.metadata.uid);
      if (refsChanged) for (const uid of unblockedOwners(ownerRefsOf(old), ownerRefsOf(obj))) enqueue(uid);
    },
    onDelete(obj) {
      enqueue(obj.metadata.uid); // its dependents may be orphans now
      for (const r of ownerRefsOf(obj)) {
        const owner = graph.byUid(r.uid);
        if (owner && isDeletingDependents(owner.obj)) enqueue(r.uid);
      }
    },
  }));

  async function reconcile(uid: string): Promise<void> {
    const node = graph.byUid(uid);
    if (!node) {
      // Gone (or never seen): each dependent checks its owners for itself.
      for (const d of graph.dependentsOf(uid)) enqueue(d.obj.metadata.uid);
      return;
    }
    const { rt, obj } = node;
    if (obj.metadata.deletionTimestamp !== undefined) {
      if (hasFinalizer(obj, FINALIZER_ORPHAN)) return orphanDependents(rt, obj);
      if (hasFinalizer(obj, FINALIZER_FOREGROUND)) return processDeletingDependents(rt, obj);
      return; // on its way out; its dependents are handled once it is gone
    }
    return attemptToDelete(rt, obj);
  }

  /** Is this owner alive and well according to the cache alone? (Never enough to delete, enough to do nothing.) */
  function solidInCache(item: KubeObject, ref: OwnerReference): boolean {
    const owner = graph.byUid(ref.uid);
    if (!owner || owner.obj.metadata.deletionTimestamp !== undefined) return false;
    if (owner.rt.kind !== ref.kind || owner.rt.group !== parseApiVersion(ref.apiVersion).group || owner.obj.metadata.name !== ref.name) return false;
    return !owner.rt.namespaced || owner.obj.metadata.namespace === item.metadata.namespace;
  }

  async function attemptToDelete(rt: ResourceType, item: KubeObject): Promise<void> {
    if (ownerRefsOf(item).length === 0 || ownerRefsOf(item).every((r) => solidInCache(item, r))) return;
    const { namespace, name, uid } = item.metadata;
    const latest = await live(rt, item);
    if (!latest || latest.metadata.deletionTimestamp !== undefined) return;
    const refs = ownerRefsOf(latest);
    const by: Record<RefState, OwnerReference[]> = { solid: [], dangling: [], waiting: [], unresolvable: [] };
    for (const ref of refs) by[await classify(rt, latest, ref)].push(ref);
    // An owner of a kind not served, or a namespaced owner of a cluster-scoped object, can never be
    // resolved: the object is left alone (upstream retries such items; here the set of kinds is fixed).
    if (by.unresolvable.length > 0) return;

    if (by.solid.length > 0) {
      const drop = [...by.dangling, ...by.waiting].map((r) => r.uid);
      if (drop.length === 0) return;
      log.info({ kind: rt.kind, namespace, name, removed: drop }, 'removing references to owners that are gone or going');
      await patchIgnoringGone(rt, latest, deleteOwnerRefsPatch(latest, drop));
      return;
    }
    const dependents = graph.dependentsOf(uid!);
    if (by.waiting.length > 0 && dependents.length > 0) {
      // Its owner waits for it, and it has dependents of its own: it goes in the foreground too.
      if (dependents.some((d) => isDeletingDependents(d.obj))) await patchIgnoringGone(rt, latest, unblockOwnerRefsPatch(latest)); // avoid a deadlock cycle
      return deleteObject(rt, latest, 'Foreground');
    }
    const policy = hasFinalizer(latest, FINALIZER_ORPHAN) ? 'Orphan' : hasFinalizer(latest, FINALIZER_FOREGROUND) ? 'Foreground' : 'Background';
    return deleteObject(rt, latest, policy);
  }

  /** The object as stored now; undefined when it is gone or another object took its name. */
  async function live(rt: ResourceType, obj: KubeObject): Promise<KubeObject | undefined> {
    try {
      const latest = await ctx.transport.get(rt, obj.metadata.namespace, obj.metadata.name!);
      return latest.metadata.uid === obj.metadata.uid ? latest : undefined;
    } catch (err) {
      if (err instanceof StatusError && err.code === 404) return undefined;
      throw err;
    }
  }

  async function classify(rt: ResourceType, item: KubeObject, ref: OwnerReference): Promise<RefState> {
    const ownerRt = resourceForOwner(ref);
    const itemNs = item.metadata.namespace ?? '';
    if (!ownerRt) {
      log.debug({ kind: rt.kind, namespace: itemNs, name: item.metadata.name, owner: ref }, 'owner kind is not served');
      return 'unresolvable';
    }
    if (ownerRt.namespaced && itemNs === '') {
      report(item, ref);
      return 'unresolvable';
    }
    let owner: KubeObject | undefined;
    try {
      owner = await ctx.transport.get(ownerRt, ownerRt.namespaced ? itemNs : undefined, ref.name);
    } catch (err) {
      if (!(err instanceof StatusError && err.code === 404)) throw err;
    }
    if (!owner || owner.metadata.uid !== ref.uid) {
      const elsewhere = ownerRt.namespaced ? graph.byUid(ref.uid) : undefined;
      if (elsewhere?.obj.metadata.namespace && elsewhere.obj.metadata.namespace !== itemNs) report(item, ref);
      return 'dangling';
    }
    return isDeletingDependents(owner) ? 'waiting' : 'solid';
  }

  function report(item: KubeObject, ref: OwnerReference): void {
    const key = `${item.metadata.uid}/${ref.uid}`;
    if (reported.has(key)) return;
    reported.add(key);
    const ns = item.metadata.namespace ?? '';
    events.record(item, 'Warning', 'OwnerRefInvalidNamespace', `ownerRef ${describeOwner(ref, ns)} does not exist in namespace "${ns}"`);
  }

  async function deleteObject(rt: ResourceType, obj: KubeObject, policy: 'Orphan' | 'Foreground' | 'Background'): Promise<void> {
    const { namespace, name, uid } = obj.metadata;
    log.info({ kind: rt.kind, namespace, name, propagationPolicy: policy }, 'garbage collecting object');
    try {
      await ctx.transport.delete(rt, namespace, name!, { propagationPolicy: policy, preconditions: { uid } });
    } catch (err) {
      if (!ignorable(err)) throw err;
    }
  }

  /** A conflict (changed or replaced meanwhile) is retried from a fresh look; a gone object needs nothing. */
  async function patchIgnoringGone(rt: ResourceType, obj: KubeObject, patch: Record<string, unknown>): Promise<void> {
    try {
      await ctx.transport.patch(rt, obj.metadata.namespace, obj.metadata.name!, 'strategic', patch);
    } catch (err) {
      if (!(err instanceof StatusError && err.code === 404)) throw err;
    }
  }

  /** Foreground: delete what depends on the owner; release the owner once nothing blocking is left. */
  async function processDeletingDependents(rt: ResourceType, owner: KubeObject): Promise<void> {
    const uid = owner.metadata.uid!;
    const dependents = graph.dependentsOf(uid);
    const blocking = dependents.filter((d) => ownerRefsOf(d.obj).some((r) => r.uid === uid && r.blockOwnerDeletion === true));
    if (blocking.length === 0) return removeFinalizer(rt, owner, FINALIZER_FOREGROUND);
    for (const d of dependents) if (d.obj.metadata.deletionTimestamp === undefined) enqueue(d.obj.metadata.uid);
  }

  /** Orphan: take the owner's references off its dependents, then release the owner. */
  async function orphanDependents(rt: ResourceType, owner: KubeObject): Promise<void> {
    const uid = owner.metadata.uid!;
    let failure: unknown;
    for (const d of graph.dependentsOf(uid)) {
      try {
        await patchIgnoringGone(d.rt, d.obj, deleteOwnerRefsPatch(d.obj, [uid]));
      } catch (err) {
        failure ??= err;
      }
    }
    if (failure) throw failure;
    await removeFinalizer(rt, owner, FINALIZER_ORPHAN);
  }

  async function removeFinalizer(rt: ResourceType, obj: KubeObject, finalizer: string): Promise<void> {
    const { namespace, name, uid } = obj.metadata;
    const latest = await live(rt, obj);
    if (!latest || !hasFinalizer(latest, finalizer)) return;
    const finalizers = (latest.metadata.finalizers ?? []).filter((f) => f !== finalizer);
    log.info({ kind: rt.kind, namespace, name, finalizer }, 'removing finalizer');
    try {
      // The resourceVersion makes this a compare-and-swap: a concurrent change fails it and we retry.
      await ctx.transport.patch(rt, namespace, name!, 'merge', { metadata: { uid, resourceVersion: latest.metadata.resourceVersion, finalizers: finalizers.length > 0 ? finalizers : null } });
    } catch (err) {
      if (!(err instanceof StatusError && err.code === 404)) throw err;
    }
  }

  return {
    name: 'garbage-collector',
    start: () => controller.start(),
    stop: () => controller.stop(),
    get idle() { return controller.idle; },
  };
};
