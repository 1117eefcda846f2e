// The replica manager behind the ReplicaSet and ReplicationController controllers (upstream's ReplicaSetController,
// which also serves RCs): keep spec.replicas active pods matching the selector, adopting and releasing pods,
// creating in slow-start batches and deleting the least valuable pods first, with expectations so a burst of
// events never creates or deletes twice, and status written only when it changes.
import { findResource, type ResourceType } from '../../../api/resources/registry.js';
import type { Selector } from '../../../api/selectors/index.js';
import type { KubeObject, OwnerReference } from '../../../api/types/meta.js';
import { controllerOf } from '../../../api/workloads/owners.js';
import { isPodActive, isPodReady } from '../../../api/workloads/pods.js';
import { Controller, type ReconcileResult } from '../../../client/controller.js';
import type { Informer } from '../../../client/informer.js';
import { objectKey } from '../../../client/keys.js';
import type { EventSink } from '../../registry/events.js';
import type { ControllerContext, RunnableController } from '../context.js';
import { Expectations } from '../expectations.js';
import { claimObjects, isReason } from './claim.js';
import { BY_CONTROLLER_UID, BY_NAMESPACE, claimCandidates, indexByNamespace, indexOwned, refInGroup } from './indexes.js';
import { podsToDelete } from './pod-ranking.js';
import { calculateReplicaStatus, errorMessage, podFromTemplate, specOf, statusChanged, type ReplicaStatus } from './replica-status.js';
import { slowStartBatch } from './slow-start.js';

const PODS = findResource('', 'v1', 'pods')!;

/** What differs between the kinds the manager serves. */
export interface ReplicaKind {
  /** Controller name in logs. */
  name: string;
  /** Event source (the From column of kubectl describe). */
  component: string;
  rt: ResourceType;
  /** The owner's pod selector; may throw for an unparsable one. */
  selectorOf(owner: KubeObject): Selector;
}

export interface ReplicaManagerOptions {
  /** Most pods created or deleted per sync (upstream: 500). */
  burstReplicas?: number;
  workers?: number;
}

export class ReplicaManager implements RunnableController {
  readonly name: string;
  private readonly expectations: Expectations;
  private readonly owners: Informer;
  private readonly pods: Informer;
  private readonly controller: Controller;
  private readonly events: EventSink;
  private readonly burst: number;
  private readonly apiVersion: string;

  constructor(private readonly ctx: ControllerContext, private readonly kind: ReplicaKind, opts: ReplicaManagerOptions = {}) {
    this.name = kind.name;
    this.burst = opts.burstReplicas ?? 500;
    this.apiVersion = kind.rt.group === '' ? kind.rt.version : `${kind.rt.group}/${kind.rt.version}`;
    this.events = ctx.events(kind.component);
    this.expectations = new Expectations(() => ctx.clock().getTime());
    this.owners = ctx.informers.informerFor(kind.rt);
    this.pods = ctx.informers.informerFor(PODS);
    indexByNamespace(this.owners);
    indexOwned(this.owners);
    indexOwned(this.pods);
    this.controller = new Controller({ name: kind.name, workers: opts.workers ?? 2, reconcile: (key) => this.reconcile(key), log: ctx.log });
    this.owners.addEventHandler({
      onAdd: (o) => this.controller.enqueue(objectKey(o)),
      onUpdate: (_old, o) => this.controller.enqueue(objectKey(o)),
      onDelete: (o) => {
        this.expectations.delete(objectKey(o));
        this.controller.enqueue(objectKey(o));
      },
    });
    this.pods.addEventHandler({ onAdd: (p) => this.podAdded(p), onUpdate: (o, p) => this.podUpdated(o, p), onDelete: (p) => this.podDeleted(p) });
  }

  start(): void {
    this.controller.start();
  }

  stop(): Promise<void> {
    return this.controller.stop();
  }

  get idle(): boolean {
    return this.controller.idle;
  }

  // ---- event handlers: record expectations and enqueue owners, nothing else ----

  /** The owner of this kind that `ref` names, if it is in the cache with that UID. */
  private resolve(namespace: string | undefined, ref: OwnerReference | undefined): KubeObject | undefined {
    if (!ref || ref.kind !== this.kind.rt.kind || !refInGroup(ref.apiVersion, this.kind.rt.group)) return undefined;
    const owner = this.owners.get(`${namespace}/${ref.name}`);
    return owner?.metadata.uid === ref.uid ? owner : undefined;
  }

