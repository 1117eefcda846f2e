// The `kubernetes` Service in `default`: the API server's own address inside the cluster (the first IP of
// the service CIDR, port 443), with the Endpoints and EndpointSlice kube-apiserver keeps pointing at
// itself. Called at every control-plane start; it creates what is missing and corrects what drifted
// (the API server's port may change between starts).
import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';
import { findResource, type ResourceType } from '../../../api/resources/registry.js';
import type { KubeObject } from '../../../api/types/meta.js';
import { deepEqual } from '../../../api/util/deep-equal.js';
import { validateNonSpecialIP } from '../../../api/validation/ip.js';
import { systemContext } from '../context.js';
import type { ResourceRegistry } from '../resource-registry.js';
import { ipv4ToNumber, numberToIPv4, parseServiceCidr } from './ranges.js';
import { DEFAULT_SERVICE_CIDR } from './service-allocator.js';

const SERVICES = findResource('', 'v1', 'services')!;
const ENDPOINTS = findResource('', 'v1', 'endpoints')!;
const SLICES = findResource('discovery.k8s.io', 'v1', 'endpointslices')!;
const NAME = 'kubernetes';
const NAMESPACE = 'default';

export interface KubernetesServiceOptions {
  /** The host the API server listens on. */
  apiServerHost: string;
  apiServerPort: number;
  /**
   * The address pods reach the API server at. Default: apiServerHost when it is a routable IPv4 address,
   * else the machine's first non-internal IPv4 address (Endpoints may not hold loopback addresses).
   */
  advertiseAddress?: string;
  serviceCidr?: string;
  /** The machine's interfaces (tests pass their own). */
  interfaces?: () => NodeJS.Dict<NetworkInterfaceInfo[]>;
}

export interface KubernetesServiceResult {
  clusterIP: string;
  /** The address the Endpoints point at; undefined when the machine has none pods could reach. */
  endpointAddress: string | undefined;
  /** Which of service, endpoints, endpointslice were created or corrected. */
  written: string[];
}

export async function ensureKubernetesService(registry: ResourceRegistry, opts: KubernetesServiceOptions): Promise<KubernetesServiceResult> {
  const range = parseServiceCidr(opts.serviceCidr ?? DEFAULT_SERVICE_CIDR);
  const clusterIP = numberToIPv4(range.base);
  const address = opts.advertiseAddress ?? advertiseAddressFor(opts.apiServerHost, opts.interfaces ?? networkInterfaces);
  const port = opts.apiServerPort;
  const written: string[] = [];

  const service: KubeObject = {
    apiVersion: 'v1', kind: 'Service',
    metadata: { name: NAME, namespace: NAMESPACE, labels: { component: 'apiserver', provider: 'kubernetes' } },
    spec: {
      type: 'ClusterIP', clusterIP, clusterIPs: [clusterIP], ipFamilyPolicy: 'SingleStack', sessionAffinity: 'None',
      ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: port }],
    },
  };
  if (await ensure(registry, SERVICES, service, (cur) => {
    const spec = (cur.spec ?? {}) as Record<string, unknown>;
    if (deepEqual(spec.ports, (service.spec as Record<string, unknown>).ports) && spec.type === 'ClusterIP') return undefined;
    return { ...cur, spec: { ...spec, type: 'ClusterIP', ports: (service.spec as Record<string, unknown>).ports } };
  })) written.push('service');

  const ports = [{ name: 'https', port, protocol: 'TCP' }];
  const endpoints: KubeObject = {
    apiVersion: 'v1', kind: 'Endpoints',
    // The API server keeps its own EndpointSlice: the mirroring controller must leave this one alone.
    metadata: { name: NAME, namespace: NAMESPACE, labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
    subsets: address ? [{ addresses: [{ ip: address }], ports }] : [],
  };
  if (await ensure(registry, ENDPOINTS, endpoints, (cur) =>
    deepEqual(cur.subsets ?? [], endpoints.subsets) ? undefined : { ...cur, subsets: endpoints.subsets })) written.push('endpoints');

  const slice: KubeObject = {
    apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice',
    metadata: { name: NAME, namespace: NAMESPACE, labels: { 'kubernetes.io/service-name': NAME } },
    addressType: 'IPv4',
    endpoints: address ? [{ addresses: [address], conditions: { ready: true } }] : [],
    ports,
  };
  if (await ensure(registry, SLICES, slice, (cur) =>
    deepEqual(cur.endpoints ?? [], slice.endpoints) && deepEqual(cur.ports ?? [], slice.ports)
      ? undefined
      : { ...cur, endpoints: slice.endpoints, ports: slice.ports })) written.push('endpointslice');

  return { clusterIP, endpointAddress: address, written };
}

/** Creates `desired` if missing, else applies `fix` (undefined: nothing to change). True when it wrote. */
async function ensure(registry: ResourceRegistry, rt: ResourceType, desired: KubeObject, fix: (current: KubeObject) => KubeObject | undefined): Promise<boolean> {
  const ctx = systemContext('kube-apiserver');
  const current = registry.tryGet(rt, NAMESPACE, NAME);
  if (!current) {
    await registry.createDecoded(rt, structuredClone(desired), ctx);
    return true;
  }
  if (fix(current) === undefined) return false;
  await registry.guaranteedUpdate(rt, NAMESPACE, NAME, ctx, false, (cur) => {
    if (!cur) return { create: structuredClone(desired) };
    return { next: structuredClone(fix(cur) ?? cur) };
  });
  return true;
}

const routable = (ip: string): boolean => ipv4ToNumber(ip) !== undefined && validateNonSpecialIP(ip, 'ip').length === 0;

/** The listen address if pods can reach it, else the machine's first routable IPv4 address. */
export function advertiseAddressFor(host: string, interfaces: () => NodeJS.Dict<NetworkInterfaceInfo[]>): string | undefined {
  if (routable(host)) return host;
  for (const list of Object.values(interfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal && routable(a.address)) return a.address;
  }
  return undefined;
}
