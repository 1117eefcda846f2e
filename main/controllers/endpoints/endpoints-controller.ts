// The Endpoints controller (pkg/controller/endpoint): for every Service with a selector, an Endpoints of the
// same name listing the selected pods — ready ones under addresses, the others under notReadyAddresses (all
// under addresses with publishNotReadyAddresses), terminating and finished pods and pods without an IP left
// out — with each service port resolved per pod. Services without a selector are left to their users; the
// Endpoints of a deleted Service goes with it.
import type { EndpointAddress, Endpoints, Service } from 'kubernetes-types/core/v1.js';
import { ForbiddenError, NotFoundError } from '../../../api/errors/status-error.js';
import { findResource } from '../../../api/resources/registry.js';
import type { KubeObject } from '../../../api/types/meta.js';
import { deepEqual } from '../../../api/util/deep-equal.js';
import { isPodReady } from '../../../api/workloads/pods.js';
import { Controller, type ReconcileResult } from '../../../client/controller.js';
import type { Informer } from '../../../client/informer.js';
import { objectKey, splitKey } from '../../../client/keys.js';
import type { EventSink } from '../../registry/events.js';
import type { ControllerContext, ControllerFactory, RunnableController } from '../context.js';
import { HEADLESS_LABEL, LAST_CHANGE_TRIGGER_TIME, OVER_CAPACITY } from './labels.js';
import { enqueueOnServiceAndPodChanges, indexByNamespace, podsOf } from './indexes.js';
import { asService, findPort, hasSelector, isServiceIPSet, podIPv4s, rfc3339Nano, shouldPodBeInEndpoints, shouldSetHostname } from './pod-endpoints.js';
import { repackSubsets, truncateSubsets, type EndpointEntry } from './subsets.js';
import { TriggerTimeTracker } from './trigger-time.js';

const SERVICES = findResource('', 'v1', 'services')!;
const PODS = findResource('', 'v1', 'pods')!;
const ENDPOINTS = findResource('', 'v1', 'endpoints')!;

/** Set by leader election on Endpoints that have no Service; those are not cleaned up. */
const LEADER_ANNOTATION = 'control-plane.alpha.kubernetes.io/leader';

export interface EndpointsControllerOptions {
  workers?: number;
}

class EndpointsController implements RunnableController {
  readonly name = 'endpoint';
  private readonly services: Informer;
  private readonly pods: Informer;
  private readonly endpoints: Informer;
  private readonly controller: Controller;
  private readonly events: EventSink;
  private readonly triggerTimes = new TriggerTimeTracker();

  constructor(private readonly ctx: ControllerContext, opts: EndpointsControllerOptions) {
    this.events = ctx.events('endpoint-controller');
    this.services = ctx.informers.informerFor(SERVICES);
    this.pods = ctx.informers.informerFor(PODS);
    this.endpoints = ctx.informers.informerFor(ENDPOINTS);
    indexByNamespace(this.services);
    indexByNamespace(this.pods);
    this.controller = new Controller({ name: this.name, workers: opts.workers ?? 2, reconcile: (key) => this.reconcile(key), log: ctx.log });
    enqueueOnServiceAndPodChanges(this.services, this.pods, (key) => this.controller.enqueue(key));
    // A deleted Endpoints of a Service with a selector is written again.
    this.endpoints.addEventHandler({ onDelete: (o) => this.controller.enqueue(objectKey(o)) });
  }

  start(): void {
    // Endpoints left behind by Services deleted while the controller was down (upstream's checkLeftoverEndpoints).
    for (const ep of this.endpoints.list()) {
      if (ep.metadata.annotations?.[LEADER_ANNOTATION] === undefined && !this.services.get(objectKey(ep))) this.controller.enqueue(objectKey(ep));
    }
    this.controller.start();
  }

  stop(): Promise<void> {
    return this.controller.stop();
  }

  get idle(): boolean {
    return this.controller.idle;
  }

