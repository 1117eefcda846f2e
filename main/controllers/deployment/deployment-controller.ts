// The Deployment controller (kube-controller-manager's pkg/controller/deployment): each sync claims the Deployment's
// ReplicaSets, then either only updates status (being deleted), scales without rolling (paused, or a change of
// spec.replicas), or rolls out the current template (RollingUpdate or Recreate). `kubectl rollout undo|history`
// work client-side from the ReplicaSets' revision annotations this controller maintains.
import { findResource } from '../../../api/resources/registry.js';
import { selectorFromLabelSelector, type Selector } from '../../../api/selectors/index.js';
import type { KubeObject, OwnerReference } from '../../../api/types/meta.js';
import { controllerOf } from '../../../api/workloads/owners.js';
import { Controller } from '../../../client/controller.js';
import type { Informer } from '../../../client/informer.js';
import { KeyTimers } from '../../../client/key-timers.js';
import { objectKey } from '../../../client/keys.js';
import type { ControllerContext, ControllerFactory, RunnableController } from '../context.js';
import { claimObjects } from '../replicas/claim.js';
import { BY_CONTROLLER_UID, BY_NAMESPACE, claimCandidates, indexByNamespace, indexOwned, refInGroup } from '../replicas/indexes.js';
import { rolloutRecreate, type PodMap } from './recreate.js';
import { rolloutRolling } from './rolling.js';
import { DeploymentSync, type SyncDeps } from './sync.js';
import { asDeployment, asReplicaSet, COMPONENT, isRecreate, type DeploymentObject } from './types.js';

const DEPLOYMENTS = findResource('apps', 'v1', 'deployments')!;
const REPLICASETS = findResource('apps', 'v1', 'replicasets')!;
const PODS = findResource('', 'v1', 'pods')!;

export interface DeploymentControllerOptions {
  workers?: number;
}

class DeploymentController implements RunnableController {
  readonly name = 'deployment';
  private readonly deployments: Informer;
  private readonly replicaSets: Informer;
  private readonly pods: Informer;
  private readonly controller: Controller;
  private readonly deps: SyncDeps;
  /**
   * Progress-deadline rechecks, kept outside the work queue so the controller counts as idle while it merely
   * waits for a deadline minutes away.
   */
  private readonly rechecks: KeyTimers;

  constructor(private readonly ctx: ControllerContext, opts: DeploymentControllerOptions) {
    this.deps = { transport: ctx.transport, events: ctx.events(COMPONENT), clock: ctx.clock, log: ctx.log };
    this.deployments = ctx.informers.informerFor(DEPLOYMENTS);
    this.replicaSets = ctx.informers.informerFor(REPLICASETS);
    this.pods = ctx.informers.informerFor(PODS);
    indexByNamespace(this.deployments);
    indexOwned(this.replicaSets);
    indexOwned(this.pods);
    this.controller = new Controller({ name: this.name, workers: opts.workers ?? 2, reconcile: (key) => this.reconcile(key), log: ctx.log });
    this.rechecks = new KeyTimers((key) => this.controller.enqueue(key));
    const enqueue = (o: KubeObject): void => this.controller.enqueue(objectKey(o));
    this.deployments.addEventHandler({ onAdd: enqueue, onUpdate: (_o, d) => enqueue(d), onDelete: (d) => {
      this.rechecks.cancel(objectKey(d));
      enqueue(d);
    } });
    this.replicaSets.addEventHandler({ onAdd: (rs) => this.rsAdded(rs), onUpdate: (o, rs) => this.rsUpdated(o, rs), onDelete: (rs) => this.enqueueOwner(rs, controllerOf(rs)) });
    this.pods.addEventHandler({ onDelete: (p) => this.podDeleted(p) });
  }

  start(): void {
    this.controller.start();
  }

  stop(): Promise<void> {
    this.rechecks.stop();
    return this.controller.stop();
  }

  get idle(): boolean {
    return this.controller.idle;
  }

  // ---- event handlers ----

  private resolve(namespace: string | undefined, ref: OwnerReference | undefined): KubeObject | undefined {
    if (!ref || ref.kind !== 'Deployment' || !refInGroup(ref.apiVersion, 'apps')) return undefined;
    const d = this.deployments.get(`${namespace}/${ref.name}`);
    return d?.metadata.uid === ref.uid ? d : undefined;
  }

  private enqueueOwner(rs: KubeObject, ref: OwnerReference | undefined): void {
    const d = this.resolve(rs.metadata.namespace, ref);
    if (d) this.controller.enqueue(objectKey(d));
  }

