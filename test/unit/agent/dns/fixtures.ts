// Test doubles for the DNS tests: a Transport that serves fixed lists and lets a test push watch events,
// and a small cluster (services, slices, pods) in the shapes the API and the EndpointSlice controller write.
import type { Pod, Service } from 'kubernetes-types/core/v1.js';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import type { ResourceType } from '../../../../api/resources/registry.js';
import type { KubeList, KubeObject, WatchEvent } from '../../../../api/types/meta.js';
import type { Transport, WatchHandle } from '../../../../client/transport.js';
import { encodeMessage } from '../../../../agent/dns/encode.js';
import { emptyFlags, type ResourceRecord } from '../../../../agent/dns/message.js';

export class StaticTransport implements Transport {
  private readonly watchers = new Map<string, ((e: WatchEvent) => void)[]>();
  private rv = 1;

  constructor(private readonly objects: Record<string, KubeObject[]>) {}

  async list(rt: ResourceType): Promise<KubeList> {
    return { apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: String(this.rv) }, items: [...(this.objects[rt.resource] ?? [])] };
  }

  watch(rt: ResourceType, _ns: string | undefined, _opts: unknown, onEvent: (e: WatchEvent) => void): WatchHandle {
    const list = this.watchers.get(rt.resource) ?? [];
    list.push(onEvent);
    this.watchers.set(rt.resource, list);
    return { stop: () => list.splice(list.indexOf(onEvent), 1) };
  }

  /** Delivers a watch event to the informers of `resource`. */
  push(resource: string, type: 'ADDED' | 'MODIFIED' | 'DELETED', obj: KubeObject): void {
    const object = { ...obj, metadata: { ...obj.metadata, resourceVersion: String(++this.rv) } };
    for (const w of this.watchers.get(resource) ?? []) w({ type, object });
  }

  get(): Promise<KubeObject> { throw new Error('not in the static transport'); }
  create(): Promise<KubeObject> { throw new Error('not in the static transport'); }
  update(): Promise<KubeObject> { throw new Error('not in the static transport'); }
  patch(): Promise<KubeObject> { throw new Error('not in the static transport'); }
  delete(): Promise<KubeObject | undefined> { throw new Error('not in the static transport'); }
}

export const obj = <T>(o: T): KubeObject => o as unknown as KubeObject;

export function service(ns: string, name: string, spec: Service['spec']): KubeObject {
  return obj<Service>({ apiVersion: 'v1', kind: 'Service', metadata: { namespace: ns, name, resourceVersion: '1' }, spec });
}

export interface SliceEndpoint {
  ip: string;
  hostname?: string;
  ready?: boolean;
  pod?: string;
}

export function slice(ns: string, svc: string, suffix: string, ports: { name?: string; port: number; protocol?: string }[], eps: SliceEndpoint[], addressType = 'IPv4'): KubeObject {
  return obj<EndpointSlice>({
    apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', addressType,
    metadata: { namespace: ns, name: `${svc}-${suffix}`, resourceVersion: '1', labels: { 'kubernetes.io/service-name': svc } },
    ports: ports.map((p) => ({ name: p.name ?? '', port: p.port, protocol: p.protocol ?? 'TCP' })),
    endpoints: eps.map((e) => ({
      addresses: [e.ip], hostname: e.hostname,
      conditions: { ready: e.ready ?? true, serving: e.ready ?? true, terminating: false },
      targetRef: e.pod ? { kind: 'Pod', namespace: ns, name: e.pod } : undefined,
    })),
  });
}

export function pod(ns: string, name: string, ip: string): KubeObject {
  return obj<Pod>({ apiVersion: 'v1', kind: 'Pod', metadata: { namespace: ns, name, resourceVersion: '1' }, spec: { containers: [{ name: 'c', image: 'x' }] }, status: { podIP: ip, podIPs: [{ ip }] } });
}

