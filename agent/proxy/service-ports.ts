// What the proxy programs, read from Services and EndpointSlices as kube-proxy's change trackers read
// them: one entry per service port with its addresses, policies, and the endpoints the slices list for
// that port name and protocol. ExternalName and headless Services have none.
import type { Service, ServicePort } from 'kubernetes-types/core/v1.js';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
/** Upstream's default for sessionAffinityConfig.clientIP.timeoutSeconds (3 hours). */
export const DEFAULT_AFFINITY_SECONDS = 10_800;

export interface EndpointInfo {
  ip: string;
  port: number;
  /** "ip:port" */
  address: string;
  ready: boolean;
  serving: boolean;
  terminating: boolean;
  nodeName?: string;
}

export interface ServicePortInfo {
  /** kube-proxy's ServicePortName: "namespace/name:portName", or "namespace/name" for an unnamed port. */
  name: string;
  protocol: 'TCP' | 'UDP' | 'SCTP';
  clusterIP: string;
  port: number;
  /** 0 when the port has none. */
  nodePort: number;
  externalIPs: string[];
  /** status.loadBalancer.ingress IPs. */
  loadBalancerIPs: string[];
  /** A LoadBalancer the agents serve themselves (no loadBalancerClass): answered on every local address. */
  nodeLoadBalancer: boolean;
  externalPolicyLocal: boolean;
  internalPolicyLocal: boolean;
  /** ClientIP affinity timeout in seconds, or 0 without affinity. */
  affinitySeconds: number;
  /** Every endpoint listed, sorted by address. */
  endpoints: EndpointInfo[];
}

const PROTOCOLS = new Set(['TCP', 'UDP', 'SCTP']);
const isIPv4 = (s: string | undefined): s is string => typeof s === 'string' && /^\d{1,3}(\.\d{1,3}){3}$/.test(s);

/** Headless and ExternalName Services, and those without an IPv4 ClusterIP, get no rules. */
export function isProxied(svc: Service): boolean {
  return svc.spec?.type !== 'ExternalName' && isIPv4(svc.spec?.clusterIP);
}

const portKey = (namespace: string, service: string, portName: string, protocol: string): string => `${namespace}/${service}:${portName}/${protocol}`;

/** Endpoints by port key, merged over all of a Service's IPv4 slices (a duplicate address counts once, ready wins). */
function endpointsByPort(slices: EndpointSlice[]): Map<string, Map<string, EndpointInfo>> {
  const out = new Map<string, Map<string, EndpointInfo>>();
  for (const slice of slices) {
    const service = slice.metadata?.labels?.[SERVICE_NAME_LABEL];
    if (!service || slice.addressType !== 'IPv4' || slice.metadata?.deletionTimestamp) continue;
    for (const p of slice.ports ?? []) {
      if (typeof p.port !== 'number') continue;
      const key = portKey(slice.metadata?.namespace ?? '', service, p.name ?? '', p.protocol ?? 'TCP');
      let byAddress = out.get(key);
      if (!byAddress) out.set(key, (byAddress = new Map()));
      for (const ep of slice.endpoints ?? []) {
        const ip = ep.addresses?.[0];
        if (!isIPv4(ip)) continue;
        // Unset conditions mean ready (and serving as ready), as the API documents.
        const ready = ep.conditions?.ready !== false;
        const info: EndpointInfo = {
          ip, port: p.port, address: `${ip}:${p.port}`, ready,
          serving: ep.conditions?.serving ?? ready,
          terminating: ep.conditions?.terminating ?? false,
          ...(ep.nodeName ? { nodeName: ep.nodeName } : {}),
        };
        const seen = byAddress.get(info.address);
        if (!seen || (!seen.ready && info.ready)) byAddress.set(info.address, info);
      }
    }
  }
  return out;
}

function affinitySeconds(svc: Service): number {
  if (svc.spec?.sessionAffinity !== 'ClientIP') return 0;
  return svc.spec.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? DEFAULT_AFFINITY_SECONDS;
}

function portInfo(svc: Service, sp: ServicePort, endpoints: Map<string, EndpointInfo> | undefined): ServicePortInfo {
  const spec = svc.spec!;
  const lb = spec.type === 'LoadBalancer';
  const externallyAccessible = lb || spec.type === 'NodePort' || (spec.externalIPs ?? []).length > 0;
  return {
    name: `${svc.metadata?.namespace ?? ''}/${svc.metadata?.name ?? ''}${sp.name ? `:${sp.name}` : ''}`,
    protocol: (sp.protocol ?? 'TCP') as ServicePortInfo['protocol'],
    clusterIP: spec.clusterIP!,
    port: sp.port,
    nodePort: (lb || spec.type === 'NodePort') && sp.nodePort ? sp.nodePort : 0,
    externalIPs: (spec.externalIPs ?? []).filter(isIPv4),
    loadBalancerIPs: lb ? (svc.status?.loadBalancer?.ingress ?? []).map((i) => i.ip).filter(isIPv4) : [],
    nodeLoadBalancer: lb && !spec.loadBalancerClass,
    externalPolicyLocal: externallyAccessible && spec.externalTrafficPolicy === 'Local',
    internalPolicyLocal: spec.internalTrafficPolicy === 'Local',
    affinitySeconds: affinitySeconds(svc),
    endpoints: [...(endpoints?.values() ?? [])].sort((a, b) => compareAddress(a.address, b.address)),
  };
}

/** Numeric order of "a.b.c.d:port" strings, so rules come out the same on every sync. */
function compareAddress(a: string, b: string): number {
  const num = (s: string): number[] => s.split(/[.:]/).map(Number);
  const x = num(a), y = num(b);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return 0;
}

/** Every proxied service port, sorted by name and protocol. */
export function servicePorts(services: Service[], slices: EndpointSlice[]): ServicePortInfo[] {
  const endpoints = endpointsByPort(slices);
  const out: ServicePortInfo[] = [];
  for (const svc of services) {
    if (!isProxied(svc)) continue;
    for (const sp of svc.spec?.ports ?? []) {
      if (!PROTOCOLS.has(sp.protocol ?? 'TCP')) continue;
      const key = portKey(svc.metadata?.namespace ?? '', svc.metadata?.name ?? '', sp.name ?? '', sp.protocol ?? 'TCP');
      out.push(portInfo(svc, sp, endpoints.get(key)));
    }
  }
  return out.sort((a, b) => (a.name === b.name ? a.protocol.localeCompare(b.protocol) : a.name < b.name ? -1 : 1));
}

/**
 * kube-proxy's CategorizeEndpoints (without topology hints): cluster-wide traffic goes to ready endpoints,
 * or, when none is ready, to those still serving while terminating (so a rolling update drains
 * gracefully); node-local traffic picks the same way among this node's endpoints.
 */
export function categorizeEndpoints(sp: ServicePortInfo, nodeName: string): { cluster: EndpointInfo[]; local: EndpointInfo[] } {
  const pick = (eps: EndpointInfo[]): EndpointInfo[] => {
    const ready = eps.filter((e) => e.ready);
    return ready.length > 0 ? ready : eps.filter((e) => e.serving && e.terminating);
  };
  return { cluster: pick(sp.endpoints), local: pick(sp.endpoints.filter((e) => e.nodeName === nodeName)) };
}
