// The Kubernetes DNS schema (github.com/kubernetes/dns docs/specification.md) over a ClusterView: which
// records a name in the cluster zone has. Pure: a lowercased question in, sections and an rcode out.
//   <svc>.<ns>.svc.<zone>              A/AAAA ClusterIPs; headless: ready endpoints; ExternalName: CNAME
//   <host>.<svc>.<ns>.svc.<zone>       A/AAAA of a headless Service's endpoint (its hostname, else its dashed IP)
//   _<port>._<proto>.<svc>.<ns>.svc.<zone>  SRV per named port (to the Service, or to each endpoint if headless)
//   <a-b-c-d>.<ns>.pod.<zone>          A of that address (checked against Pods in 'verified' mode)
//   dns-version.<zone>                 TXT schema version; the apex has SOA and NS
// A name that exists without the asked type gets NODATA (NOERROR, no answer, SOA in authority); a name that
// does not exist gets NXDOMAIN with the SOA, as resolvers need both to cache negative answers.
import type { Service } from 'kubernetes-types/core/v1.js';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import type { ClusterView } from './cluster-view.js';
import { serviceIPs } from './cluster-view.js';
import { canonicalIP, dashedIP, undashIP } from './ip.js';
import { RCode, RRClass, RRType, type RData, type ResourceRecord } from './message.js';
import { splitLabels } from './names.js';

export type PodRecordMode = 'insecure' | 'verified' | 'disabled';

export interface ZoneConfig {
  /** The cluster domain, lowercased, no trailing dot (cluster.local). */
  zone: string;
  ttl: number;
  podRecords: PodRecordMode;
  /** Addresses for ns.dns.<zone> (the server's own). */
  nameserverIPs: string[];
}

export interface ClusterAnswer {
  rcode: number;
  answers: ResourceRecord[];
  authority: ResourceRecord[];
  additional: ResourceRecord[];
  /** An ExternalName's target outside the zone: the caller resolves it upstream and appends the answers. */
  chase?: string;
}

export const DNS_SCHEMA_VERSION = '1.0.1';
const VERSION_TTL = 28800;

const rr = (name: string, type: number, ttl: number, data: RData): ResourceRecord => ({ name, type, class: RRClass.IN, ttl, data });
const addrRR = (name: string, ip: string, ttl: number): ResourceRecord =>
  ip.includes(':') ? rr(name, RRType.AAAA, ttl, { kind: 'aaaa', address: ip }) : rr(name, RRType.A, ttl, { kind: 'a', address: ip });
const wantsAddr = (qtype: number, ip: string): boolean =>
  qtype === RRType.ANY || (ip.includes(':') ? qtype === RRType.AAAA : qtype === RRType.A);

/** The SOA of the zone (in authority for negative answers, in answer for SOA queries). */
export function soaRecord(view: ClusterView, cfg: ZoneConfig): ResourceRecord {
  return rr(cfg.zone, RRType.SOA, cfg.ttl, {
    kind: 'soa', mname: `ns.dns.${cfg.zone}`, rname: `hostmaster.${cfg.zone}`, serial: view.serial(),
    refresh: 7200, retry: 1800, expire: 86400, minimum: cfg.ttl,
  });
}

