// One DaemonSet's reconcile (upstream's syncDaemonSet): claim pods and revisions, settle the current revision,
// then — unless earlier writes are still unobserved — create and delete pods node by node, advance a rolling
// update, prune history, and write status.
import type { Node } from 'kubernetes-types/core/v1.js';
import { NotFoundError, StatusError } from '../../../api/errors/status-error.js';
import { findResource } from '../../../api/resources/registry.js';
import { selectorFromLabelSelector, type Selector } from '../../../api/selectors/index.js';
import { controllerOf } from '../../../api/workloads/owners.js';
import type { Informer } from '../../../client/informer.js';
import type { ReconcileResult } from '../../../client/controller.js';
import type { Transport } from '../../../client/transport.js';
import type { EventSink } from '../../registry/events.js';
import type { Expectations } from '../expectations.js';
import { claim } from './claim.js';
import { daemonPodFor, podsByNode, type DaemonSetObject, type PodObject } from './daemon-pod.js';
import type { FailedPodBackoff } from './failed-pod-backoff.js';
import { cleanupHistory, constructHistory, type RevisionObject } from './history.js';
import { planManage } from './manage-plan.js';
import { nodeShouldRunDaemonPod, type Eligibility } from './node-eligibility.js';
import { HASH_LABEL, templateGeneration } from './revision.js';
import { allowsSurge, planRollingUpdate } from './rolling-update.js';
import { computeStatus, nextAvailableInMs, statusUpToDate } from './status.js';

const PODS = findResource('', 'v1', 'pods')!;
const NODES = findResource('', 'v1', 'nodes')!;
const DAEMONSETS = findResource('apps', 'v1', 'daemonsets')!;
const REVISIONS = findResource('apps', 'v1', 'controllerrevisions')!;

export const NAMESPACE_INDEX = 'daemonset-controller/namespace';

export interface SyncDeps {
  transport: Transport;
  daemonSets: Informer;
  pods: Informer;
  nodes: Informer;
  revisions: Informer;
  events: EventSink;
  expectations: Expectations;
  backoff: FailedPodBackoff;
  clock: () => Date;
  burstReplicas: number;
  log: { debug(obj: object, msg: string): void };
}

interface Writes {
  created: number;
  deleted: number;
  requeueAfterMs?: number;
}

export class DaemonSetSync {
  constructor(private readonly d: SyncDeps) {}

