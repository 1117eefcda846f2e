// One sync of one Deployment (upstream's sync.go): finding or creating the new ReplicaSet with its revision,
// scaling ReplicaSets (with ScalingReplicaSet events), proportional scaling, history cleanup and status writes.
// The Deployment and the ReplicaSets it is given are working copies: every write replaces them with what the
// API stored, so later steps of the same sync never act on (or conflict with) a version this sync replaced.
import type { Logger } from 'pino';
import { findResource } from '../../../api/resources/registry.js';
import type { LabelSelector } from '../../../api/types/meta.js';
import { deepEqual } from '../../../api/util/deep-equal.js';
import { controllerOf, controllerRefTo } from '../../../api/workloads/owners.js';
import type { Transport } from '../../../client/transport.js';
import type { EventSink } from '../../registry/events.js';
import { isReason } from '../replicas/claim.js';
import { errorMessage } from '../replicas/replica-status.js';
import { replicasAnnotationsNeedUpdate, setDeploymentRevision, setNewReplicaSetAnnotations, setReplicasAnnotations } from './annotations.js';
import { calculateStatus, getCondition, hasProgressDeadline, hasRevisionHistoryLimit, newCondition, setCondition } from './conditions.js';
import { byRevision, desiredReplicasAnnotation, filterActive, findActiveOrLatest, findNewReplicaSet, findOldReplicaSets, maxRevision } from './replica-sets.js';
import { isSaturated, maxSurge, newRSNewReplicas, planProportionalScale } from './rollout-math.js';
import { computeHash, equalIgnoreHash } from './template-hash.js';
import { asDeployment, asReplicaSet, isRollingUpdate, POD_TEMPLATE_HASH, Reason, replicasOf, REVISION_ANNOTATION, type DeploymentObject, type ReplicaSetObject } from './types.js';

const DEPLOYMENTS = findResource('apps', 'v1', 'deployments')!;
const REPLICASETS = findResource('apps', 'v1', 'replicasets')!;

export interface SyncDeps {
  transport: Transport;
  events: EventSink;
  clock: () => Date;
  log: Logger;
}

export interface ReplicaSetSplit {
  newRS: ReplicaSetObject | undefined;
  oldRSs: ReplicaSetObject[];
}

export class DeploymentSync {
  /** Set when the Deployment should be looked at again later (progress deadline checks). */
  recheckAfterMs: number | undefined;

  constructor(readonly deps: SyncDeps, public d: DeploymentObject, public rsList: ReplicaSetObject[]) {
    d.status ??= {};
  }

  get now(): Date {
    return this.deps.clock();
  }

  /** The latest version of a ReplicaSet this sync knows (after its own writes). */
  fresh(rs: ReplicaSetObject): ReplicaSetObject;
  fresh(rs: ReplicaSetObject | undefined): ReplicaSetObject | undefined;
  fresh(rs: ReplicaSetObject | undefined): ReplicaSetObject | undefined {
    return rs && (this.rsList.find((x) => x.metadata.uid === rs.metadata.uid) ?? rs);
  }

  private remember(rs: ReplicaSetObject): ReplicaSetObject {
    const i = this.rsList.findIndex((x) => x.metadata.uid === rs.metadata.uid);
    if (i >= 0) this.rsList[i] = rs;
    else this.rsList.push(rs);
    return rs;
  }

  async updateStatus(): Promise<void> {
    const m = this.d.metadata;
    this.d = asDeployment(await this.deps.transport.update(DEPLOYMENTS, m.namespace, m.name!, this.d, { subresource: 'status' }));
    this.d.status ??= {};
  }

  private async updateReplicaSet(rs: ReplicaSetObject): Promise<ReplicaSetObject> {
    return this.remember(asReplicaSet(await this.deps.transport.update(REPLICASETS, rs.metadata.namespace, rs.metadata.name!, rs)));
  }

  /** The new ReplicaSet (created when `create` and missing) and the old ones, with revisions brought up to date. */
  async split(create: boolean): Promise<ReplicaSetSplit> {
    const oldRSs = findOldReplicaSets(this.d, this.rsList);
    const newRS = await this.getNewReplicaSet(oldRSs, create);
    return { newRS, oldRSs };
  }

