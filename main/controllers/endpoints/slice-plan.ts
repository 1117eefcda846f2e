// Which EndpointSlices to create, update and delete so a Service's slices hold exactly the desired endpoints
// (upstream's endpointslice reconciler, simplified): endpoints stay in the slice that holds them, new ones fill
// slices of the same port set before new slices are made, at most `max` per slice; a Service with no endpoints
// keeps one empty placeholder slice; a slice about to be deleted is reused rather than deleting and creating.
import type { Service } from 'kubernetes-types/core/v1.js';
import type { Endpoint, EndpointPort, EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import type { OwnerReference } from '../../../api/types/meta.js';
import { deepEqual } from '../../../api/util/deep-equal.js';
import { HEADLESS_LABEL, LAST_CHANGE_TRIGGER_TIME, MANAGED_BY_LABEL, SERVICE_NAME_LABEL, SLICE_CONTROLLER_NAME } from './labels.js';
import { isServiceIPSet } from './pod-endpoints.js';


/** Endpoints that share one set of resolved ports. */
export interface EndpointGroup {
  ports: EndpointPort[];
  endpoints: Endpoint[];
}

export interface SlicePlanInput {
  service: Service;
  /** The Service's slices managed by this controller. */
  existing: EndpointSlice[];
  /** Desired endpoints by portsKey(ports). */
  groups: Map<string, EndpointGroup>;
  addressType: string;
  maxEndpointsPerSlice: number;
  /** For the last-change-trigger-time annotation of written slices; undefined clears it. */
  triggerTime?: string;
}

export interface SlicePlan {
  create: EndpointSlice[];
  update: EndpointSlice[];
  delete: EndpointSlice[];
}

export const portsKey = (ports: EndpointPort[]): string =>
  JSON.stringify(ports.map((p) => [p.name ?? '', p.port ?? null, p.protocol ?? 'TCP', p.appProtocol ?? null]).sort());
const endpointKey = (e: Endpoint): string => `${e.targetRef?.uid ?? ''}/${[...e.addresses].sort().join(',')}`;

/** The Service's labels (minus the reserved ones) plus the slice controller's own. */
export function sliceLabels(svc: Service): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(svc.metadata?.labels ?? {})) if (k !== SERVICE_NAME_LABEL && k !== MANAGED_BY_LABEL && k !== HEADLESS_LABEL) labels[k] = v;
  if (!isServiceIPSet(svc)) labels[HEADLESS_LABEL] = '';
  labels[SERVICE_NAME_LABEL] = svc.metadata!.name!;
  labels[MANAGED_BY_LABEL] = SLICE_CONTROLLER_NAME;
  return labels;
}

export function ownerRefTo(svc: Service): OwnerReference {
  return { apiVersion: 'v1', kind: 'Service', name: svc.metadata!.name!, uid: svc.metadata!.uid!, controller: true, blockOwnerDeletion: true };
}

/** Slice names are the Service's name and a random suffix, as the API server generates them. */
export function slicePrefix(serviceName: string): string {
  const prefix = `${serviceName}-`;
  return prefix.length <= 253 ? prefix : serviceName;
}

interface Working {
  slice: EndpointSlice;
  key: string;
  ports: EndpointPort[];
  endpoints: Endpoint[];
}