  /** Owners in the pod's namespace whose selector matches it (candidates to adopt an orphan). */
  private matchingOwners(pod: KubeObject): KubeObject[] {
    return this.owners.byIndex(BY_NAMESPACE, pod.metadata.namespace ?? '').filter((o) => {
      try {
        return this.kind.selectorOf(o).matches(pod.metadata.labels);
      } catch {
        return false;
      }
    });
  }

  private podAdded(pod: KubeObject): void {
    if (pod.metadata.deletionTimestamp) return this.podDeleted(pod);
    const ref = controllerOf(pod);
    if (ref) {
      const owner = this.resolve(pod.metadata.namespace, ref);
      if (!owner) return;
      const key = objectKey(owner);
      this.expectations.creationObserved(key);
      this.controller.enqueue(key);
      return;
    }
    for (const o of this.matchingOwners(pod)) this.controller.enqueue(objectKey(o));
  }

  private podUpdated(old: KubeObject, cur: KubeObject): void {
    if (old.metadata.resourceVersion === cur.metadata.resourceVersion) return;
    const labelsChanged = !sameLabels(old.metadata.labels, cur.metadata.labels);
    if (cur.metadata.deletionTimestamp) {
      // Marked for deletion: the owner may replace it now, without waiting for it to be gone.
      this.podDeleted(cur);
      if (labelsChanged) this.podDeleted(old);
      return;
    }
    const curRef = controllerOf(cur), oldRef = controllerOf(old);
    const refChanged = curRef?.uid !== oldRef?.uid;
    if (refChanged && oldRef) {
      const prev = this.resolve(old.metadata.namespace, oldRef);
      if (prev) this.controller.enqueue(objectKey(prev));
    }
    if (curRef) {
      const owner = this.resolve(cur.metadata.namespace, curRef);
      if (!owner) return;
      const key = objectKey(owner);
      this.controller.enqueue(key);
      const minReady = specOf(owner).minReadySeconds ?? 0;
      // Count the pod as available once minReadySeconds have passed since it became ready.
      if (minReady > 0 && !isPodReady(old) && isPodReady(cur)) this.controller.queue.addAfter(key, minReady * 1000 + 1000);
      return;
    }
    if (labelsChanged || refChanged) for (const o of this.matchingOwners(cur)) this.controller.enqueue(objectKey(o));
  }

  private podDeleted(pod: KubeObject): void {
    const owner = this.resolve(pod.metadata.namespace, controllerOf(pod));
    if (!owner) return;
    const key = objectKey(owner);
    this.expectations.deletionObserved(key, objectKey(pod));
    this.controller.enqueue(key);
  }

  // ---- reconcile ----

  private async reconcile(key: string): Promise<ReconcileResult | void> {
    const owner = this.owners.get(key);
    if (!owner) {
      this.expectations.delete(key);
      return;
    }
    const needsSync = this.expectations.satisfied(key);
    let selector: Selector;
    try {
      selector = this.kind.selectorOf(owner);
    } catch (err) {
      this.ctx.log.warn({ controller: this.name, key, err: errorMessage(err) }, 'invalid selector; not syncing');
      return;
    }
    const candidates = claimCandidates(this.pods, owner).filter(isPodActive);
    const { claimed, errors } = await claimObjects(candidates, { transport: this.ctx.transport, ownerType: this.kind.rt, ownedType: PODS, owner, selector });
    if (errors.length > 0) throw errors[0];
    let manageError: unknown;
    if (needsSync && !owner.metadata.deletionTimestamp) manageError = await this.manage(key, owner, claimed);
    const status = calculateReplicaStatus(owner, claimed, manageError, this.ctx.clock());
    await this.writeStatus(owner, status);
    if (manageError !== undefined) throw manageError;
    const spec = specOf(owner);
    const minReady = spec.minReadySeconds ?? 0;
    if (minReady > 0 && (status.readyReplicas ?? 0) === (spec.replicas ?? 1) && (status.availableReplicas ?? 0) !== (spec.replicas ?? 1)) {
      return { requeueAfterMs: minReady * 1000 };
    }
  }