/** Answers a question whose name is inside the zone (`qname` lowercased, without trailing dot). */
export function answerCluster(view: ClusterView, cfg: ZoneConfig, qname: string, qtype: number, depth = 0): ClusterAnswer {
  const nx = (): ClusterAnswer => ({ rcode: RCode.NXDOMAIN, answers: [], authority: [soaRecord(view, cfg)], additional: [] });
  const answer = (answers: ResourceRecord[], additional: ResourceRecord[] = []): ClusterAnswer =>
    answers.length > 0 ? { rcode: RCode.NOERROR, answers, authority: [], additional } : { rcode: RCode.NOERROR, answers: [], authority: [soaRecord(view, cfg)], additional: [] };

  const rel = qname === cfg.zone ? [] : qname.slice(0, qname.length - cfg.zone.length - 1).split('.');
  const n = rel.length;
  const ttl = cfg.ttl;

  if (n === 0) {
    if (qtype === RRType.SOA || qtype === RRType.ANY) return answer([soaRecord(view, cfg)]);
    if (qtype === RRType.NS) return answer([rr(qname, RRType.NS, ttl, { kind: 'name', target: `ns.dns.${cfg.zone}` })], nsAddresses(cfg));
    return answer([]);
  }
  const top = rel[n - 1];
  if (n === 1 && top === 'dns-version') {
    return answer(qtype === RRType.TXT || qtype === RRType.ANY ? [rr(qname, RRType.TXT, VERSION_TTL, { kind: 'txt', texts: [Buffer.from(DNS_SCHEMA_VERSION)] })] : []);
  }
  if (n === 2 && rel[0] === 'ns' && top === 'dns') return answer(nsAddresses(cfg).filter((a) => wantsAddr(qtype, addressOf(a))));
  if (n === 1 && (top === 'svc' || top === 'pod' || top === 'dns')) return answer([]);

  if (top === 'pod') {
    if (cfg.podRecords === 'disabled') return nx();
    if (n === 2) return answer([]);
    if (n !== 3) return nx();
    const addr = undashIP(rel[0]);
    if (!addr) return nx();
    const ns = rel[1];
    if (cfg.podRecords === 'verified' && !view.podsByIP(addr.ip).some((p) => p.metadata?.namespace === ns)) return nx();
    return answer(wantsAddr(qtype, addr.ip) ? [addrRR(qname, addr.ip, ttl)] : []);
  }
  if (top !== 'svc') return nx();

  const ns = rel[n - 2];
  if (n === 2) return view.hasNamespace(ns) ? answer([]) : nx();
  const svc = view.service(ns, rel[n - 3]);
  if (!svc) return nx();
  const headless = isHeadless(svc);

  if (n === 3) {
    if (svc.spec?.type === 'ExternalName') return externalName(view, cfg, qname, qtype, svc, depth);
    if (headless) {
      const eps = readyEndpoints(view, svc);
      if (eps.length === 0) return nx();
      if (qtype === RRType.SRV) return srvAnswer(view, cfg, qname, svc, eps, undefined, undefined);
      return answer(uniqueIPs(eps).filter((ip) => wantsAddr(qtype, ip)).map((ip) => addrRR(qname, ip, ttl)));
    }
    if (qtype === RRType.SRV) return srvAnswer(view, cfg, qname, svc, [], undefined, undefined);
    return answer(serviceIPs(svc).filter((ip) => wantsAddr(qtype, ip)).map((ip) => addrRR(qname, ip, ttl)));
  }

  if (n === 4 && !rel[0].startsWith('_')) {
    if (!headless || svc.spec?.type === 'ExternalName') return nx();
    const mine = readyEndpoints(view, svc).filter((e) => e.hostname === rel[0]);
    if (mine.length === 0) return nx();
    return answer(uniqueIPs(mine).filter((ip) => wantsAddr(qtype, ip)).map((ip) => addrRR(qname, ip, ttl)));
  }

  if (n === 5 && rel[0].startsWith('_') && rel[1].startsWith('_') && svc.spec?.type !== 'ExternalName') {
    const port = rel[0].slice(1), proto = rel[1].slice(1);
    const eps = headless ? readyEndpoints(view, svc) : [];
    if (headless && eps.length === 0) return nx();
    const res = srvAnswer(view, cfg, qname, svc, eps, port, proto);
    if (res.answers.length === 0) return nx();
    return qtype === RRType.SRV || qtype === RRType.ANY ? res : answer([]);
  }
  return nx();

  function nsAddresses(c: ZoneConfig): ResourceRecord[] {
    return c.nameserverIPs.map((ip) => addrRR(`ns.dns.${c.zone}`, ip, ttl));
  }
}