  /** Deployments whose selector matches an orphan ReplicaSet (they may adopt it). */
  private enqueueMatching(rs: KubeObject): void {
    for (const d of this.deployments.byIndex(BY_NAMESPACE, rs.metadata.namespace ?? '')) {
      const sel = selectorOf(asDeployment(d));
      if (sel && !sel.empty() && sel.matches(rs.metadata.labels)) this.controller.enqueue(objectKey(d));
    }
  }

  private rsAdded(rs: KubeObject): void {
    const ref = controllerOf(rs);
    if (ref) return this.enqueueOwner(rs, ref);
    if (!rs.metadata.deletionTimestamp) this.enqueueMatching(rs);
  }

  private rsUpdated(old: KubeObject, cur: KubeObject): void {
    if (old.metadata.resourceVersion === cur.metadata.resourceVersion) return;
    const curRef = controllerOf(cur), oldRef = controllerOf(old);
    const refChanged = curRef?.uid !== oldRef?.uid;
    if (refChanged && oldRef) this.enqueueOwner(old, oldRef);
    if (curRef) return this.enqueueOwner(cur, curRef);
    const labelsChanged = JSON.stringify(old.metadata.labels ?? {}) !== JSON.stringify(cur.metadata.labels ?? {});
    if (labelsChanged || refChanged) this.enqueueMatching(cur);
  }

  /** A Recreate rollout waits for the old pods to be gone. */
  private podDeleted(pod: KubeObject): void {
    const ref = controllerOf(pod);
    if (!ref || ref.kind !== 'ReplicaSet') return;
    const rs = this.replicaSets.get(`${pod.metadata.namespace}/${ref.name}`);
    if (!rs || rs.metadata.uid !== ref.uid) return;
    const d = this.resolve(rs.metadata.namespace, controllerOf(rs));
    if (d && isRecreate(asDeployment(d))) this.controller.enqueue(objectKey(d));
  }

  // ---- reconcile ----

  private async reconcile(key: string): Promise<void> {
    const cached = this.deployments.get(key);
    if (!cached) return;
    const started = performance.now();
    const d = structuredClone(asDeployment(cached));
    const selector = selectorOf(d);
    if (!selector) {
      this.ctx.log.warn({ controller: this.name, key }, 'invalid selector; not syncing');
      return;
    }
    if (selector.empty()) {
      this.deps.events.record(d, 'Warning', 'SelectingAll', 'This deployment is selecting all pods. A non-empty selector is required.');
      if ((d.status?.observedGeneration ?? 0) < (d.metadata.generation ?? 0)) {
        await this.ctx.transport.update(DEPLOYMENTS, d.metadata.namespace, d.metadata.name!, { ...d, status: { ...d.status, observedGeneration: d.metadata.generation } }, { subresource: 'status' });
      }
      return;
    }
    const { claimed, errors } = await claimObjects(claimCandidates(this.replicaSets, d), { transport: this.ctx.transport, ownerType: DEPLOYMENTS, ownedType: REPLICASETS, owner: d, selector });
    if (errors.length > 0) throw errors[0];
    const s = new DeploymentSync(this.deps, d, claimed.map((rs) => structuredClone(asReplicaSet(rs))));
    if (d.metadata.deletionTimestamp) {
      await s.syncStatusOnly();
    } else {
      await s.checkPausedConditions();
      if (s.d.spec.paused || await s.isScalingEvent()) await s.sync();
      else if (isRecreate(s.d)) await rolloutRecreate(s, this.podMap(s));
      else await rolloutRolling(s);
    }
    this.ctx.log.debug({ controller: this.name, key, ms: Math.round(performance.now() - started), recheckAfterMs: s.recheckAfterMs }, 'synced deployment');
    if (s.recheckAfterMs !== undefined) this.rechecks.after(key, s.recheckAfterMs);
  }

  private podMap(s: DeploymentSync): PodMap {
    const map: PodMap = new Map();
    for (const rs of s.rsList) map.set(rs.metadata.uid!, this.pods.byIndex(BY_CONTROLLER_UID, rs.metadata.uid!));
    return map;
  }
}

function selectorOf(d: DeploymentObject): Selector | undefined {
  try {
    return selectorFromLabelSelector(d.spec.selector);
  } catch {
    return undefined;
  }
}

export function deploymentControllerWith(opts: DeploymentControllerOptions = {}): ControllerFactory {
  return (ctx) => new DeploymentController(ctx, opts);
}

export const deploymentController: ControllerFactory = deploymentControllerWith();
