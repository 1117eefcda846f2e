// Service ClusterIP and NodePort allocation in the write path, as kube-apiserver's service REST does it:
// admission reserves in memory (so concurrent creates never share a value), a failed or dry-run write
// gives its reservations back, a durable update or delete releases what the Service no longer holds.
// The state is rebuilt from the stored Services at start, so a restart cannot hand out a value twice.
import type { Service } from 'kubernetes-types/core/v1.js';
import type { Logger } from 'pino';
import { InternalError, InvalidError } from '../../../api/errors/status-error.js';
import type { ResourceType } from '../../../api/resources/registry.js';
import type { KubeObject } from '../../../api/types/meta.js';
import { type Cause, child, index, invalid } from '../../../api/validation/field-error.js';
import { goStringSlice } from '../../../api/validation/go-format.js';
import type { Store } from '../../store/index.js';
import type { AdmissionPlugin } from '../admission.js';
import { RangeAllocator } from './range-allocator.js';
import { ipOffset, ipv4ToNumber, numberToIPv4, parsePortRange, parseServiceCidr, staticBand, type IPv4Range, type PortRange } from './ranges.js';
import {
  allocatesNodePorts, dropTypeDependentFields, hasNodePorts, isHeadless, needsClusterIP, needsHealthCheck, patchAllocatedValues,
  portNodePorts, specOf,
} from './service-fields.js';

export interface ServiceAllocationOptions {
  /** Where ClusterIPs come from (default 10.96.0.0/12); its first address is the `kubernetes` Service's. */
  serviceCidr?: string;
  /** Inclusive NodePort range (default 30000-32767). */
  nodePortRange?: [number, number];
  /** The allocator's state is rebuilt from the Services stored here. */
  store: Pick<Store, 'list'>;
  log?: Pick<Logger, 'info' | 'warn'>;
}

export interface ServiceAllocation extends AdmissionPlugin {
  /** The normalised service CIDR ("10.96.0.0/12"). */
  readonly serviceCidr: string;
  /** The first address of the range, reserved for the `kubernetes` Service. */
  readonly kubernetesServiceIP: string;
  /** Values held, by stored Services and by writes in flight. */
  usage(): { clusterIPs: number; nodePorts: number };
}

export const DEFAULT_SERVICE_CIDR = '10.96.0.0/12';
export const DEFAULT_NODE_PORT_RANGE: [number, number] = [30000, 32767];

/** What one write reserved, to give back if the write does not happen. */
interface Reservation {
  owner: string;
  /** The Service's name, for error messages. */
  name: string;
  ips: number[];
  ports: number[];
}

/**
 * Values are held by the Service's uid: it is set before admission and survives a generated name being
 * replaced after a collision, and a re-created Service of the same name is a different holder.
 */
const ownerOf = (obj: KubeObject): string => obj.metadata.uid ?? `${obj.metadata.namespace ?? ''}/${obj.metadata.name ?? ''}`;
const reservationFor = (obj: KubeObject): Reservation => ({ owner: ownerOf(obj), name: obj.metadata.name ?? '', ips: [], ports: [] });
const asService = (obj: KubeObject): Service => obj as Service;

export function serviceAllocation(options: ServiceAllocationOptions): ServiceAllocation {
  return new ServiceAllocator(options);
}

class ServiceAllocator implements ServiceAllocation {
  readonly name = 'ServiceAllocation';
  readonly serviceCidr: string;
  readonly kubernetesServiceIP: string;
  private readonly ipRange: IPv4Range;
  private readonly portRange: PortRange;
  private readonly ips: RangeAllocator;
  private readonly ports: RangeAllocator;
  /** Reservations of writes between admission and their outcome, keyed by the object admission saw. */
  private readonly inFlight = new WeakMap<KubeObject, Reservation>();

  constructor(private readonly opts: ServiceAllocationOptions) {
    this.ipRange = parseServiceCidr(opts.serviceCidr ?? DEFAULT_SERVICE_CIDR);
    this.portRange = parsePortRange(opts.nodePortRange ?? DEFAULT_NODE_PORT_RANGE);
    this.serviceCidr = this.ipRange.cidr;
    this.kubernetesServiceIP = numberToIPv4(this.ipRange.base);
    // Offset 0 (x.x.0.1) is the `kubernetes` Service's: never handed out dynamically.
    this.ips = new RangeAllocator(this.ipRange.size, staticBand(this.ipRange.size, 'ip'), new Set([0]));
    this.ports = new RangeAllocator(this.portRange.size, staticBand(this.portRange.size, 'port'));
    this.rebuild();
  }

  handles(rt: ResourceType): boolean {
    return rt.group === '' && rt.resource === 'services';
  }

  usage(): { clusterIPs: number; nodePorts: number } {
    return { clusterIPs: this.ips.used, nodePorts: this.ports.used };
  }

