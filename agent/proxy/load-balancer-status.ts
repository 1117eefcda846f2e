// LoadBalancer Services without a loadBalancerClass are served by the agents themselves (k3s' service LB
// style): each agent lists its node IP in status.loadBalancer.ingress while it runs and takes it out when
// it stops, so with several nodes the ingress holds every serving node. Writes carry the resourceVersion
// read, so agents updating one Service at once retry instead of overwriting each other.
import type { Service } from 'kubernetes-types/core/v1.js';
import { StatusError } from '../../api/errors/status-error.js';
import { findResource } from '../../api/resources/registry.js';
import type { KubeObject } from '../../api/types/meta.js';
import { Controller } from '../../client/controller.js';
import type { Informer } from '../../client/informer.js';
import { objectKey, splitKey } from '../../client/keys.js';
import type { Transport } from '../../client/transport.js';
import type { Logger } from '../logger.js';
import { isProxied } from './service-ports.js';

const SERVICES = findResource('', 'v1', 'services')!;
const NODES = findResource('', 'v1', 'nodes')!;
const FIELD_MANAGER = 'skiff-proxy';

type Ingress = NonNullable<NonNullable<NonNullable<Service['status']>['loadBalancer']>['ingress']>;

const asService = (o: KubeObject): Service => o as Service;
const ingressOf = (svc: Service): Ingress => svc.status?.loadBalancer?.ingress ?? [];
const served = (svc: Service): boolean => svc.spec?.type === 'LoadBalancer' && !svc.spec.loadBalancerClass && isProxied(svc);

export interface LoadBalancerStatusOptions {
  transport: Transport;
  services: Informer;
  nodeName: string;
  /** The address this node adds. */
  nodeIP: string;
  log: Logger;
}

export class LoadBalancerStatus {
  private readonly controller: Controller;

  constructor(private readonly o: LoadBalancerStatusOptions) {
    this.controller = new Controller({ name: 'proxy-loadbalancer-status', reconcile: (key) => this.reconcile(key), log: o.log, maxDelayMs: 10_000 });
    const enqueue = (obj: KubeObject): void => { if (served(asService(obj))) this.controller.enqueue(objectKey(obj)); };
    o.services.addEventHandler({ onAdd: enqueue, onUpdate: (_old, obj) => enqueue(obj) });
  }

  start(): void {
    this.controller.start();
  }

  /** Stops adding, then removes this node's address from every Service that lists it. */
  async stop(): Promise<void> {
    await this.controller.stop();
    const listed = this.o.services.list().map(asService).filter((s) => ingressOf(s).some((i) => i.ip === this.o.nodeIP));
    if (listed.length === 0) return;
    if (await this.addressSharedByAnotherNode()) {
      this.o.log.info({ ip: this.o.nodeIP }, 'another node has the same address: leaving it in LoadBalancer status');
      return;
    }
    for (const svc of listed) {
      try {
        await this.write(svc.metadata!.namespace!, svc.metadata!.name!, (cur) => ingressOf(cur).filter((i) => i.ip !== this.o.nodeIP));
      } catch (err) {
        this.o.log.warn({ service: `${svc.metadata?.namespace}/${svc.metadata?.name}`, err: (err as Error).message }, 'could not remove this node from LoadBalancer status');
      }
    }
  }

  private async reconcile(key: string): Promise<void> {
    const cached = this.o.services.get(key);
    if (!cached || !served(asService(cached)) || ingressOf(asService(cached)).some((i) => i.ip === this.o.nodeIP)) return;
    const { namespace, name } = splitKey(key);
    await this.write(namespace!, name, (cur) => served(cur) && !ingressOf(cur).some((i) => i.ip === this.o.nodeIP) ? [...ingressOf(cur), { ip: this.o.nodeIP }] : undefined);
    this.o.log.info({ service: key, ip: this.o.nodeIP }, 'serving LoadBalancer on this node');
  }

  /** Reads the Service afresh and writes the ingress `change` returns (undefined: nothing to do); retries conflicts. */
  private async write(namespace: string, name: string, change: (svc: Service) => Ingress | undefined): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      let cur: Service;
      try {
        cur = asService(await this.o.transport.get(SERVICES, namespace, name));
      } catch (err) {
        if (err instanceof StatusError && err.reason === 'NotFound') return;
        throw err;
      }
      const ingress = change(cur);
      if (!ingress) return;
      const loadBalancer = ingress.length > 0 ? { ...cur.status?.loadBalancer, ingress } : {};
      const next = { ...cur, status: { ...cur.status, loadBalancer } };
      try {
        await this.o.transport.update(SERVICES, namespace, name, next as KubeObject, { subresource: 'status', fieldManager: FIELD_MANAGER });
        return;
      } catch (err) {
        if (!(err instanceof StatusError && err.reason === 'Conflict') || attempt >= 4) throw err;
      }
    }
  }

  private async addressSharedByAnotherNode(): Promise<boolean> {
    try {
      const nodes = await this.o.transport.list(NODES, undefined);
      return nodes.items.some((n) => n.metadata.name !== this.o.nodeName
        && ((n.status as { addresses?: { address?: string }[] } | undefined)?.addresses ?? []).some((a) => a.address === this.o.nodeIP));
    } catch {
      return false;
    }
  }
}