  async sync(key: string): Promise<ReconcileResult | void> {
    const started = performance.now();
    const ds = this.d.daemonSets.get(key) as DaemonSetObject | undefined;
    if (!ds) {
      this.d.expectations.delete(key);
      return;
    }
    const selector = selectorFromLabelSelector(ds.spec?.selector);
    if (selector.empty()) {
      this.d.events.record(ds, 'Warning', 'SelectingAll', 'This daemon set is selecting all pods. A non-empty selector is required.');
      return;
    }
    // Status of a DaemonSet being deleted cannot be trusted (its history may be gone first): leave it be.
    if (ds.metadata.deletionTimestamp !== undefined) return;
    const nodes = this.d.nodes.list() as Node[];
    const eligibility = memoEligibility(ds);
    const pods = await this.claimPods(ds, selector);
    const revisions = await claim({ ...this.claimBase(ds, selector), rt: REVISIONS, candidates: this.d.revisions.byIndex(NAMESPACE_INDEX, ds.metadata.namespace ?? '') as RevisionObject[] });
    const history = await constructHistory(this.d.transport, ds, revisions, pods);
    const hash = history.current.metadata.labels?.[HASH_LABEL] ?? '';
    if (!this.d.expectations.satisfied(key)) return this.updateStatus(ds, selector, nodes, eligibility, hash, false);

    const writes: Writes = { created: 0, deleted: 0 };
    let failure: unknown;
    try {
      await this.manage(key, ds, nodes, eligibility, pods, hash, writes);
      if (this.d.expectations.satisfied(key) && (ds.spec?.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate') {
        const plan = planRollingUpdate({ ds, nodes, eligibility, byNode: podsByNode(pods), hash, now: this.d.clock() });
        await this.syncNodes(key, ds, plan.podsToDelete, plan.nodesToCreate, hash, writes);
      }
      await cleanupHistory(this.d.transport, ds, history.old, this.ownedPods(ds, selector));
    } catch (err) {
      failure = err;
    }
    const statusResult = await this.updateStatus(ds, selector, nodes, eligibility, hash, true);
    if (writes.created || writes.deleted || failure) {
      this.d.log.debug({ daemonset: key, hash, created: writes.created, deleted: writes.deleted, err: failure instanceof Error ? failure.message : undefined, ms: Math.round(performance.now() - started) }, 'daemonset synced');
    }
    if (failure) throw failure;
    return minRequeue(writes.requeueAfterMs, statusResult?.requeueAfterMs);
  }

  private claimBase(ds: DaemonSetObject, selector: Selector) {
    return {
      transport: this.d.transport, ds, selector,
      stillWanted: async () => {
        try {
          const fresh = await this.d.transport.get(DAEMONSETS, ds.metadata.namespace, ds.metadata.name!);
          return fresh.metadata.uid === ds.metadata.uid && fresh.metadata.deletionTimestamp === undefined;
        } catch {
          return false;
        }
      },
    };
  }

  private claimPods(ds: DaemonSetObject, selector: Selector): Promise<PodObject[]> {
    return claim({ ...this.claimBase(ds, selector), rt: PODS, candidates: this.d.pods.byIndex(NAMESPACE_INDEX, ds.metadata.namespace ?? '') as PodObject[] });
  }

  /** The DaemonSet's pods as the cache has them now, without adopting or releasing anything. */
  private ownedPods(ds: DaemonSetObject, selector: Selector): PodObject[] {
    return (this.d.pods.byIndex(NAMESPACE_INDEX, ds.metadata.namespace ?? '') as PodObject[])
      .filter((p) => controllerOf(p)?.uid === ds.metadata.uid && selector.matches(p.metadata.labels));
  }

  private async manage(key: string, ds: DaemonSetObject, nodes: Node[], eligibility: (n: Node) => Eligibility, pods: PodObject[], hash: string, writes: Writes): Promise<void> {
    const now = this.d.clock();
    const plan = planManage({ ds, nodes, eligibility, byNode: podsByNode(pods), hash, allowsSurge: allowsSurge(ds), now });
    const toDelete = [...plan.podsToDelete];
    for (const { pod, node } of plan.succeededPods) {
      this.d.events.record(ds, 'Normal', 'SucceededDaemonPod', `Found succeeded daemon pod ${pod.metadata.namespace}/${pod.metadata.name} on node ${node}, will try to delete it`);
    }
    for (const { pod, node } of plan.failedPods) {
      // Keyed like upstream, by observed generation too, so a spec change is not held back by old failures.
      const backoffKey = `${ds.metadata.uid}/${ds.status?.observedGeneration ?? 0}/${node}`;
      const wait = this.d.backoff.remaining(backoffKey, now.getTime());
      if (wait > 0) {
        writes.requeueAfterMs = minRequeue(writes.requeueAfterMs, wait)?.requeueAfterMs;
        continue;
      }
      this.d.backoff.next(backoffKey, now.getTime());
      this.d.events.record(ds, 'Warning', 'FailedDaemonPod', `Found failed daemon pod ${pod.metadata.namespace}/${pod.metadata.name} on node ${node}, will try to kill it`);
      toDelete.push(pod);
    }
    // Pods for nodes that are gone. Upstream leaves bound ones to the pod garbage collector, which deletes them
    // at once (no kubelet is left to finish a graceful deletion); we do the same here, after making sure the
    // node is really gone and not just missing from a lagging cache.
    const force = new Set<string>();
    for (const pod of plan.podsWithoutNode) {
      if (pod.spec?.nodeName && await this.nodeExists(pod.spec.nodeName)) continue;
      toDelete.push(pod);
      force.add(pod.metadata.uid ?? '');
    }
    await this.syncNodes(key, ds, toDelete, plan.nodesNeedingPods, hash, writes, force);
  }

  private async nodeExists(name: string): Promise<boolean> {
    try {
      await this.d.transport.get(NODES, undefined, name);
      return true;
    } catch (err) {
      if (err instanceof NotFoundError) return false;
      throw err;
    }
  }

  /** Creates pods on `nodes` (in slow-start batches) and deletes `podsToDelete`, each capped at burstReplicas. */
  private async syncNodes(key: string, ds: DaemonSetObject, podsToDelete: PodObject[], nodes: string[], hash: string, writes: Writes, force = new Set<string>()): Promise<void> {
    const creates = nodes.slice(0, this.d.burstReplicas);
    const deletes = podsToDelete.slice(0, this.d.burstReplicas);
    if (creates.length === 0 && deletes.length === 0) return;
    this.d.expectations.expect(key, creates.length, deletes.map((p) => p.metadata.uid ?? ''));
    const errors: string[] = [];
    const generation = templateGeneration(ds);
    for (let pos = 0, batch = Math.min(creates.length, 1); pos < creates.length; pos += batch, batch = Math.min(2 * batch, creates.length - pos)) {
      const results = await Promise.allSettled(creates.slice(pos, pos + batch).map((node) => this.createPod(ds, node, hash, generation)));
      let failed = 0;
      for (const r of results) {
        if (r.status === 'fulfilled') {
          writes.created++;
          continue;
        }
        failed++;
        this.d.expectations.lowerCreations(key, 1);
        if (!isNamespaceTerminating(r.reason)) errors.push(message(r.reason));
      }
      if (failed > 0) {
        // Whatever failed this batch would likely fail the rest too: try again on the next sync.
        this.d.expectations.lowerCreations(key, creates.length - pos - batch);
        break;
      }
    }
    const results = await Promise.allSettled(deletes.map((pod) => this.deletePod(ds, pod, force.has(pod.metadata.uid ?? ''))));
    results.forEach((r, i) => {
      if (r.status === 'fulfilled') {
        writes.deleted++;
        return;
      }
      this.d.expectations.deletionObserved(key, deletes[i].metadata.uid);
      if (!(r.reason instanceof NotFoundError)) errors.push(message(r.reason));
    });
    if (errors.length > 0) throw new Error(errors.join('; '));
  }

  private async createPod(ds: DaemonSetObject, node: string, hash: string, generation: string | undefined): Promise<void> {
    try {
      const created = await this.d.transport.create(PODS, ds.metadata.namespace, daemonPodFor(ds, node, hash, generation));
      this.d.events.record(ds, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`);
    } catch (err) {
      if (!isNamespaceTerminating(err)) this.d.events.record(ds, 'Warning', 'FailedCreate', `Error creating: ${message(err)}`);
      throw err;
    }
  }

  private async deletePod(ds: DaemonSetObject, pod: PodObject, force: boolean): Promise<void> {
    try {
      await this.d.transport.delete(PODS, pod.metadata.namespace, pod.metadata.name!, force ? { gracePeriodSeconds: 0 } : {});
      this.d.events.record(ds, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`);
    } catch (err) {
      if (!(err instanceof NotFoundError)) this.d.events.record(ds, 'Warning', 'FailedDelete', `Error deleting: ${message(err)}`);
      throw err;
    }
  }

  private async updateStatus(ds: DaemonSetObject, selector: Selector, nodes: Node[], eligibility: (n: Node) => Eligibility, hash: string, observeGeneration: boolean): Promise<ReconcileResult | undefined> {
    const minReadySeconds = ds.spec?.minReadySeconds ?? 0;
    const now = this.d.clock();
    const owned = this.ownedPods(ds, selector);
    const counts = computeStatus({ nodes, eligibility, byNode: podsByNode(owned), hash, minReadySeconds, now });
    if (!statusUpToDate(ds.status, counts, ds.metadata.generation, observeGeneration)) {
      // updatedNumberScheduled, numberAvailable and numberUnavailable are omitempty upstream: null removes a zero.
      const status: Record<string, number | null> = { ...counts };
      for (const k of ['updatedNumberScheduled', 'numberAvailable', 'numberUnavailable']) if (status[k] === 0) status[k] = null;
      if (observeGeneration) status.observedGeneration = ds.metadata.generation ?? 0;
      await this.d.transport.patch(DAEMONSETS, ds.metadata.namespace, ds.metadata.name!, 'merge', { metadata: { uid: ds.metadata.uid }, status }, { subresource: 'status' });
    }
    // Pods become available minReadySeconds after turning ready, with no event to say so: look again then.
    return minRequeue(nextAvailableInMs(owned, minReadySeconds, now), undefined);
  }
}

/** Eligibility per node, computed once per sync. */
function memoEligibility(ds: DaemonSetObject): (node: Node) => Eligibility {
  const memo = new Map<Node, Eligibility>();
  return (node) => {
    let e = memo.get(node);
    if (!e) memo.set(node, (e = nodeShouldRunDaemonPod(node, ds)));
    return e;
  };
}

function minRequeue(a: number | undefined, b: number | undefined): ReconcileResult | undefined {
  const ms = a === undefined ? b : b === undefined ? a : Math.min(a, b);
  return ms === undefined ? undefined : { requeueAfterMs: ms };
}

function isNamespaceTerminating(err: unknown): boolean {
  return err instanceof StatusError &&
    (err.causes.some((c) => c.reason === 'NamespaceTerminating') || /because it is being terminated$/.test(err.message));
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
