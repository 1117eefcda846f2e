// Service validation (ValidateService / ValidateServiceUpdate). ClusterIP and NodePort allocation are the
// registry's; this checks shapes and combinations after allocation has filled clusterIP(s) in.
import type { Service, ServicePort } from 'kubernetes-types/core/v1.js';
import type { Meta } from '../types/meta.js';
import { type Cause, child, index, invalid, required, forbidden, notSupported, duplicate } from './field-error.js';
import { GoValue, goQuote, goStringSlice } from './go-format.js';
import { isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidPortNum, nameIsDNS1035Label } from './names.js';
import { isValidIP, isValidCIDR, isIPv6String, validateNonSpecialIP } from './ip.js';
import { validateObjectMeta, validateObjectMetaUpdate, validateLabels } from './object-meta.js';
import { validatePortNumOrName } from './probes.js';
import { PROTOCOLS } from './container.js';

const TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const isHeadless = (s: Service): boolean => (s.spec?.clusterIPs ?? []).length === 1 && s.spec?.clusterIPs?.[0] === 'None';
const externallyAccessible = (s: Service): boolean =>
  s.spec?.type === 'LoadBalancer' || s.spec?.type === 'NodePort' || (s.spec?.type === 'ClusterIP' && (s.spec.externalIPs ?? []).length > 0);

function goServicePortKey(p: ServicePort): GoValue {
  return new GoValue(`core.ServicePort{Name:"", Protocol:${goQuote(p.protocol ?? '')}, AppProtocol:(*string)(nil), Port:${p.port}, ` +
    'TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}');
}

function validatePort(sp: ServicePort, requireName: boolean, names: Set<string>, field: string): Cause[] {
  const errs: Cause[] = [];
  if (requireName && !sp.name) errs.push(required(child(field, 'name')));
  else if (sp.name) {
    errs.push(...isDNS1123Label(sp.name).map((m) => invalid(child(field, 'name'), sp.name, m)));
    if (names.has(sp.name)) errs.push(duplicate(child(field, 'name'), sp.name));
    else names.add(sp.name);
  }
  errs.push(...isValidPortNum(sp.port).map((m) => invalid(child(field, 'port'), sp.port ?? 0, m)));
  if (!sp.protocol) errs.push(required(child(field, 'protocol')));
  else if (!PROTOCOLS.includes(sp.protocol)) errs.push(notSupported(child(field, 'protocol'), sp.protocol, PROTOCOLS));
  errs.push(...validatePortNumOrName(sp.targetPort, child(field, 'targetPort')));
  if (sp.appProtocol !== undefined && sp.appProtocol !== null) {
    errs.push(...isQualifiedName(sp.appProtocol).map((m) => invalid(child(field, 'appProtocol'), sp.appProtocol, m)));
  }
  return errs;
}

function validateClusterIPFields(svc: Service): Cause[] {
  const spec = svc.spec ?? {};
  if (spec.type === 'ExternalName') return [];
  const errs: Cause[] = [];
  const ips = spec.clusterIPs ?? [];
  if (spec.clusterIP) {
    if (ips.length === 0) errs.push(required('spec.clusterIPs'));
    else if (ips[0] !== spec.clusterIP) errs.push(invalid('spec.clusterIPs', goStringSlice(ips), 'first value must match `clusterIP`'));
  } else if (ips.length > 0) errs.push(invalid('spec.clusterIPs', goStringSlice(ips), 'must be empty when `clusterIP` is not specified'));
  const seen = new Set<string>();
  (spec.ipFamilies ?? []).forEach((f, i) => {
    if (f !== 'IPv4' && f !== 'IPv6') errs.push(notSupported(index('spec.ipFamilies', i), f, ['IPv4', 'IPv6']));
    if (seen.has(f)) errs.push(duplicate(index('spec.ipFamilies', i), f));
    seen.add(f);
  });
  const policies = ['PreferDualStack', 'RequireDualStack', 'SingleStack'];
  if (spec.ipFamilyPolicy !== undefined && spec.ipFamilyPolicy !== null && !policies.includes(spec.ipFamilyPolicy)) {
    errs.push(notSupported('spec.ipFamilyPolicy', spec.ipFamilyPolicy, policies));
  }
  let bad = false;
  ips.forEach((ip, i) => {
    if (i === 0 && ip === 'None') {
      if (ips.length > 1) { bad = true; errs.push(invalid('spec.clusterIPs', goStringSlice(ips), "'None' must be the first and only value")); }
      return;
    }
    const e = isValidIP(index('spec.clusterIPs', i), ip);
    if (e.length) { bad = true; errs.push(...e); }
  });
  if (ips.length > 2) errs.push(invalid('spec.clusterIPs', goStringSlice(ips), 'may only hold up to 2 values'));
  if (bad) return errs;
  if (ips.length > 1 && isIPv6String(ips[0]) === isIPv6String(ips[1])) {
    errs.push(invalid('spec.clusterIPs', goStringSlice(ips), 'may specify no more than one IP for each IP family'));
  }
  if (!isHeadless(svc)) {
    ips.forEach((ip, i) => {
      const fam = (spec.ipFamilies ?? [])[i];
      if (fam === 'IPv4' && isIPv6String(ip)) errs.push(invalid(index('spec.clusterIPs', i), ip, `expected an IPv4 value as indicated by \`ipFamilies[${i}]\``));
      if (fam === 'IPv6' && !isIPv6String(ip)) errs.push(invalid(index('spec.clusterIPs', i), ip, `expected an IPv6 value as indicated by \`ipFamilies[${i}]\``));
    });
  }
  return errs;
}

