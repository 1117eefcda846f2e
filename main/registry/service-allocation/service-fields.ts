// What a Service's type asks of the allocators, and the update fix-ups upstream's REST strategy makes
// before allocation: values the client left out are carried over, values the new type no longer uses
// (and the client did not touch) are dropped so they can be released.
import type { Service, ServicePort } from 'kubernetes-types/core/v1.js';
import { deepEqual } from '../../../api/util/deep-equal.js';

export type ServiceSpec = NonNullable<Service['spec']>;

export function specOf(svc: Service): ServiceSpec {
  return (svc.spec ??= {});
}

/** Every type but ExternalName has a clusterIP (even if it is "None"). */
export function needsClusterIP(svc: Service): boolean {
  return svc.spec?.type !== 'ExternalName';
}

export function isHeadless(svc: Service): boolean {
  return svc.spec?.clusterIP === 'None' || svc.spec?.clusterIPs?.[0] === 'None';
}

/** Types whose ports may carry node ports. */
export function hasNodePorts(svc: Service): boolean {
  return svc.spec?.type === 'NodePort' || svc.spec?.type === 'LoadBalancer';
}

/** Types that get node ports allocated for ports that do not name one. */
export function allocatesNodePorts(svc: Service): boolean {
  return svc.spec?.type === 'NodePort' || (svc.spec?.type === 'LoadBalancer' && svc.spec.allocateLoadBalancerNodePorts !== false);
}

export function needsHealthCheck(svc: Service): boolean {
  return svc.spec?.type === 'LoadBalancer' && svc.spec.externalTrafficPolicy === 'Local';
}

function externallyAccessible(svc: Service): boolean {
  const t = svc.spec?.type;
  return t === 'LoadBalancer' || t === 'NodePort' || (t === 'ClusterIP' && (svc.spec?.externalIPs ?? []).length > 0);
}

/** The node port numbers a Service's ports hold (several ports may share one across protocols). */
export function portNodePorts(svc: Service): number[] {
  return (svc.spec?.ports ?? []).map((p) => p.nodePort ?? 0).filter((n) => n > 0);
}

const portsWithoutNodePorts = (ports: ServicePort[] | undefined): ServicePort[] => (ports ?? []).map(({ nodePort: _, ...rest }) => rest);

/**
 * Upstream's dropTypeDependentFields: on a type change, fields the new type does not use are wiped when
 * the client left them as they were (a changed value is the client's and goes to validation).
 */
export function dropTypeDependentFields(next: Service, old: Service): void {
  const spec = specOf(next), prev = old.spec ?? {};
  if (needsClusterIP(old) && !needsClusterIP(next)) {
    if (deepEqual(spec.clusterIPs ?? [], prev.clusterIPs ?? []) && (spec.clusterIP ?? '') === (prev.clusterIP ?? '')) {
      delete spec.clusterIP;
      delete spec.clusterIPs;
    }
    if (deepEqual(spec.ipFamilies ?? [], prev.ipFamilies ?? [])) delete spec.ipFamilies;
    if (spec.ipFamilyPolicy === prev.ipFamilyPolicy) delete spec.ipFamilyPolicy;
  }
  if (hasNodePorts(old) && !hasNodePorts(next) && sameNodePorts(next, old)) {
    for (const p of spec.ports ?? []) delete p.nodePort;
  }
  if (needsHealthCheck(old) && !needsHealthCheck(next) && spec.healthCheckNodePort === prev.healthCheckNodePort) {
    delete spec.healthCheckNodePort;
  }
  if (prev.type === 'LoadBalancer' && spec.type !== 'LoadBalancer') {
    if (spec.allocateLoadBalancerNodePorts !== undefined && spec.allocateLoadBalancerNodePorts === prev.allocateLoadBalancerNodePorts) delete spec.allocateLoadBalancerNodePorts;
    if (spec.loadBalancerClass !== undefined && spec.loadBalancerClass === prev.loadBalancerClass) delete spec.loadBalancerClass;
  }
  if (externallyAccessible(old) && !externallyAccessible(next) && spec.externalTrafficPolicy === prev.externalTrafficPolicy) {
    delete spec.externalTrafficPolicy;
  }
  if (spec.type !== 'LoadBalancer' && next.status?.loadBalancer?.ingress !== undefined) {
    (next as { status?: unknown }).status = { ...next.status, loadBalancer: {} };
  }
}

/** Whether the client kept every node port as it was (ports matched by position, then by port and protocol). */
function sameNodePorts(next: Service, old: Service): boolean {
  const a = next.spec?.ports ?? [], b = old.spec?.ports ?? [];
  if (a.length !== b.length) return false;
  return a.every((p, i) => (p.nodePort ?? 0) === (b[i].nodePort ?? 0)) || deepEqual(portsWithoutNodePorts(a), portsWithoutNodePorts(b));
}

/**
 * Upstream's patchAllocatedValues: a client that sends the whole object without the allocated values
 * (kubectl replace of a saved manifest) keeps them.
 */
export function patchAllocatedValues(next: Service, old: Service): void {
  const spec = specOf(next), prev = old.spec ?? {};
  if (needsClusterIP(old) && needsClusterIP(next)) {
    if (!spec.clusterIP && prev.clusterIP) spec.clusterIP = prev.clusterIP;
    if ((spec.clusterIPs ?? []).length === 0 && (prev.clusterIPs ?? []).length > 0) spec.clusterIPs = [...prev.clusterIPs!];
  }
  if (hasNodePorts(old) && hasNodePorts(next)) {
    const inNext = new Set(portNodePorts(next));
    const used = new Set(portNodePorts(old).filter((n) => inNext.has(n)));
    const byName = new Map((prev.ports ?? []).map((p) => [p.name ?? '', p.nodePort ?? 0]));
    for (const p of spec.ports ?? []) {
      if (p.nodePort) continue;
      const known = byName.get(p.name ?? '') ?? 0;
      if (known && !used.has(known)) {
        p.nodePort = known;
        used.add(known);
      }
    }
  }
  if (needsHealthCheck(old) && needsHealthCheck(next) && !spec.healthCheckNodePort && prev.healthCheckNodePort) {
    spec.healthCheckNodePort = prev.healthCheckNodePort;
  }
}