function addressOf(r: ResourceRecord): string {
  return r.data.kind === 'a' || r.data.kind === 'aaaa' ? r.data.address : '';
}

export function isHeadless(svc: Service): boolean {
  return svc.spec?.clusterIP === 'None';
}

export interface ReadyEndpoint {
  ip: string;
  /** The endpoint's hostname, or its dashed IP when it has none. */
  hostname: string;
}

interface SliceEndpoint extends ReadyEndpoint {
  ready: boolean;
}

// Cached objects are replaced, never changed, on update: per-object results can be kept until they go.
const sliceMemo = new WeakMap<EndpointSlice, SliceEndpoint[]>();

function sliceEndpoints(slice: EndpointSlice): SliceEndpoint[] {
  let out = sliceMemo.get(slice);
  if (out) return out;
  out = [];
  if (slice.addressType === 'IPv4' || slice.addressType === 'IPv6') {
    for (const ep of slice.endpoints ?? []) {
      for (const a of ep.addresses) {
        const ip = canonicalIP(a);
        // Unknown readiness counts as ready, as the EndpointSlice API documents.
        if (ip) out.push({ ip, hostname: ep.hostname ?? dashedIP(ip), ready: ep.conditions?.ready !== false });
      }
    }
  }
  sliceMemo.set(slice, out);
  return out;
}