export function validateService(svc: Service): Cause[] {
  const spec = svc.spec ?? {};
  const errs = validateObjectMeta(svc.metadata as Meta, true, nameIsDNS1035Label);
  const ports = spec.ports ?? [];
  if (ports.length === 0 && !isHeadless(svc) && spec.type !== 'ExternalName') errs.push(required('spec.ports'));
  if ((spec.type === 'LoadBalancer' || spec.type === 'NodePort') && isHeadless(svc)) {
    errs.push(invalid('spec.clusterIPs[0]', 'None', `may not be set to 'None' for ${spec.type} services`));
  }
  if (spec.type === 'ExternalName') {
    if ((spec.clusterIPs ?? []).length > 0) errs.push(forbidden('spec.clusterIPs', 'may not be set for ExternalName services'));
    if ((spec.ipFamilies ?? []).length > 0) errs.push(forbidden('spec.ipFamilies', 'may not be set for ExternalName services'));
    if (spec.ipFamilyPolicy !== undefined && spec.ipFamilyPolicy !== null) errs.push(forbidden('spec.ipFamilyPolicy', 'may not be set for ExternalName services'));
    const cname = (spec.externalName ?? '').replace(/\.$/, '');
    if (cname) errs.push(...isDNS1123Subdomain(cname).map((m) => invalid('spec.externalName', cname, m)));
    else errs.push(required('spec.externalName'));
  }
  const names = new Set<string>();
  ports.forEach((p, i) => errs.push(...validatePort(p, ports.length > 1, names, index('spec.ports', i))));
  if (spec.selector) errs.push(...validateLabels(spec.selector, 'spec.selector'));
  const affinity = spec.sessionAffinity ?? '';
  if (!affinity) errs.push(required('spec.sessionAffinity'));
  else if (affinity !== 'ClientIP' && affinity !== 'None') errs.push(notSupported('spec.sessionAffinity', affinity, ['ClientIP', 'None']));
  if (affinity === 'ClientIP') {
    const timeout = spec.sessionAffinityConfig?.clientIP?.timeoutSeconds;
    const need = 'when session affinity type is ClientIP';
    if (!spec.sessionAffinityConfig) errs.push(required('spec.sessionAffinityConfig', need));
    else if (!spec.sessionAffinityConfig.clientIP) errs.push(required('spec.sessionAffinityConfig.clientIP', need));
    else if (timeout === undefined || timeout === null) errs.push(required('spec.sessionAffinityConfig.clientIP.timeoutSeconds', need));
    else if (timeout <= 0 || timeout > 86400) errs.push(invalid('spec.sessionAffinityConfig.clientIP.timeoutSeconds', timeout, 'must be greater than 0 and less than 86400'));
  } else if (affinity === 'None' && spec.sessionAffinityConfig) {
    errs.push(forbidden('spec.sessionAffinityConfig', 'must not be set when session affinity is None'));
  }
  errs.push(...validateClusterIPFields(svc));
  (spec.externalIPs ?? []).forEach((ip, i) => {
    const e = isValidIP(index('spec.externalIPs', i), ip);
    errs.push(...(e.length ? e : validateNonSpecialIP(ip, index('spec.externalIPs', i))));
  });
  if (!spec.type) errs.push(required('spec.type'));
  else if (!TYPES.includes(spec.type)) errs.push(notSupported('spec.type', spec.type, TYPES));
  if (spec.type === 'ClusterIP') {
    ports.forEach((p, i) => { if (p.nodePort) errs.push(forbidden(child(index('spec.ports', i), 'nodePort'), "may not be used when `type` is 'ClusterIP'")); });
  }
  const nodePorts = new Set<string>(), portKeys = new Set<string>();
  ports.forEach((p, i) => {
    if (p.nodePort) {
      const k = `${p.protocol}/${p.nodePort}`;
      if (nodePorts.has(k)) errs.push(duplicate(child(index('spec.ports', i), 'nodePort'), p.nodePort));
      nodePorts.add(k);
    }
    const k = `${p.protocol}/${p.port}`;
    if (portKeys.has(k)) errs.push(duplicate(index('spec.ports', i), goServicePortKey(p)));
    portKeys.add(k);
  });
  const ranges = spec.loadBalancerSourceRanges ?? [];
  if (ranges.length > 0) {
    if (spec.type !== 'LoadBalancer') errs.push(forbidden('spec.LoadBalancerSourceRanges', "may only be used when `type` is 'LoadBalancer'"));
    ranges.forEach((r, i) => errs.push(...isValidCIDR(index('spec.LoadBalancerSourceRanges', i), r.trim())));
  }
  if (spec.allocateLoadBalancerNodePorts !== undefined && spec.allocateLoadBalancerNodePorts !== null && spec.type !== 'LoadBalancer') {
    errs.push(forbidden('spec.allocateLoadBalancerNodePorts', "may only be used when `type` is 'LoadBalancer'"));
  }
  if (spec.type === 'LoadBalancer' && (spec.allocateLoadBalancerNodePorts === undefined || spec.allocateLoadBalancerNodePorts === null)) {
    errs.push(required('allocateLoadBalancerNodePorts'));
  }
  if (spec.loadBalancerClass !== undefined && spec.loadBalancerClass !== null) {
    if (spec.type === 'LoadBalancer') errs.push(...isQualifiedName(spec.loadBalancerClass).map((m) => invalid('spec.loadBalancerClass', spec.loadBalancerClass, m)));
    else errs.push(forbidden('spec.loadBalancerClass', "may only be used when `type` is 'LoadBalancer'"));
  }
  const etp = spec.externalTrafficPolicy ?? '';
  if (!externallyAccessible(svc)) {
    if (etp) errs.push(invalid('spec.externalTrafficPolicy', etp, 'may only be set for externally-accessible services'));
  } else if (!etp) errs.push(required('spec.externalTrafficPolicy'));
  else if (etp !== 'Cluster' && etp !== 'Local') errs.push(notSupported('spec.externalTrafficPolicy', etp, ['Cluster', 'Local']));
  const hc = spec.healthCheckNodePort ?? 0;
  if (!(spec.type === 'LoadBalancer' && etp === 'Local')) {
    if (hc) errs.push(invalid('spec.healthCheckNodePort', hc, "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'"));
  } else if (!hc) errs.push(required('spec.healthCheckNodePort'));
  else errs.push(...isValidPortNum(hc).map((m) => invalid('spec.healthCheckNodePort', hc, m)));
  const itp = spec.internalTrafficPolicy;
  if ((itp === undefined || itp === null) && ['NodePort', 'LoadBalancer', 'ClusterIP'].includes(spec.type ?? '')) {
    errs.push(required('spec.internalTrafficPolicy'));
  }
  if (itp !== undefined && itp !== null && itp !== 'Cluster' && itp !== 'Local') errs.push(notSupported('spec.internalTrafficPolicy', itp, ['Cluster', 'Local']));
  const td = spec.trafficDistribution;
  if (td !== undefined && td !== null && td !== 'PreferClose') errs.push(notSupported('spec.trafficDistribution', td, ['PreferClose']));
  return errs;
}

