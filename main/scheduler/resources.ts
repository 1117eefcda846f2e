// Resource arithmetic as kube-scheduler does it: cpu in millicores, everything else in whole units
// (bytes for memory and ephemeral-storage), plain numbers so a decision costs no bigint work.
// A pod's requests follow resourcehelper.PodRequests: the sum of its containers (plus sidecars), the
// largest init container if that is bigger, plus the pod overhead.
import type { Container, Node, Pod } from 'kubernetes-types/core/v1.js';
import { Quantity } from '../../api/quantity/index.js';

export interface Resources {
  milliCpu: number;
  memory: number;
  ephemeralStorage: number;
  /** Extended resources, hugepages and the like; undefined when there are none. */
  scalar: Map<string, number> | undefined;
}

export interface NodeAllocatable extends Resources {
  /** status.allocatable.pods */
  pods: number;
}

/** Defaults the scorers use for a container that names no cpu or memory request (schedutil). */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

type ResourceList = Readonly<Record<string, unknown>> | undefined;

export function emptyResources(): Resources {
  return { milliCpu: 0, memory: 0, ephemeralStorage: 0, scalar: undefined };
}

/** Resources that are neither cpu, memory, ephemeral-storage nor pod counts (IsScalarResourceName). */
export function isScalarResource(name: string): boolean {
  return name !== 'cpu' && name !== 'memory' && name !== 'ephemeral-storage' && name !== 'pods' && name !== 'storage';
}

function amount(name: string, value: unknown): number {
  const q = Quantity.tryParse(value);
  if (!q) return 0;
  return Number(name === 'cpu' ? q.milliValue() : q.value());
}

export function parseResourceList(list: ResourceList): Resources {
  const r = emptyResources();
  if (!list) return r;
  for (const [name, value] of Object.entries(list)) {
    const v = amount(name, value);
    if (name === 'cpu') r.milliCpu = v;
    else if (name === 'memory') r.memory = v;
    else if (name === 'ephemeral-storage') r.ephemeralStorage = v;
    else if (isScalarResource(name)) (r.scalar ??= new Map()).set(name, v);
  }
  return r;
}

export function addInto(into: Resources, r: Resources, sign = 1): void {
  into.milliCpu += sign * r.milliCpu;
  into.memory += sign * r.memory;
  into.ephemeralStorage += sign * r.ephemeralStorage;
  if (r.scalar) {
    const s = (into.scalar ??= new Map());
    for (const [k, v] of r.scalar) s.set(k, (s.get(k) ?? 0) + sign * v);
  }
}

function maxInto(into: Resources, r: Resources): void {
  into.milliCpu = Math.max(into.milliCpu, r.milliCpu);
  into.memory = Math.max(into.memory, r.memory);
  into.ephemeralStorage = Math.max(into.ephemeralStorage, r.ephemeralStorage);
  if (r.scalar) {
    const s = (into.scalar ??= new Map());
    for (const [k, v] of r.scalar) s.set(k, Math.max(s.get(k) ?? 0, v));
  }
}

function clone(r: Resources): Resources {
  return { ...r, scalar: r.scalar ? new Map(r.scalar) : undefined };
}

const isSidecar = (c: Container): boolean => c.restartPolicy === 'Always';

/**
 * Aggregates per-container amounts the way PodRequests does: app containers and sidecars add up; each
 * ordinary init container runs alone beside the sidecars started before it, so the pod needs the largest
 * of those moments if it exceeds the steady state.
 */
function aggregate(pod: Pod, perContainer: (c: Container) => Resources): Resources {
  const spec = pod.spec;
  const total = emptyResources();
  for (const c of spec?.containers ?? []) addInto(total, perContainer(c));
  const sidecars = emptyResources();
  const initPeak = emptyResources();
  for (const c of spec?.initContainers ?? []) {
    const r = perContainer(c);
    let moment: Resources;
    if (isSidecar(c)) {
      addInto(total, r);
      addInto(sidecars, r);
      moment = clone(sidecars);
    } else {
      moment = clone(r);
      addInto(moment, sidecars);
    }
    maxInto(initPeak, moment);
  }
  maxInto(total, initPeak);
  if (spec?.overhead) addInto(total, parseResourceList(spec.overhead));
  return total;
}

/** What the pod asks for (the NodeResourcesFit filter). */
export function podRequests(pod: Pod): Resources {
  return aggregate(pod, (c) => parseResourceList(c.resources?.requests));
}

/**
 * What the scorers count: like podRequests, but a container naming no cpu (memory) request counts
 * as 100m (200Mi), so best-effort pods still spread.
 */
export function podNonZeroRequests(pod: Pod): { milliCpu: number; memory: number } {
  const r = aggregate(pod, (c) => {
    const req = c.resources?.requests;
    const parsed = parseResourceList(req);
    if (!req || !Object.hasOwn(req, 'cpu')) parsed.milliCpu = DEFAULT_MILLI_CPU_REQUEST;
    if (!req || !Object.hasOwn(req, 'memory')) parsed.memory = DEFAULT_MEMORY_REQUEST;
    parsed.scalar = undefined;
    parsed.ephemeralStorage = 0;
    return parsed;
  });
  return { milliCpu: r.milliCpu, memory: r.memory };
}

export function nodeAllocatable(node: Node): NodeAllocatable {
  const list = node.status?.allocatable;
  const r = parseResourceList(list);
  return { ...r, pods: list?.pods !== undefined ? amount('pods', list.pods) : 0 };
}
