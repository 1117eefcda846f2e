// What the DNS server knows of the cluster: Services, EndpointSlices and Pods from informer caches (one
// list+watch each, never an API call per query), indexed by the keys queries use — a Service's slices,
// and every object by IP for reverse lookups.
import type { Pod, Service } from 'kubernetes-types/core/v1.js';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import { findResource } from '../../api/resources/registry.js';
import { Informer } from '../../client/informer.js';
import type { Transport } from '../../client/transport.js';
import { canonicalIP } from './ip.js';

const SERVICES = findResource('', 'v1', 'services')!;
const SLICES = findResource('discovery.k8s.io', 'v1', 'endpointslices')!;
const PODS = findResource('', 'v1', 'pods')!;

const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

/** The lookups the record logic needs; answered from memory. */
export interface ClusterView {
  service(namespace: string, name: string): Service | undefined;
  hasNamespace(namespace: string): boolean;
  endpointSlices(namespace: string, service: string): EndpointSlice[];
  servicesByIP(ip: string): Service[];
  endpointSlicesByIP(ip: string): EndpointSlice[];
  podsByIP(ip: string): Pod[];
  /** Changes whenever the data does (the SOA serial). */
  serial(): number;
}

export interface ClusterInformers {
  services: Informer;
  endpointSlices: Informer;
  /** Only needed for pod PTR records and verified pod A records. */
  pods?: Informer;
}

const ips = (values: (string | undefined)[]): string[] => {
  const out: string[] = [];
  for (const v of values) {
    const ip = v ? canonicalIP(v) : undefined;
    if (ip) out.push(ip);
  }
  return out;
};

const serviceMemo = new WeakMap<Service, string[]>();

/** A Service's ClusterIPs in canonical form (memoized per cached object, which is replaced on change). */
export function serviceIPs(svc: Service): string[] {
  let out = serviceMemo.get(svc);
  if (!out) serviceMemo.set(svc, (out = ips(svc.spec?.clusterIPs ?? [svc.spec?.clusterIP])));
  return out;
}
export const podIPs = (pod: Pod): string[] => ips([pod.status?.podIP, ...(pod.status?.podIPs ?? []).map((p) => p.ip)]).filter((ip, i, all) => all.indexOf(ip) === i);

/** Informers for the view over a transport; the caller starts and stops them (or passes shared ones). */
export function createClusterInformers(transport: Transport, withPods: boolean): ClusterInformers {
  return {
    services: new Informer(transport, SERVICES),
    endpointSlices: new Informer(transport, SLICES),
    pods: withPods ? new Informer(transport, PODS) : undefined,
  };
}

export class InformerClusterView implements ClusterView {
  private changed = Math.floor(Date.now() / 1000);

  constructor(private readonly inf: ClusterInformers) {
    inf.services.addIndex('dns:ip', (o) => serviceIPs(o as Service));
    inf.services.addIndex('dns:namespace', (o) => [o.metadata.namespace ?? '']);
    inf.endpointSlices.addIndex('dns:service', (o) => {
      const svc = o.metadata.labels?.[SERVICE_NAME_LABEL];
      return svc ? [`${o.metadata.namespace}/${svc}`] : [];
    });
    inf.endpointSlices.addIndex('dns:ip', (o) => ips(((o as unknown as EndpointSlice).endpoints ?? []).flatMap((e) => e.addresses)));
    inf.pods?.addIndex('dns:ip', (o) => podIPs(o as Pod));
    const bump = (): void => {
      // Seconds since the epoch, but always increasing, so secondaries (and humans) see a new serial.
      this.changed = Math.max(this.changed + 1, Math.floor(Date.now() / 1000));
    };
    for (const i of [inf.services, inf.endpointSlices, inf.pods]) i?.addEventHandler({ onAdd: bump, onUpdate: (a, b) => a !== b && bump(), onDelete: bump });
  }

  get synced(): boolean {
    return this.inf.services.synced && this.inf.endpointSlices.synced && (this.inf.pods?.synced ?? true);
  }

  async waitForSync(): Promise<void> {
    await Promise.all([this.inf.services.waitForSync(), this.inf.endpointSlices.waitForSync(), this.inf.pods?.waitForSync()]);
  }

  service(namespace: string, name: string): Service | undefined {
    return this.inf.services.get(`${namespace}/${name}`) as Service | undefined;
  }

  hasNamespace(namespace: string): boolean {
    return this.inf.services.byIndex('dns:namespace', namespace).length > 0;
  }

  endpointSlices(namespace: string, service: string): EndpointSlice[] {
    return this.inf.endpointSlices.byIndex('dns:service', `${namespace}/${service}`) as unknown as EndpointSlice[];
  }

  servicesByIP(ip: string): Service[] {
    return this.inf.services.byIndex('dns:ip', ip) as Service[];
  }

  endpointSlicesByIP(ip: string): EndpointSlice[] {
    return this.inf.endpointSlices.byIndex('dns:ip', ip) as unknown as EndpointSlice[];
  }

  podsByIP(ip: string): Pod[] {
    return (this.inf.pods?.byIndex('dns:ip', ip) ?? []) as Pod[];
  }

  serial(): number {
    return this.changed >>> 0;
  }
}