  admitCreate(_rt: ResourceType, obj: KubeObject): void {
    const svc = asService(obj);
    const r = reservationFor(obj);
    try {
      this.checkIPFamilies(svc);
      if (needsClusterIP(svc) && !isHeadless(svc)) this.allocateClusterIP(svc, r);
      if (hasNodePorts(svc)) this.allocateNodePorts(svc, new Set(), r);
      if (needsHealthCheck(svc)) this.allocateHealthCheck(svc, r);
    } catch (err) {
      this.giveBack(r);
      throw err;
    }
    this.inFlight.set(obj, r);
  }

  admitUpdate(_rt: ResourceType, obj: KubeObject, oldObj: KubeObject): void {
    const svc = asService(obj), old = asService(oldObj);
    dropTypeDependentFields(svc, old);
    patchAllocatedValues(svc, old);
    const r = reservationFor(obj);
    try {
      this.checkIPFamilies(svc);
      // A Service that has its IP keeps it: a different one is validation's to refuse (immutable).
      const hadIP = needsClusterIP(old) && (old.spec?.clusterIPs?.[0] || old.spec?.clusterIP);
      if (!hadIP && needsClusterIP(svc) && !isHeadless(svc)) this.allocateClusterIP(svc, r);
      if (hasNodePorts(svc)) this.allocateNodePorts(svc, new Set(hasNodePorts(old) ? portNodePorts(old) : []), r);
      if (needsHealthCheck(svc) && !needsHealthCheck(old)) this.allocateHealthCheck(svc, r);
    } catch (err) {
      this.giveBack(r);
      throw err;
    }
    this.inFlight.set(obj, r);
  }

  abort(_rt: ResourceType, obj: KubeObject): void {
    const r = this.inFlight.get(obj);
    if (!r) return;
    this.inFlight.delete(obj);
    this.giveBack(r);
  }

  committed(_rt: ResourceType, obj: KubeObject, old: KubeObject | undefined, deleted: boolean): void {
    const owner = ownerOf(obj);
    const held = this.holdings(asService(obj));
    if (deleted) {
      const before = old ? this.holdings(asService(old)) : { ips: [], ports: [] };
      for (const ip of new Set([...held.ips, ...before.ips])) this.ips.release(ip, owner);
      for (const port of new Set([...held.ports, ...before.ports])) this.ports.release(port, owner);
      return;
    }
    if (!old) return;
    const prev = this.holdings(asService(old));
    for (const ip of prev.ips) if (!held.ips.includes(ip)) this.ips.release(ip, owner);
    for (const port of prev.ports) if (!held.ports.includes(port)) this.ports.release(port, owner);
  }

  private giveBack(r: Reservation): void {
    for (const ip of r.ips) this.ips.release(ip, r.owner);
    for (const port of r.ports) this.ports.release(port, r.owner);
  }

  /** The offsets a stored Service holds. */
  private holdings(svc: Service): { ips: number[]; ports: number[] } {
    const ips: number[] = [];
    const ip = svc.spec?.clusterIPs?.[0] || svc.spec?.clusterIP;
    if (needsClusterIP(svc) && ip && ip !== 'None') {
      const off = ipOffset(this.ipRange, ip);
      if (off !== undefined) ips.push(off);
    }
    const numbers = [...portNodePorts(svc), svc.spec?.healthCheckNodePort ?? 0];
    const ports = numbers.map((n) => this.portOffset(n)).filter((o): o is number => o !== undefined);
    return { ips, ports: [...new Set(ports)] };
  }

  private portOffset(port: number): number | undefined {
    const off = port - this.portRange.base;
    return Number.isInteger(port) && off >= 0 && off < this.portRange.size ? off : undefined;
  }

  private rebuild(): void {
    const started = performance.now();
    const conflicts: string[] = [];
    const { entries } = this.opts.store.list('', 'services');
    for (const { object } of entries) {
      const owner = ownerOf(object);
      const who = `${object.metadata.namespace}/${object.metadata.name}`;
      const held = this.holdings(asService(object));
      for (const ip of held.ips) if (!this.ips.allocate(ip, owner)) conflicts.push(`${who}: clusterIP ${numberToIPv4(this.ipRange.base + ip)} is held twice`);
      for (const port of held.ports) if (!this.ports.allocate(port, owner)) conflicts.push(`${who}: nodePort ${this.portRange.base + port} is held twice`);
    }
    if (conflicts.length > 0) this.opts.log?.warn({ conflicts }, 'stored Services share allocated values');
    this.opts.log?.info({ services: entries.length, ...this.usage(), serviceCidr: this.serviceCidr, nodePorts: this.portRange.text, ms: Math.round(performance.now() - started) }, 'service allocations rebuilt');
  }