export function validateServiceUpdate(svc: Service, old: Service): Cause[] {
  const errs = validateObjectMetaUpdate(svc.metadata as Meta, old.metadata as Meta);
  const next = svc.spec ?? {}, prev = old.spec ?? {};
  if (next.type !== 'ExternalName' && prev.type !== 'ExternalName' && !(isHeadless(svc) && isHeadless(old))) {
    const a = prev.clusterIPs ?? [], b = next.clusterIPs ?? [];
    if (a.length === b.length) {
      a.forEach((ip, i) => { if (ip !== b[i]) errs.push(invalid(index('spec.clusterIPs', i), goStringSlice(b), 'may not change once set')); });
    } else if (a.length > b.length) {
      if (b.length === 0) errs.push(invalid('spec.clusterIPs[0]', goStringSlice(b), 'primary clusterIP can not be unset'));
      if (a.length > 0 && b.length > 0 && a[0] !== b[0]) errs.push(invalid('spec.clusterIPs[0]', goStringSlice(b), 'may not change once set'));
      if (b.length === 1 && next.ipFamilyPolicy !== 'SingleStack') {
        errs.push(invalid('spec.ipFamilyPolicy', next.ipFamilyPolicy ?? null, "must be set to 'SingleStack' when releasing the secondary clusterIP"));
      }
    } else if (a.length > 0 && a[0] !== b[0]) errs.push(invalid('spec.clusterIPs[0]', goStringSlice(b), 'may not change once set'));
  }
  if (prev.type === 'LoadBalancer' && next.type === 'LoadBalancer' && (prev.loadBalancerClass ?? null) !== (next.loadBalancerClass ?? null)) {
    errs.push(invalid('spec.loadBalancerClass', next.loadBalancerClass ?? null, 'may not change once set'));
  }
  const needsHC = (s: Service): boolean => s.spec?.type === 'LoadBalancer' && s.spec.externalTrafficPolicy === 'Local';
  if (needsHC(svc) && needsHC(old) && next.healthCheckNodePort !== prev.healthCheckNodePort) {
    errs.push(forbidden('spec.healthCheckNodePort', 'field is immutable'));
  }
  return [...errs, ...validateService(svc)];
}
