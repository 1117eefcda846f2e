// Endpoints subsets as upstream's RepackSubsets builds them: every (address, port, ready) the controller found
// is regrouped so addresses offering exactly the same ports share a subset (a named targetPort that resolves
// differently on two pods puts them in different subsets), sorted so equal content compares equal. Upstream
// caps an Endpoints at 1000 addresses and marks it truncated.
import type { EndpointAddress, EndpointPort, EndpointSubset } from 'kubernetes-types/core/v1.js';

export const MAX_ENDPOINTS_ADDRESSES = 1000;

export interface EndpointEntry {
  address: EndpointAddress;
  /** Undefined for a headless Service without ports. */
  port: EndpointPort | undefined;
  ready: boolean;
}

const addressKey = (a: EndpointAddress): string => `${a.ip}\x00${a.targetRef?.uid ?? ''}`;
const portKey = (p: EndpointPort | undefined): string =>
  p === undefined ? '' : JSON.stringify([p.name ?? '', p.port, p.protocol ?? 'TCP', p.appProtocol ?? null]);

function ipBytes(ip: string): number[] {
  return ip.includes(':') ? [1, ...ip.split(':').map((g) => parseInt(g || '0', 16))] : [0, ...ip.split('.').map(Number)];
}

function compareAddresses(a: EndpointAddress, b: EndpointAddress): number {
  const x = ipBytes(a.ip), y = ipBytes(b.ip);
  for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  const u = a.targetRef?.uid ?? '', v = b.targetRef?.uid ?? '';
  return u < v ? -1 : u > v ? 1 : 0;
}

function comparePorts(a: EndpointPort, b: EndpointPort): number {
  const n = (a.name ?? '').localeCompare(b.name ?? '');
  return n !== 0 ? n : a.port - b.port || (a.protocol ?? '').localeCompare(b.protocol ?? '');
}

export function repackSubsets(entries: EndpointEntry[]): EndpointSubset[] {
  const addresses = new Map<string, EndpointAddress>();
  // port → address → ready (ready wins when an address is seen both ways)
  const byPort = new Map<string, { port: EndpointPort | undefined; members: Map<string, boolean> }>();
  for (const e of entries) {
    const ak = addressKey(e.address);
    if (!addresses.has(ak)) addresses.set(ak, e.address);
    const pk = portKey(e.port);
    let group = byPort.get(pk);
    if (!group) byPort.set(pk, (group = { port: e.port, members: new Map() }));
    group.members.set(ak, group.members.get(ak) === true || e.ready);
  }
  // Ports offered by exactly the same addresses (with the same readiness) form one subset.
  const subsets = new Map<string, { members: Map<string, boolean>; ports: EndpointPort[] }>();
  for (const { port, members } of byPort.values()) {
    const signature = [...members].map(([k, r]) => `${k}\x00${r}`).sort().join('\x01');
    let s = subsets.get(signature);
    if (!s) subsets.set(signature, (s = { members, ports: [] }));
    if (port) s.ports.push(port);
  }
  const out: EndpointSubset[] = [];
  for (const { members, ports } of subsets.values()) {
    const ready = [...members].filter(([, r]) => r).map(([k]) => addresses.get(k)!).sort(compareAddresses);
    const notReady = [...members].filter(([, r]) => !r).map(([k]) => addresses.get(k)!).sort(compareAddresses);
    const subset: EndpointSubset = {};
    if (ready.length > 0) subset.addresses = ready;
    if (notReady.length > 0) subset.notReadyAddresses = notReady;
    if (ports.length > 0) subset.ports = ports.sort(comparePorts);
    out.push(subset);
  }
  const first = (s: EndpointSubset): EndpointAddress => (s.addresses ?? s.notReadyAddresses ?? [])[0];
  return out.sort((a, b) => compareAddresses(first(a), first(b)) || JSON.stringify(a.ports ?? []).localeCompare(JSON.stringify(b.ports ?? [])));
}

/** Caps the subsets at `max` addresses, ready ones first; true if anything was dropped. */
export function truncateSubsets(subsets: EndpointSubset[], max = MAX_ENDPOINTS_ADDRESSES): boolean {
  const total = subsets.reduce((n, s) => n + (s.addresses?.length ?? 0) + (s.notReadyAddresses?.length ?? 0), 0);
  if (total <= max) return false;
  let room = max;
  for (const field of ['addresses', 'notReadyAddresses'] as const) {
    for (const s of subsets) {
      const list = s[field];
      if (!list) continue;
      const keep = list.slice(0, Math.max(0, room));
      room -= keep.length;
      if (keep.length > 0) (s as Record<string, unknown>)[field] = keep;
      else delete (s as Record<string, unknown>)[field];
    }
  }
  const kept = subsets.filter((s) => (s.addresses?.length ?? 0) + (s.notReadyAddresses?.length ?? 0) > 0);
  subsets.splice(0, subsets.length, ...kept);
  return true;
}
