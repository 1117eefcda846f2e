// The EndpointSlice controller (pkg/controller/endpointslice): for every Service with a selector, slices
// named <service>-<random> holding its pods as endpoints with ready/serving/terminating conditions (terminating
// pods stay listed, not ready), grouped by the ports they resolve to, at most 100 to a slice, owned by the
// Service and labelled with its name and this controller. Written only when they differ from what is wanted.
import type { Service } from 'kubernetes-types/core/v1.js';
import type { Endpoint, EndpointPort, EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import { ForbiddenError, NotFoundError } from '../../../api/errors/status-error.js';
import { findResource } from '../../../api/resources/registry.js';
import type { KubeObject } from '../../../api/types/meta.js';
import { isPodReady } from '../../../api/workloads/pods.js';
import { Controller, type ReconcileResult } from '../../../client/controller.js';
import type { Informer } from '../../../client/informer.js';
import { splitKey } from '../../../client/keys.js';
import type { EventSink } from '../../registry/events.js';
import type { ControllerContext, ControllerFactory, RunnableController } from '../context.js';
import { enqueueOnServiceAndPodChanges, indexByNamespace, podsOf } from './indexes.js';
import { MANAGED_BY_LABEL, SERVICE_NAME_LABEL, SLICE_CONTROLLER_NAME } from './labels.js';
import { asService, findPort, hasSelector, podIPv4s, rfc3339Nano, shouldPodBeInEndpoints, shouldSetHostname } from './pod-endpoints.js';
import { planSlices, portsKey, type EndpointGroup } from './slice-plan.js';
import { TriggerTimeTracker } from './trigger-time.js';

const SERVICES = findResource('', 'v1', 'services')!;
const PODS = findResource('', 'v1', 'pods')!;
const NODES = findResource('', 'v1', 'nodes')!;
const asObject = (s: EndpointSlice): KubeObject => s as unknown as KubeObject;
const SLICES = findResource('discovery.k8s.io', 'v1', 'endpointslices')!;
const BY_SERVICE = 'endpointslices:service';
const ZONE_LABEL = 'topology.kubernetes.io/zone';

export interface EndpointSliceControllerOptions {
  /** Endpoints per slice (upstream's --max-endpoints-per-slice, 100). */
  maxEndpointsPerSlice?: number;
  workers?: number;
}

/** The Service key of a slice this controller manages, if it is one. */
function managedServiceKey(slice: KubeObject): string | undefined {
  const labels = slice.metadata.labels ?? {};
  if (labels[MANAGED_BY_LABEL] !== SLICE_CONTROLLER_NAME || !labels[SERVICE_NAME_LABEL]) return undefined;
  return `${slice.metadata.namespace}/${labels[SERVICE_NAME_LABEL]}`;
}

class EndpointSliceController implements RunnableController {
  readonly name = 'endpointslice';
  private readonly services: Informer;
  private readonly pods: Informer;
  private readonly nodes: Informer;
  private readonly slices: Informer;
  private readonly controller: Controller;
  private readonly events: EventSink;
  private readonly triggerTimes = new TriggerTimeTracker();
  private readonly max: number;
  /** Slices this controller created or deleted that its cache has not shown yet, by Service key. */
  private readonly unseen = new Map<string, { created: Set<string>; deleted: Set<string> }>();

  constructor(private readonly ctx: ControllerContext, opts: EndpointSliceControllerOptions) {
    this.max = opts.maxEndpointsPerSlice ?? 100;
    this.events = ctx.events('endpoint-slice-controller');
    this.services = ctx.informers.informerFor(SERVICES);
    this.pods = ctx.informers.informerFor(PODS);
    this.nodes = ctx.informers.informerFor(NODES);
    this.slices = ctx.informers.informerFor(SLICES);
    indexByNamespace(this.services);
    indexByNamespace(this.pods);
    this.slices.addIndex(BY_SERVICE, (s) => {
      const key = managedServiceKey(s);
      return key ? [key] : [];
    });
    this.controller = new Controller({ name: this.name, workers: opts.workers ?? 2, reconcile: (key) => this.reconcile(key), log: ctx.log });
    enqueueOnServiceAndPodChanges(this.services, this.pods, (key) => this.controller.enqueue(key));
    const sliceChanged = (s: KubeObject): void => {
      const key = managedServiceKey(s);
      if (key) this.controller.enqueue(key);
    };
    this.slices.addEventHandler({
      onAdd: sliceChanged,
      onUpdate: (old, s) => { sliceChanged(old); sliceChanged(s); },
      onDelete: sliceChanged,
    });
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

  /** Whether the cache still lacks this controller's own last writes for the Service (acting now could duplicate a slice). */
  private stale(key: string): boolean {
    const u = this.unseen.get(key);
    if (!u) return false;
    const { namespace } = splitKey(key);
    for (const name of u.created) if (this.slices.get(`${namespace}/${name}`)) u.created.delete(name);
    for (const name of u.deleted) if (!this.slices.get(`${namespace}/${name}`)) u.deleted.delete(name);
    if (u.created.size === 0 && u.deleted.size === 0) this.unseen.delete(key);
    return this.unseen.has(key);
  }

  private async reconcile(key: string): Promise<ReconcileResult | void> {
    if (this.stale(key)) return { requeueAfterMs: 100 };
    const { namespace } = splitKey(key);
    const existing = this.slices.byIndex(BY_SERVICE, key) as unknown as EndpointSlice[];
    const cached = this.services.get(key);
    if (!cached) {
      // The garbage collector removes them through their owner reference; do not leave them to it alone.
      this.triggerTimes.delete(key);
      this.unseen.delete(key);
      for (const s of existing) await this.remove(namespace, s.metadata!.name!);
      return;
    }
    const svc = asService(cached);
    if (svc.spec?.type === 'ExternalName' || !hasSelector(svc)) return;

    const pods = podsOf(this.pods, svc);
    const triggerTime = this.triggerTimes.compute(key, svc, pods);
    const groups = new Map<string, EndpointGroup>();
    for (const pod of pods) {
      if (!shouldPodBeInEndpoints(pod, true)) continue;
      const addresses = podIPv4s(pod);
      if (addresses.length === 0) continue;
      const ports = endpointPorts(svc, pod);
      const k = portsKey(ports);
      let group = groups.get(k);
      if (!group) groups.set(k, (group = { ports, endpoints: [] }));
      group.endpoints.push(this.endpointFor(svc, pod, addresses));
    }
    const plan = planSlices({
      service: svc, existing, groups, addressType: 'IPv4', maxEndpointsPerSlice: this.max,
      triggerTime: triggerTime === undefined ? undefined : rfc3339Nano(triggerTime),
    });
    try {
      for (const s of plan.update) await this.ctx.transport.update(SLICES, namespace, s.metadata!.name!, asObject(s));
      for (const s of plan.create) {
        const created = await this.ctx.transport.create(SLICES, namespace, asObject(s));
        this.note(key).created.add(created.metadata.name!);
      }
      for (const s of plan.delete) {
        await this.remove(namespace, s.metadata!.name!);
        this.note(key).deleted.add(s.metadata!.name!);
      }
    } catch (err) {
      // A namespace being deleted refuses new slices: nothing to do until the Service goes too.
      if (err instanceof ForbiddenError) return;
      const why = err instanceof Error ? err.message : String(err);
      this.events.record(cached, 'Warning', 'FailedToUpdateEndpointSlices', `Error updating Endpoint Slices for Service ${key}: ${why}`);
      throw err;
    }
  }

  private note(key: string): { created: Set<string>; deleted: Set<string> } {
    let u = this.unseen.get(key);
    if (!u) this.unseen.set(key, (u = { created: new Set(), deleted: new Set() }));
    return u;
  }

  private async remove(namespace: string | undefined, name: string): Promise<void> {
    try {
      await this.ctx.transport.delete(SLICES, namespace, name);
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
    }
  }

  private endpointFor(svc: Service, pod: ReturnType<typeof podsOf>[number], addresses: string[]): Endpoint {
    const serving = isPodReady(pod as KubeObject);
    const terminating = pod.metadata?.deletionTimestamp !== undefined;
    const ep: Endpoint = {
      addresses,
      conditions: { ready: svc.spec?.publishNotReadyAddresses === true || (serving && !terminating), serving, terminating },
      targetRef: { kind: 'Pod', namespace: pod.metadata?.namespace, name: pod.metadata?.name, uid: pod.metadata?.uid },
    };
    const nodeName = pod.spec?.nodeName;
    if (nodeName) {
      ep.nodeName = nodeName;
      const zone = this.nodes.get(nodeName)?.metadata.labels?.[ZONE_LABEL];
      if (zone) ep.zone = zone;
    }
    if (shouldSetHostname(pod, svc)) ep.hostname = pod.spec!.hostname;
    return ep;
  }
}

/** The Service's ports as they resolve on this pod; ports whose named targetPort the pod lacks are left out. */
function endpointPorts(svc: Service, pod: ReturnType<typeof podsOf>[number]): EndpointPort[] {
  const out: EndpointPort[] = [];
  for (const sp of svc.spec?.ports ?? []) {
    const port = findPort(pod, sp);
    if (port === undefined) continue;
    const ep: EndpointPort = { name: sp.name ?? '', port, protocol: sp.protocol ?? 'TCP' };
    if (sp.appProtocol !== undefined) ep.appProtocol = sp.appProtocol;
    out.push(ep);
  }
  return out;
}

export function endpointSliceControllerWith(opts: EndpointSliceControllerOptions = {}): ControllerFactory {
  return (ctx) => new EndpointSliceController(ctx, opts);
}

export const endpointSliceController: ControllerFactory = endpointSliceControllerWith();