/** A small cluster: the usual guestbook services, a headless StatefulSet service, an ExternalName. */
export function guestbook(): Record<string, KubeObject[]> {
  return {
    services: [
      service('default', 'kubernetes', { clusterIP: '10.96.0.1', clusterIPs: ['10.96.0.1'], ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }] }),
      service('default', 'redis-master', { clusterIP: '10.96.0.20', clusterIPs: ['10.96.0.20'], selector: { app: 'redis' }, ports: [{ name: 'redis', port: 6379, protocol: 'TCP', targetPort: 6379 }] }),
      service('default', 'dual', { clusterIP: '10.96.0.21', clusterIPs: ['10.96.0.21', 'fd00:10:96::21'], ports: [{ port: 80 }] }),
      service('db', 'cassandra', { clusterIP: 'None', clusterIPs: ['None'], selector: { app: 'cassandra' }, ports: [{ name: 'cql', port: 9042, protocol: 'TCP' }, { name: 'gossip', port: 7000, protocol: 'UDP' }] }),
      service('db', 'unready', { clusterIP: 'None', clusterIPs: ['None'], selector: { app: 'u' }, ports: [{ name: 'http', port: 80 }] }),
      service('db', 'peers', { clusterIP: 'None', clusterIPs: ['None'], publishNotReadyAddresses: true, selector: { app: 'p' }, ports: [{ name: 'http', port: 80 }] }),
      service('default', 'search', { type: 'ExternalName', externalName: 'search.example.com' }),
      service('default', 'alias', { type: 'ExternalName', externalName: 'redis-master.default.svc.cluster.local' }),
    ],
    endpointslices: [
      slice('default', 'redis-master', 'abcde', [{ name: 'redis', port: 6379 }], [{ ip: '10.244.1.5', pod: 'redis-0' }]),
      slice('db', 'cassandra', 'x1y2z', [{ name: 'cql', port: 9042 }, { name: 'gossip', port: 7001, protocol: 'UDP' }], [
        { ip: '10.244.1.10', hostname: 'cassandra-0', pod: 'cassandra-0' },
        { ip: '10.244.1.11', hostname: 'cassandra-1', pod: 'cassandra-1' },
        { ip: '10.244.1.12', pod: 'cassandra-x' },
        { ip: '10.244.1.13', hostname: 'cassandra-2', ready: false, pod: 'cassandra-2' },
      ]),
      slice('db', 'unready', 'aaaaa', [{ name: 'http', port: 8080 }], [{ ip: '10.244.1.20', ready: false }]),
      slice('db', 'peers', 'bbbbb', [{ name: 'http', port: 8080 }], [{ ip: '10.244.1.30', hostname: 'peer-0', ready: false }]),
    ],
    pods: [
      pod('default', 'redis-0', '10.244.1.5'),
      pod('db', 'cassandra-0', '10.244.1.10'),
      pod('web', 'lonely', '10.244.2.7'),
    ],
  };
}

const TYPE_NAMES: Record<number, string> = { 1: 'A', 2: 'NS', 5: 'CNAME', 6: 'SOA', 12: 'PTR', 15: 'MX', 16: 'TXT', 28: 'AAAA', 33: 'SRV' };

/** A record as dig prints it, minus class and TTL: "name TYPE data". */
export function show(rr: ResourceRecord): string {
  const d = rr.data;
  const data = d.kind === 'a' || d.kind === 'aaaa' ? d.address
    : d.kind === 'name' ? d.target
      : d.kind === 'srv' ? `${d.priority} ${d.weight} ${d.port} ${d.target}`
        : d.kind === 'soa' ? `${d.mname} ${d.rname}`
          : d.kind === 'txt' ? d.texts.map((t) => `"${t.toString()}"`).join(' ')
            : d.kind === 'mx' ? `${d.preference} ${d.exchange}` : d.bytes.toString('hex');
  return `${rr.name} ${TYPE_NAMES[rr.type] ?? rr.type} ${data}`;
}

/** A query as a stub resolver sends it (RD set, EDNS with a 1232-byte buffer unless `edns: false`). */
export function queryWire(name: string, type: number, o: { id?: number; edns?: boolean; udpSize?: number } = {}): Buffer {
  return encodeMessage({
    id: o.id ?? 4242, flags: { ...emptyFlags(), rd: true }, rcode: 0, questions: [{ name, type, class: 1 }], answers: [], authority: [], additional: [],
    edns: o.edns === false ? undefined : { udpSize: o.udpSize ?? 1232, extendedRcode: 0, version: 0, dnssecOk: false, options: Buffer.alloc(0) },
  });
}
