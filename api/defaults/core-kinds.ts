// Defaults for Service, Secret, Namespace, Node, Endpoints and EndpointSlice.
import { type Obj, objAt, maybeObj, objs, setIfAbsent, setIfEmpty, canonicalizeResourceList } from './record.js';

const isIPv6 = (ip: unknown): boolean => typeof ip === 'string' && ip.includes(':');

export function defaultService(svc: Obj): void {
  const spec = objAt(svc, 'spec');
  setIfEmpty(spec, 'sessionAffinity', 'None');
  if (spec.sessionAffinity === 'None') delete spec.sessionAffinityConfig;
  if (spec.sessionAffinity === 'ClientIP') {
    const clientIP = maybeObj(maybeObj(spec, 'sessionAffinityConfig'), 'clientIP');
    if (clientIP?.timeoutSeconds === undefined || clientIP.timeoutSeconds === null) spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: 10800 } };
  }
  setIfEmpty(spec, 'type', 'ClusterIP');
  for (const port of objs(spec, 'ports')) {
    setIfEmpty(port, 'protocol', 'TCP');
    if (port.targetPort === undefined || port.targetPort === null || port.targetPort === 0 || port.targetPort === '') port.targetPort = port.port;
  }
  const type = spec.type;
  const externallyAccessible = type === 'LoadBalancer' || type === 'NodePort' ||
    (type === 'ClusterIP' && Array.isArray(spec.externalIPs) && spec.externalIPs.length > 0);
  if (externallyAccessible) setIfEmpty(spec, 'externalTrafficPolicy', 'Cluster');
  if (type === 'NodePort' || type === 'LoadBalancer' || type === 'ClusterIP') setIfAbsent(spec, 'internalTrafficPolicy', 'Cluster');
  if (type === 'LoadBalancer') setIfAbsent(spec, 'allocateLoadBalancerNodePorts', true);
  if (type !== 'ExternalName') {
    // the strategy keeps clusterIP and clusterIPs[0] in step
    const ips = Array.isArray(spec.clusterIPs) ? spec.clusterIPs : [];
    if (spec.clusterIP && ips.length === 0) spec.clusterIPs = [spec.clusterIP];
    else if (!spec.clusterIP && ips.length > 0) spec.clusterIP = ips[0];
    // what the single-stack IPv4 allocator records; headless services without a selector ask for dual-stack
    const headless = spec.clusterIP === 'None';
    const selectorless = !spec.selector || Object.keys(spec.selector as Obj).length === 0;
    setIfAbsent(spec, 'ipFamilyPolicy', headless && selectorless ? 'RequireDualStack' : 'SingleStack');
    setIfAbsent(spec, 'ipFamilies', [isIPv6(spec.clusterIP) ? 'IPv6' : 'IPv4']);
  }
  objAt(objAt(svc, 'status'), 'loadBalancer');
}

/** Secret type defaults to Opaque; write-only stringData is merged into data (conversion does this upstream). */
export function defaultSecret(secret: Obj): void {
  setIfEmpty(secret, 'type', 'Opaque');
  const stringData = maybeObj(secret, 'stringData');
  if (stringData) {
    const data = objAt(secret, 'data');
    const encoder = new TextEncoder();
    for (const [k, v] of Object.entries(stringData)) {
      const bytes = encoder.encode(String(v));
      let binary = '';
      for (const b of bytes) binary += String.fromCharCode(b);
      data[k] = btoa(binary);
    }
    delete secret.stringData;
  }
}

export function defaultNamespace(ns: Obj): void {
  const meta = objAt(ns, 'metadata');
  if (typeof meta.name === 'string' && meta.name) objAt(meta, 'labels')['kubernetes.io/metadata.name'] = meta.name;
  setIfEmpty(objAt(ns, 'status'), 'phase', 'Active');
}

export function defaultNode(node: Obj): void {
  const status = maybeObj(node, 'status');
  if (!status) return;
  canonicalizeResourceList(status.capacity);
  canonicalizeResourceList(status.allocatable);
  if ((status.allocatable === undefined || status.allocatable === null) && maybeObj(status, 'capacity')) {
    status.allocatable = { ...(status.capacity as Obj) };
  }
}

export function defaultEndpoints(ep: Obj): void {
  for (const subset of objs(ep, 'subsets')) for (const port of objs(subset, 'ports')) setIfEmpty(port, 'protocol', 'TCP');
}

export function defaultEndpointSlice(slice: Obj): void {
  for (const port of objs(slice, 'ports')) {
    setIfAbsent(port, 'name', '');
    setIfAbsent(port, 'protocol', 'TCP');
  }
}