export function planSlices(input: SlicePlanInput): SlicePlan {
  const { service, groups, addressType, maxEndpointsPerSlice: max } = input;
  const owner = ownerRefTo(service);
  const labels = sliceLabels(service);
  const kept: Working[] = [];
  const doomed: EndpointSlice[] = [];
  const placed = new Set<string>();
  const desiredByKey = new Map<string, Map<string, Endpoint>>();
  for (const [k, g] of groups) desiredByKey.set(k, new Map(g.endpoints.map((e) => [endpointKey(e), e])));

  // Existing slices keep the desired endpoints they hold, in their order.
  const existing = [...input.existing].sort((a, b) => (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''));
  for (const slice of existing) {
    const ownedHere = (slice.metadata?.ownerReferences ?? []).some((r) => r.uid === owner.uid && r.kind === 'Service');
    const key = portsKey(slice.ports ?? []);
    const desired = desiredByKey.get(key);
    if (!ownedHere || slice.addressType !== addressType || !desired) {
      doomed.push(slice);
      continue;
    }
    const endpoints: Endpoint[] = [];
    for (const e of slice.endpoints ?? []) {
      const k = endpointKey(e);
      const want = desired.get(k);
      if (want && !placed.has(k) && endpoints.length < max) {
        endpoints.push(want);
        placed.add(k);
      }
    }
    kept.push({ slice, key, ports: groups.get(key)!.ports, endpoints });
  }

  // New endpoints fill the fullest slices of their port set first, then new slices.
  const fresh: Working[] = [];
  for (const [key, group] of groups) {
    const remaining = group.endpoints.filter((e) => !placed.has(endpointKey(e)))
      .sort((a, b) => a.addresses[0].localeCompare(b.addresses[0], 'en', { numeric: true }));
    const candidates = kept.filter((w) => w.key === key && w.endpoints.length > 0).sort((a, b) => b.endpoints.length - a.endpoints.length);
    for (const w of candidates) while (remaining.length > 0 && w.endpoints.length < max) w.endpoints.push(remaining.shift()!);
    while (remaining.length > 0) fresh.push({ slice: {} as EndpointSlice, key, ports: group.ports, endpoints: remaining.splice(0, max) });
  }

  // Slices left empty go, unless the Service has no endpoints at all: then one empty placeholder stays.
  for (let i = kept.length - 1; i >= 0; i--) {
    if (kept[i].endpoints.length === 0) doomed.push(kept.splice(i, 1)[0].slice);
  }
  const total = kept.length + fresh.length;
  if (total === 0) {
    const placeholder = doomed.findIndex((s) => s.addressType === addressType && (s.endpoints ?? []).length === 0 && (s.ports ?? []).length === 0);
    if (placeholder >= 0) kept.push({ slice: doomed.splice(placeholder, 1)[0], key: portsKey([]), ports: [], endpoints: [] });
    else fresh.push({ slice: {} as EndpointSlice, key: portsKey([]), ports: [], endpoints: [] });
  }
  // A slice that would be deleted is reused for one that would be created (addressType is immutable).
  for (const f of fresh) {
    const reuse = doomed.findIndex((s) => s.addressType === addressType);
    if (reuse >= 0) f.slice = doomed.splice(reuse, 1)[0];
  }

  const plan: SlicePlan = { create: [], update: [], delete: doomed };
  const annotate = (slice: EndpointSlice): void => {
    const annotations = { ...(slice.metadata!.annotations ?? {}) };
    if (input.triggerTime !== undefined) annotations[LAST_CHANGE_TRIGGER_TIME] = input.triggerTime;
    else delete annotations[LAST_CHANGE_TRIGGER_TIME];
    slice.metadata!.annotations = annotations;
  };
  for (const w of [...kept, ...fresh]) {
    const cur = w.slice;
    const isNew = cur.metadata === undefined;
    if (!isNew && deepEqual(cur.endpoints ?? [], w.endpoints) && deepEqual(cur.ports ?? [], w.ports) && deepEqual(cur.metadata?.labels ?? {}, labels) &&
      deepEqual(cur.metadata?.ownerReferences ?? [], [owner])) continue;
    const next: EndpointSlice = isNew
      ? { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { generateName: slicePrefix(service.metadata!.name!), namespace: service.metadata!.namespace }, addressType, endpoints: [], ports: [] }
      : structuredClone(cur);
    next.metadata!.labels = { ...labels };
    next.metadata!.ownerReferences = [owner];
    next.endpoints = w.endpoints;
    next.ports = w.ports;
    annotate(next);
    (isNew ? plan.create : plan.update).push(next);
  }
  return plan;
}