/** The endpoints DNS publishes: ready ones, or all with publishNotReadyAddresses. */
export function readyEndpoints(view: ClusterView, svc: Service): ReadyEndpoint[] {
  const all = svc.spec?.publishNotReadyAddresses === true;
  const slices = view.endpointSlices(svc.metadata?.namespace ?? '', svc.metadata?.name ?? '');
  if (slices.length === 1 && all) return sliceEndpoints(slices[0]);
  const seen = new Set<string>();
  const out: ReadyEndpoint[] = [];
  for (const slice of slices) {
    for (const e of sliceEndpoints(slice)) {
      if (!all && !e.ready) continue;
      // An endpoint can sit in two slices while the controller moves it.
      const key = `${e.hostname}/${e.ip}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(e);
    }
  }
  return out;
}

const uniqueIPs = (eps: ReadyEndpoint[]): string[] => [...new Set(eps.map((e) => e.ip))];

/**
 * SRV records: for a ClusterIP Service one per port, targeting the Service; for a headless one, one per
 * endpoint and port, targeting the endpoint's name, with the targets' addresses in additional. `port`/`proto`
 * (lowercased) select named ports; without them (a query on the Service name itself) every port counts.
 */
function srvAnswer(view: ClusterView, cfg: ZoneConfig, qname: string, svc: Service, eps: ReadyEndpoint[], port: string | undefined, proto: string | undefined): ClusterAnswer {
  const ns = svc.metadata?.namespace ?? '';
  const svcName = `${svc.metadata?.name}.${ns}.svc.${cfg.zone}`;
  const matches = (p: { name?: string; protocol?: string }): boolean =>
    port === undefined || (!!p.name && p.name.toLowerCase() === port && (p.protocol ?? 'TCP').toLowerCase() === proto);
  const answers: ResourceRecord[] = [];
  const additional: ResourceRecord[] = [];
  const srv = (portNum: number, target: string, weight: number): ResourceRecord =>
    rr(qname, RRType.SRV, cfg.ttl, { kind: 'srv', priority: 0, weight, port: portNum, target });
  if (!isHeadless(svc)) {
    const ports = (svc.spec?.ports ?? []).filter(matches);
    for (const p of ports) answers.push(srv(p.port, svcName, Math.max(1, Math.floor(100 / ports.length))));
    if (answers.length > 0) for (const ip of serviceIPs(svc)) additional.push(addrRR(svcName, ip, cfg.ttl));
  } else {
    // Headless: clients dial the endpoints, so the endpoint ports (target ports) are the ones to publish.
    const ports = new Map<string, number>();
    for (const slice of view.endpointSlices(ns, svc.metadata?.name ?? '')) {
      for (const p of slice.ports ?? []) if (p.port !== undefined && p.port !== null && matches(p)) ports.set(`${p.name ?? ''}/${p.protocol ?? 'TCP'}/${p.port}`, p.port);
    }
    const total = ports.size * eps.length;
    const targets = new Set<string>();
    for (const portNum of ports.values()) {
      for (const e of eps) {
        const target = `${e.hostname}.${svcName}`;
        answers.push(srv(portNum, target, Math.max(1, Math.floor(100 / total))));
        if (!targets.has(`${target}/${e.ip}`)) {
          targets.add(`${target}/${e.ip}`);
          additional.push(addrRR(target, e.ip, cfg.ttl));
        }
      }
    }
  }
  return answers.length > 0 ? { rcode: RCode.NOERROR, answers, authority: [], additional } : { rcode: RCode.NOERROR, answers: [], authority: [soaRecord(view, cfg)], additional: [] };
}

function externalName(view: ClusterView, cfg: ZoneConfig, qname: string, qtype: number, svc: Service, depth: number): ClusterAnswer {
  const target = (svc.spec?.externalName ?? '').toLowerCase().replace(/\.$/, '');
  try {
    if (target === '' || splitLabels(target).length === 0) throw new Error('empty');
  } catch {
    return { rcode: RCode.NOERROR, answers: [], authority: [soaRecord(view, cfg)], additional: [] };
  }
  const cname = rr(qname, RRType.CNAME, cfg.ttl, { kind: 'name', target });
  if (qtype === RRType.CNAME) return { rcode: RCode.NOERROR, answers: [cname], authority: [], additional: [] };
  const inZone = target === cfg.zone || target.endsWith(`.${cfg.zone}`);
  if (!inZone) return { rcode: RCode.NOERROR, answers: [cname], authority: [], additional: [], chase: target };
  // A target inside the zone is resolved here (bounded, as a chain of ExternalNames could loop).
  if (depth >= 8) return { rcode: RCode.NOERROR, answers: [cname], authority: [], additional: [] };
  const next = answerCluster(view, cfg, target, qtype, depth + 1);
  return { ...next, answers: [cname, ...next.answers] };
}

/**
 * The PTR answer for an address the cluster knows — a Service's ClusterIP, a headless Service's endpoint, a
 * Pod — or undefined, so the caller can pass the question upstream (a reverse zone is not ours alone).
 */
export function answerReverse(view: ClusterView, cfg: ZoneConfig, qname: string, qtype: number, ip: string): ClusterAnswer | undefined {
  const targets: string[] = [];
  for (const svc of view.servicesByIP(ip)) targets.push(`${svc.metadata?.name}.${svc.metadata?.namespace}.svc.${cfg.zone}`);
  if (targets.length === 0) {
    for (const slice of view.endpointSlicesByIP(ip)) {
      const svcName = slice.metadata?.labels?.['kubernetes.io/service-name'];
      const ns = slice.metadata?.namespace ?? '';
      const svc = svcName ? view.service(ns, svcName) : undefined;
      if (!svc || !isHeadless(svc)) continue;
      for (const e of readyEndpoints(view, svc)) if (e.ip === ip) targets.push(`${e.hostname}.${svcName}.${ns}.svc.${cfg.zone}`);
    }
  }
  if (targets.length === 0 && cfg.podRecords !== 'disabled') {
    for (const pod of view.podsByIP(ip)) targets.push(`${dashedIP(ip)}.${pod.metadata?.namespace}.pod.${cfg.zone}`);
  }
  const unique = [...new Set(targets)];
  if (unique.length === 0) return undefined;
  if (qtype !== RRType.PTR && qtype !== RRType.ANY) return { rcode: RCode.NOERROR, answers: [], authority: [], additional: [] };
  return { rcode: RCode.NOERROR, answers: unique.map((t) => rr(qname, RRType.PTR, cfg.ttl, { kind: 'name', target: t })), authority: [], additional: [] };
}
