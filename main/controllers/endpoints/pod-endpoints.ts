// How a pod stands behind a Service (upstream's endpointslice util): whether it is listed at all, at which
// address, under which hostname, and which container port a service port reaches on it.
import type { Pod, Service, ServicePort } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../../../api/types/meta.js';
import { isPodReady } from '../../../api/workloads/pods.js';

export const asService = (obj: KubeObject): Service => obj as Service;
export const asPodObject = (obj: KubeObject): Pod => obj as Pod;

/** A selector-less Service (or one with an empty selector) gets no endpoints from the controllers. */
export function hasSelector(svc: Service): boolean {
  return Object.keys(svc.spec?.selector ?? {}).length > 0;
}

/** Whether the Service has a real ClusterIP (neither headless nor unset). */
export function isServiceIPSet(svc: Service): boolean {
  const ip = svc.spec?.clusterIP ?? '';
  return ip !== '' && ip !== 'None';
}

/** Finished pods and pods without an IP are never listed; terminating ones only when asked. */
export function shouldPodBeInEndpoints(pod: Pod, includeTerminating: boolean): boolean {
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') return false;
  if (!pod.status?.podIP && (pod.status?.podIPs ?? []).length === 0) return false;
  if (!includeTerminating && pod.metadata?.deletionTimestamp) return false;
  return true;
}

/** The pod's IPv4 addresses (podIPs, or podIP for a status that lists only that). */
export function podIPv4s(pod: Pod): string[] {
  const ips = (pod.status?.podIPs ?? []).map((p) => p.ip).filter((ip): ip is string => typeof ip === 'string' && ip !== '');
  const all = ips.length > 0 ? ips : pod.status?.podIP ? [pod.status.podIP] : [];
  return all.filter((ip) => !ip.includes(':'));
}

export function shouldSetHostname(pod: Pod, svc: Service): boolean {
  return !!pod.spec?.hostname && pod.spec.subdomain === svc.metadata?.name && pod.metadata?.namespace === svc.metadata?.namespace;
}

/**
 * The container port a service port's targetPort reaches on this pod: a number as is, a name looked up
 * among the pod's container ports of the same protocol (and restartable init containers'). Undefined if none.
 */
export function findPort(pod: Pod, sp: ServicePort): number | undefined {
  const target = sp.targetPort ?? sp.port;
  if (typeof target === 'number') return target;
  if (/^[0-9]+$/.test(target)) return Number(target);
  const protocol = sp.protocol ?? 'TCP';
  const sidecars = (pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always');
  for (const c of [...(pod.spec?.containers ?? []), ...sidecars]) {
    for (const p of c.ports ?? []) if (p.name === target && (p.protocol ?? 'TCP') === protocol) return p.containerPort;
  }
  return undefined;
}

/** The Ready condition's last transition: when the pod last changed in a way endpoints show. */
export function podTriggerTime(pod: Pod): number | undefined {
  const t = pod.status?.conditions?.find((c) => c.type === 'Ready')?.lastTransitionTime;
  const ms = t ? Date.parse(t) : NaN;
  return Number.isFinite(ms) ? ms : undefined;
}

/** Whether a pod update can change any Service's endpoints (labels are checked by the caller). */
export function podEndpointsChanged(old: Pod, cur: Pod): boolean {
  const view = (p: Pod): unknown[] => [
    p.status?.podIP, p.status?.podIPs, p.status?.phase, isPodReady(p as KubeObject), p.metadata?.deletionTimestamp, p.spec?.nodeName,
    p.spec?.hostname, p.spec?.subdomain, p.spec?.containers?.map((c) => c.ports), p.spec?.initContainers?.map((c) => [c.restartPolicy, c.ports]),
  ];
  return JSON.stringify(view(old)) !== JSON.stringify(view(cur));
}

/** Go's time.RFC3339Nano: fractional seconds without trailing zeros. */
export function rfc3339Nano(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d*?)0*Z$/, (_m, frac: string) => (frac ? `.${frac}Z` : 'Z'));
}
