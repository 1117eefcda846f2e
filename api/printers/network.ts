// Service discovery tables: services, endpoints and endpoint slices.
import type { Endpoints, Service } from 'kubernetes-types/core/v1.js';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import { formatLabels } from '../selectors/label-selector.js';
import { AGE_COLUMN, NAME_COLUMN, ageOf, as, column, listWithMore, nameOf, type RowPrinter } from './columns.js';

const MAX_LISTED = 3;

/** The load balancer's addresses, sorted and deduplicated (the server prints the wide, unclipped form). */
function loadBalancerAddresses(svc: Service): string[] {
  const set = new Set<string>();
  for (const ing of svc.status?.loadBalancer?.ingress ?? []) {
    if (ing.ip) set.add(ing.ip);
    else if (ing.hostname) set.add(ing.hostname);
  }
  return [...set].sort();
}

function externalIP(svc: Service): string {
  const external = svc.spec?.externalIPs ?? [];
  switch (svc.spec?.type ?? 'ClusterIP') {
    case 'ClusterIP':
    case 'NodePort':
      return external.length > 0 ? external.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = loadBalancerAddresses(svc);
      if (external.length > 0) return [...lb, ...external].join(',');
      return lb.length > 0 ? lb.join(',') : '<pending>';
    }
    case 'ExternalName':
      return svc.spec?.externalName ?? '';
    default:
      return '<unknown>';
  }
}

/** "80/TCP", "80:30001/TCP,443:30443/TCP". */
function ports(svc: Service): string {
  const list = (svc.spec?.ports ?? []).map((p) => {
    const protocol = p.protocol ?? 'TCP';
    return p.nodePort ? `${p.port}:${p.nodePort}/${protocol}` : `${p.port}/${protocol}`;
  });
  return list.length > 0 ? list.join(',') : '<none>';
}

export const servicePrinter: RowPrinter = {
  columns: [
    NAME_COLUMN,
    column('Type', 'string', 'ServiceSpec.type'),
    column('Cluster-IP', 'string', 'ServiceSpec.clusterIP'),
    column('External-IP', 'string', 'ServiceSpec.externalIPs'),
    column('Port(s)', 'string', 'ServiceSpec.ports'),
    AGE_COLUMN,
    column('Selector', 'string', 'ServiceSpec.selector', 1),
  ],
  cells(obj, now) {
    const svc = as<Service>(obj);
    const clusterIP = svc.spec?.clusterIPs?.[0] || svc.spec?.clusterIP || '<none>';
    return [
      nameOf(obj), svc.spec?.type ?? 'ClusterIP', clusterIP, externalIP(svc), ports(svc), ageOf(obj, now),
      formatLabels(svc.spec?.selector),
    ];
  },
};

/** net.JoinHostPort: IPv6 addresses get brackets. */
function hostPort(ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

/** "10.0.0.1:80,10.0.0.2:80,10.0.0.3:80 + 2 more..." */
function formatEndpoints(ep: Endpoints): string {
  const subsets = ep.subsets ?? [];
  if (subsets.length === 0) return '<none>';
  const list: string[] = [];
  let count = 0;
  for (const ss of subsets) {
    const addresses = ss.addresses ?? [];
    // Headless services may have addresses without ports.
    const targets = (ss.ports ?? []).length === 0
      ? addresses.map((a) => a.ip)
      : (ss.ports ?? []).flatMap((p) => addresses.map((a) => hostPort(a.ip, p.port)));
    count += targets.length;
    for (const t of targets) if (list.length < MAX_LISTED) list.push(t);
  }
  return listWithMore(list, count, '');
}

export const endpointsPrinter: RowPrinter = {
  columns: [NAME_COLUMN, column('Endpoints', 'string', 'Endpoints.subsets'), AGE_COLUMN],
  cells(obj, now) {
    return [nameOf(obj), formatEndpoints(as<Endpoints>(obj)), ageOf(obj, now)];
  },
};

export const endpointSlicePrinter: RowPrinter = {
  columns: [
    NAME_COLUMN,
    column('AddressType', 'string', 'EndpointSlice.addressType'),
    column('Ports', 'string', 'EndpointSlice.ports'),
    column('Endpoints', 'string', 'EndpointSlice.endpoints'),
    AGE_COLUMN,
  ],
  cells(obj, now) {
    const slice = as<EndpointSlice>(obj);
    const portList = (slice.ports ?? []).map((p) => (typeof p.port === 'number' ? String(p.port) : p.name ?? '*'));
    const addresses = (slice.endpoints ?? []).flatMap((e) => e.addresses ?? []);
    return [
      nameOf(obj), slice.addressType ?? '',
      listWithMore(portList.slice(0, MAX_LISTED), portList.length, '<unset>'),
      listWithMore(addresses.slice(0, MAX_LISTED), addresses.length, '<unset>'),
      ageOf(obj, now),
    ];
  },
};