  /** Creates or deletes pods toward spec.replicas; returns the error that stopped it, if any. */
  private async manage(key: string, owner: KubeObject, pods: KubeObject[]): Promise<unknown> {
    const diff = pods.length - (specOf(owner).replicas ?? 1);
    if (diff < 0) {
      const count = Math.min(-diff, this.burst);
      this.expectations.expectCreations(key, count);
      const ref: OwnerReference = { apiVersion: this.apiVersion, kind: this.kind.rt.kind, name: owner.metadata.name!, uid: owner.metadata.uid!, controller: true, blockOwnerDeletion: true };
      const started = performance.now();
      const { successes, error } = await slowStartBatch(count, 1, () => this.createPod(key, owner, ref));
      // Pods never attempted (after a failing batch) or failed will not be seen: stop waiting for them.
      for (let i = successes; i < count; i++) this.expectations.creationObserved(key);
      this.ctx.log.debug({ controller: this.name, key, wanted: count, created: successes, ms: Math.round(performance.now() - started) }, 'created pods');
      return error;
    }
    if (diff > 0) {
      const count = Math.min(diff, this.burst);
      const victims = podsToDelete(pods, this.relatedPods(owner), count, this.ctx.clock());
      this.expectations.expectDeletions(key, victims.map(objectKey));
      const results = await Promise.all(victims.map((pod) => this.deletePod(key, owner, pod)));
      return results.find((e) => e !== undefined);
    }
    return undefined;
  }

  private async createPod(key: string, owner: KubeObject, ref: OwnerReference): Promise<void> {
    try {
      const pod = await this.ctx.transport.create(PODS, owner.metadata.namespace, podFromTemplate(owner, ref));
      this.events.record(owner, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata.name}`);
    } catch (err) {
      // Nothing can be created in a terminating namespace; that is not worth an event or a retry.
      if (isReason(err, 'Forbidden') && errorMessage(err).includes('because it is being terminated')) {
        this.expectations.creationObserved(key);
        return;
      }
      this.events.record(owner, 'Warning', 'FailedCreate', `Error creating: ${errorMessage(err)}`);
      throw err;
    }
  }

  private async deletePod(key: string, owner: KubeObject, pod: KubeObject): Promise<unknown> {
    try {
      await this.ctx.transport.delete(PODS, pod.metadata.namespace, pod.metadata.name!);
      this.events.record(owner, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`);
      return undefined;
    } catch (err) {
      // The informer will not report this deletion: stop waiting for it.
      this.expectations.deletionObserved(key, objectKey(pod));
      if (isReason(err, 'NotFound')) return undefined;
      this.events.record(owner, 'Warning', 'FailedDelete', `Error deleting: ${errorMessage(err)}`);
      return err;
    }
  }

  /** Pods of this owner and of its siblings (owners with the same controller), to spread deletions over nodes. */
  private relatedPods(owner: KubeObject): KubeObject[] {
    const parent = controllerOf(owner);
    const siblings = parent ? this.owners.byIndex(BY_CONTROLLER_UID, parent.uid) : [owner];
    return siblings.flatMap((s) => this.pods.byIndex(BY_CONTROLLER_UID, s.metadata.uid ?? ''));
  }

  private async writeStatus(owner: KubeObject, status: ReplicaStatus): Promise<void> {
    if (!statusChanged(owner, status)) return;
    const m = owner.metadata;
    try {
      await this.ctx.transport.update(this.kind.rt, m.namespace, m.name!, { ...owner, status }, { subresource: 'status' });
    } catch (err) {
      if (!isReason(err, 'Conflict')) throw err;
      // Our cached copy is stale (the spec changed meanwhile): write what we observed onto the current object once.
      const fresh = await this.ctx.transport.get(this.kind.rt, m.namespace, m.name!);
      if (fresh.metadata.uid !== m.uid || !statusChanged(fresh, status)) return;
      await this.ctx.transport.update(this.kind.rt, m.namespace, m.name!, { ...fresh, status }, { subresource: 'status' });
    }
  }
}

function sameLabels(a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean {
  const ka = Object.keys(a ?? {}), kb = Object.keys(b ?? {});
  return ka.length === kb.length && ka.every((k) => b?.[k] === a?.[k]);
}