  /** Single-stack IPv4: refuse what needs another family, as upstream's initIPFamilyFields does. */
  private checkIPFamilies(svc: Service): void {
    if (!needsClusterIP(svc)) return;
    const spec = specOf(svc);
    if (isHeadless(svc) && Object.keys(spec.selector ?? {}).length === 0) {
      // Headless without a selector may list both families even on a single-stack cluster.
      const families = spec.ipFamilies ?? [];
      if (spec.ipFamilyPolicy && spec.ipFamilyPolicy !== 'SingleStack' && families.length === 1) {
        spec.ipFamilies = [families[0], families[0] === 'IPv4' ? 'IPv6' : 'IPv4'];
      }
      return;
    }
    const causes: Cause[] = [];
    if (spec.ipFamilyPolicy === 'RequireDualStack') causes.push(invalid('spec.ipFamilyPolicy', spec.ipFamilyPolicy, 'this cluster is not configured for dual-stack services'));
    (spec.ipFamilies ?? []).forEach((f, i) => {
      if (f !== 'IPv4') causes.push(invalid(index('spec.ipFamilies', i), f, 'not configured on this cluster'));
    });
    if (causes.length > 0) throw new InvalidError('Service', '', svc.metadata?.name ?? '', causes);
  }

  private allocateClusterIP(svc: Service, r: Reservation): void {
    const spec = specOf(svc);
    const requested = spec.clusterIPs?.[0] || spec.clusterIP || '';
    if (requested === '') {
      const off = this.ips.allocateNext(r.owner);
      if (off === undefined) throw new InternalError('failed to allocate a serviceIP: range is full');
      r.ips.push(off);
      const ip = numberToIPv4(this.ipRange.base + off);
      spec.clusterIP = ip;
      spec.clusterIPs = [ip];
      return;
    }
    // Not an IPv4 address: validation names the field and the problem.
    if (ipv4ToNumber(requested) === undefined) return;
    const off = ipOffset(this.ipRange, requested);
    let why: string | undefined;
    if (off === undefined) why = `the provided IP (${requested}) is not in the valid range. The range of valid IPs is ${this.ipRange.cidr}`;
    else if (!this.ips.allocate(off, r.owner)) why = 'provided IP is already allocated';
    if (why !== undefined) {
      throw new InvalidError('Service', '', r.name, [invalid('spec.clusterIPs', goStringSlice(spec.clusterIPs ?? [requested]), `failed to allocate IP ${requested}: ${why}`)]);
    }
    r.ips.push(off!);
    spec.clusterIP = requested;
    spec.clusterIPs = [requested, ...(spec.clusterIPs ?? []).slice(1)];
  }

  /**
   * Each port that names a node port gets it (unless `kept`: the Service holds it already); the others get
   * one when the type allocates them. Ports with the same number (TCP and UDP) share one, as upstream.
   */
  private allocateNodePorts(svc: Service, kept: Set<number>, r: Reservation): void {
    const ports = specOf(svc).ports ?? [];
    const byServicePort = new Map<number, number>();
    const takenHere = new Set<number>();
    ports.forEach((p, i) => {
      if (!p.nodePort && !allocatesNodePorts(svc)) return;
      const shared = byServicePort.get(p.port);
      if (!p.nodePort && shared !== undefined) {
        p.nodePort = shared;
        return;
      }
      if (!p.nodePort) {
        const requested = ports.find((q) => q.port === p.port && q.nodePort)?.nodePort;
        p.nodePort = requested ?? this.nextPort(r);
        if (requested !== undefined) this.takePort(requested, kept, takenHere, r, child(index('spec.ports', i), 'nodePort'));
      } else {
        this.takePort(p.nodePort, kept, takenHere, r, child(index('spec.ports', i), 'nodePort'));
      }
      byServicePort.set(p.port, p.nodePort);
    });
  }

  private takePort(port: number, kept: Set<number>, takenHere: Set<number>, r: Reservation, field: string): void {
    if (kept.has(port) || takenHere.has(port)) return;
    const why = this.reservePort(port, r);
    if (why !== undefined) throw new InvalidError('Service', '', r.name, [invalid(field, port, why)]);
    takenHere.add(port);
  }

  /** Reserves `port`; the reason it cannot be had, if not. */
  private reservePort(port: number, r: Reservation): string | undefined {
    const off = this.portOffset(port);
    if (off === undefined) return `provided port is not in the valid range. The range of valid ports is ${this.portRange.text}`;
    if (!this.ports.allocate(off, r.owner)) return 'provided port is already allocated';
    r.ports.push(off);
    return undefined;
  }

  private nextPort(r: Reservation): number {
    const off = this.ports.allocateNext(r.owner);
    if (off === undefined) throw new InternalError('failed to allocate a nodePort: range is full');
    r.ports.push(off);
    return this.portRange.base + off;
  }

  private allocateHealthCheck(svc: Service, r: Reservation): void {
    const spec = specOf(svc);
    const requested = spec.healthCheckNodePort ?? 0;
    if (!requested) {
      spec.healthCheckNodePort = this.nextPort(r);
      return;
    }
    const why = this.reservePort(requested, r);
    if (why !== undefined) throw new InternalError(`failed to allocate requested HealthCheck NodePort ${requested}: ${why}`);
  }
}