  private async getNewReplicaSet(oldRSs: ReplicaSetObject[], create: boolean): Promise<ReplicaSetObject | undefined> {
    const d = this.d;
    const existing = findNewReplicaSet(d, this.rsList);
    const newRevision = maxRevision(oldRSs) + 1;
    if (existing) {
      const copy = structuredClone(existing);
      const annotationsChanged = setNewReplicaSetAnnotations(d, copy, newRevision, true);
      if (annotationsChanged || (copy.spec.minReadySeconds ?? 0) !== (d.spec.minReadySeconds ?? 0)) {
        copy.spec.minReadySeconds = d.spec.minReadySeconds;
        return this.updateReplicaSet(copy);
      }
      let needsUpdate = setDeploymentRevision(d, copy.metadata.annotations?.[REVISION_ANNOTATION] ?? '');
      if (hasProgressDeadline(d) && !getCondition(d.status, 'Progressing')) {
        setCondition(d.status!, newCondition('Progressing', 'True', Reason.FoundNewReplicaSet, `Found new replica set "${copy.metadata.name}"`, this.now));
        needsUpdate = true;
      }
      if (needsUpdate) await this.updateStatus();
      return existing;
    }
    if (!create) return undefined;
    const newRS = this.newReplicaSetFor(d);
    const newReplicas = newRSNewReplicas(d, [...oldRSs, newRS], newRS);
    newRS.spec.replicas = newReplicas;
    setNewReplicaSetAnnotations(d, newRS, newRevision, false);
    const name = newRS.metadata.name!;
    let created: ReplicaSetObject;
    let alreadyExists = false;
    try {
      created = asReplicaSet(await this.deps.transport.create(REPLICASETS, d.metadata.namespace, newRS));
    } catch (err) {
      if (isReason(err, 'AlreadyExists')) {
        alreadyExists = true;
        const rs = asReplicaSet(await this.deps.transport.get(REPLICASETS, d.metadata.namespace, name));
        if (controllerOf(rs)?.uid !== d.metadata.uid || !equalIgnoreHash(d.spec.template, rs.spec.template)) {
          // Another template hashed to this name: count the collision so the next hash differs.
          d.status!.collisionCount = (d.status!.collisionCount ?? 0) + 1;
          await this.updateStatus();
          this.deps.log.info({ deployment: `${d.metadata.namespace}/${d.metadata.name}`, replicaSet: name, collisionCount: this.d.status?.collisionCount }, 'pod-template-hash collision');
          throw err;
        }
        created = rs;
      } else {
        if (!(isReason(err, 'Forbidden') && errorMessage(err).includes('because it is being terminated'))) {
          const msg = `Failed to create new replica set "${name}": ${errorMessage(err)}`;
          if (hasProgressDeadline(d)) {
            setCondition(d.status!, newCondition('Progressing', 'False', Reason.ReplicaSetCreateError, msg, this.now));
            await this.updateStatus().catch(() => {});
          }
          this.deps.events.record(d, 'Warning', Reason.ReplicaSetCreateError, msg);
        }
        throw err;
      }
    }
    this.remember(created);
    if (!alreadyExists && newReplicas > 0) this.deps.events.record(this.d, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${name} from 0 to ${newReplicas}`);
    let needsUpdate = setDeploymentRevision(this.d, String(newRevision));
    if (!alreadyExists && hasProgressDeadline(this.d)) {
      setCondition(this.d.status!, newCondition('Progressing', 'True', Reason.NewReplicaSetCreated, `Created new replica set "${name}"`, this.now));
      needsUpdate = true;
    }
    if (needsUpdate) await this.updateStatus();
    return created;
  }

  /** The ReplicaSet of the Deployment's current template: `<deployment>-<hash>`, hash label on selector and pods. */
  private newReplicaSetFor(d: DeploymentObject): ReplicaSetObject {
    const hash = computeHash(d.spec.template, d.status?.collisionCount);
    const template = structuredClone(d.spec.template);
    const labels = { ...template.metadata?.labels, [POD_TEMPLATE_HASH]: hash };
    template.metadata = { ...template.metadata, labels };
    const selector: LabelSelector = structuredClone(d.spec.selector);
    selector.matchLabels = { ...selector.matchLabels, [POD_TEMPLATE_HASH]: hash };
    return {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: `${d.metadata.name}-${hash}`, namespace: d.metadata.namespace, ownerReferences: [controllerRefTo(d)], labels: { ...labels } },
      spec: { replicas: 0, minReadySeconds: d.spec.minReadySeconds, selector, template },
    };
  }

  /** Sets a ReplicaSet's size (and replica annotations) and records a ScalingReplicaSet event when the size changed. */
  async scaleReplicaSet(rs: ReplicaSetObject, newScale: number): Promise<{ scaled: boolean; rs: ReplicaSetObject }> {
    const current = this.fresh(rs);
    const desired = replicasOf(this.d), max = desired + maxSurge(this.d);
    const oldScale = replicasOf(current);
    const sizeNeedsUpdate = oldScale !== newScale;
    if (!sizeNeedsUpdate && !replicasAnnotationsNeedUpdate(current, desired, max)) return { scaled: false, rs: current };
    const copy = structuredClone(current);
    copy.spec.replicas = newScale;
    setReplicasAnnotations(copy, desired, max);
    const updated = await this.updateReplicaSet(copy);
    if (sizeNeedsUpdate) {
      const op = oldScale < newScale ? 'up' : 'down';
      this.deps.events.record(this.d, 'Normal', 'ScalingReplicaSet', `Scaled ${op} replica set ${updated.metadata.name} from ${oldScale} to ${newScale}`);
    }
    return { scaled: sizeNeedsUpdate, rs: updated };
  }

  /** Like scaleReplicaSet, but nothing at all (not even annotations) when the size is already right. */
  async scaleAndRecord(rs: ReplicaSetObject, newScale: number): Promise<{ scaled: boolean; rs: ReplicaSetObject }> {
    const current = this.fresh(rs);
    if (replicasOf(current) === newScale) return { scaled: false, rs: current };
    return this.scaleReplicaSet(current, newScale);
  }

  /** Resizes without rolling (a scaling event, or a paused Deployment), proportionally when a rollout is under way. */
  async scale(newRS: ReplicaSetObject | undefined, oldRSs: ReplicaSetObject[]): Promise<void> {
    const d = this.d;
    const only = findActiveOrLatest(this.fresh(newRS), oldRSs.map((rs) => this.fresh(rs)));
    if (only) {
      if (replicasOf(only) !== replicasOf(d)) await this.scaleAndRecord(only, replicasOf(d));
      return;
    }
    if (isSaturated(d, this.fresh(newRS))) {
      for (const old of filterActive(oldRSs.map((rs) => this.fresh(rs)))) await this.scaleAndRecord(old, 0);
      return;
    }
    if (!isRollingUpdate(d)) return;
    const active = filterActive([...oldRSs, newRS].map((rs) => this.fresh(rs)));
    for (const step of planProportionalScale(d, active)) await this.scaleReplicaSet(step.rs, step.to);
  }

  /** Deletes the oldest unused ReplicaSets beyond revisionHistoryLimit. */
  async cleanup(oldRSs: ReplicaSetObject[]): Promise<void> {
    const d = this.d;
    if (!hasRevisionHistoryLimit(d)) return;
    const cleanable = oldRSs.map((rs) => this.fresh(rs)).filter((rs) => !rs.metadata.deletionTimestamp);
    const diff = cleanable.length - d.spec.revisionHistoryLimit!;
    if (diff <= 0) return;
    cleanable.sort(byRevision);
    for (const rs of cleanable.slice(0, diff)) {
      if ((rs.status?.replicas ?? 0) !== 0 || replicasOf(rs) !== 0 || (rs.metadata.generation ?? 0) > (rs.status?.observedGeneration ?? 0)) continue;
      try {
        await this.deps.transport.delete(REPLICASETS, rs.metadata.namespace, rs.metadata.name!);
      } catch (err) {
        if (!isReason(err, 'NotFound')) throw err;
      }
      this.rsList = this.rsList.filter((x) => x.metadata.uid !== rs.metadata.uid);
    }
  }

  /** Writes the status the ReplicaSets add up to, if it differs. */
  async syncStatus(split: ReplicaSetSplit): Promise<void> {
    const all = [...split.oldRSs, split.newRS].map((rs) => this.fresh(rs));
    const status = calculateStatus(this.d, all, this.fresh(split.newRS), this.now);
    if (deepEqual(this.d.status, status)) return;
    this.d.status = status;
    await this.updateStatus();
  }

  /** A change of spec.replicas the active ReplicaSets were not scaled for yet. */
  async isScalingEvent(): Promise<boolean> {
    const { newRS, oldRSs } = await this.split(false);
    for (const rs of filterActive([...oldRSs, newRS].map((x) => this.fresh(x)))) {
      const desired = desiredReplicasAnnotation(rs);
      if (desired !== undefined && desired !== replicasOf(this.d)) return true;
    }
    return false;
  }

  /** Scaling without rolling out (paused Deployments and scaling events). */
  async sync(): Promise<void> {
    const split = await this.split(false);
    await this.scale(split.newRS, split.oldRSs);
    if (this.d.spec.paused) await this.cleanup(split.oldRSs);
    await this.syncStatus(split);
  }

  /** A Deployment being deleted only gets its status updated. */
  async syncStatusOnly(): Promise<void> {
    await this.syncStatus(await this.split(false));
  }

  /** Progressing=Unknown with DeploymentPaused / DeploymentResumed when spec.paused flips. */
  async checkPausedConditions(): Promise<void> {
    const d = this.d;
    if (!hasProgressDeadline(d)) return;
    const cond = getCondition(d.status, 'Progressing');
    if (cond?.reason === Reason.ProgressDeadlineExceeded) return;
    const pausedCond = cond?.reason === Reason.DeploymentPaused;
    if (d.spec.paused && !pausedCond) {
      setCondition(d.status!, newCondition('Progressing', 'Unknown', Reason.DeploymentPaused, 'Deployment is paused', this.now));
    } else if (!d.spec.paused && pausedCond) {
      setCondition(d.status!, newCondition('Progressing', 'Unknown', Reason.DeploymentResumed, 'Deployment is resumed', this.now));
    } else {
      return;
    }
    await this.updateStatus();
  }
}