  private async reconcile(key: string): Promise<ReconcileResult | void> {
    const { namespace, name } = splitKey(key);
    const cached = this.services.get(key);
    if (!cached) {
      this.triggerTimes.delete(key);
      if (!this.endpoints.get(key)) return;
      try {
        await this.ctx.transport.delete(ENDPOINTS, namespace, name);
      } catch (err) {
        if (!(err instanceof NotFoundError)) throw err;
      }
      return;
    }
    const svc = asService(cached);
    if (svc.spec?.type === 'ExternalName' || !hasSelector(svc)) return;

    const pods = podsOf(this.pods, svc);
    const triggerTime = this.triggerTimes.compute(key, svc, pods);
    const entries: EndpointEntry[] = [];
    const publishNotReady = svc.spec?.publishNotReadyAddresses === true;
    for (const pod of pods) {
      if (!shouldPodBeInEndpoints(pod, publishNotReady)) continue;
      const ip = podIPv4s(pod)[0];
      if (!ip) continue;
      const address: EndpointAddress = {
        ip,
        nodeName: pod.spec?.nodeName,
        targetRef: { kind: 'Pod', namespace: pod.metadata?.namespace, name: pod.metadata?.name, uid: pod.metadata?.uid },
      };
      if (!pod.spec?.nodeName) delete address.nodeName;
      if (shouldSetHostname(pod, svc)) address.hostname = pod.spec!.hostname;
      const ready = publishNotReady || isPodReady(pod as KubeObject);
      const ports = svc.spec?.ports ?? [];
      if (ports.length === 0) {
        // Headless Services may list addresses without ports.
        if (svc.spec?.clusterIP === 'None') entries.push({ address, port: undefined, ready });
        continue;
      }
      for (const sp of ports) {
        const port = findPort(pod, sp);
        if (port === undefined) continue;
        const ep = { name: sp.name, port, protocol: sp.protocol ?? 'TCP', appProtocol: sp.appProtocol };
        if (ep.name === undefined) delete ep.name;
        if (ep.appProtocol === undefined) delete ep.appProtocol;
        entries.push({ address, port: ep, ready });
      }
    }
    const subsets = repackSubsets(entries);
    await this.write(key, svc, subsets, triggerTime);
  }

  private async write(key: string, svc: Service, subsets: NonNullable<Endpoints['subsets']>, triggerTime: number | undefined): Promise<void> {
    const current = this.endpoints.get(key) as Endpoints | undefined;
    const labels = { ...(svc.metadata?.labels ?? {}) };
    const currentLabels = { ...(current?.metadata?.labels ?? {}) };
    delete currentLabels[HEADLESS_LABEL];
    const truncated = truncateSubsets(subsets);
    const capacityRight = (current?.metadata?.annotations?.[OVER_CAPACITY] !== undefined) === truncated;
    if (current && deepEqual(current.subsets ?? [], subsets) && deepEqual(currentLabels, labels) && capacityRight) return;

    const next: Endpoints = current ? structuredClone(current) : { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: svc.metadata!.name, namespace: svc.metadata!.namespace } };
    next.subsets = subsets;
    const annotations = { ...(next.metadata!.annotations ?? {}) };
    if (triggerTime !== undefined) annotations[LAST_CHANGE_TRIGGER_TIME] = rfc3339Nano(triggerTime);
    else delete annotations[LAST_CHANGE_TRIGGER_TIME];
    if (truncated) annotations[OVER_CAPACITY] = 'truncated';
    else delete annotations[OVER_CAPACITY];
    next.metadata!.annotations = annotations;
    if (!isServiceIPSet(svc)) labels[HEADLESS_LABEL] = '';
    next.metadata!.labels = labels;
    const { namespace, name } = splitKey(key);
    try {
      if (current) await this.ctx.transport.update(ENDPOINTS, namespace, name, next as KubeObject);
      else await this.ctx.transport.create(ENDPOINTS, namespace, next as KubeObject);
    } catch (err) {
      // A namespace being deleted refuses new content: nothing to do until the Service goes too.
      if (!current && err instanceof ForbiddenError) return;
      const why = err instanceof Error ? err.message : String(err);
      const obj = next as KubeObject;
      if (current) this.events.record(obj, 'Warning', 'FailedToUpdateEndpoint', `Failed to update endpoint ${namespace}/${name}: ${why}`);
      else this.events.record(obj, 'Warning', 'FailedToCreateEndpoint', `Failed to create endpoint for service ${namespace}/${name}: ${why}`);
      throw err;
    }
  }
}

export function endpointsControllerWith(opts: EndpointsControllerOptions = {}): ControllerFactory {
  return (ctx) => new EndpointsController(ctx, opts);
}

export const endpointsController: ControllerFactory = endpointsControllerWith();
