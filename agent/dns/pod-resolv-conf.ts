// A pod's resolv.conf, formed as the kubelet forms it (pkg/kubelet/network/dns): the base by dnsPolicy, then
// spec.dnsConfig merged in, then upstream's limits (3 nameservers; 32 search domains, none over 253 chars,
// 2048 chars in all). Written like the container runtime writes it: search, nameserver lines, options.
import type { Pod } from 'kubernetes-types/core/v1.js';
import { mergeOptions, parseResolvConf } from './resolv-conf.js';

export const MAX_NAMESERVERS = 3;
export const MAX_SEARCH_PATHS = 32;
export const MAX_SEARCH_CHARS = 2048;
const MAX_DOMAIN_LENGTH = 253;
const CLUSTER_OPTIONS = ['ndots:5'];

export interface PodResolvOptions {
  /** The cluster DNS server(s) (the node's DNS address). */
  nameserver: string | string[];
  /** The cluster domain, e.g. cluster.local. */
  clusterDomain: string;
  /** The host's resolv.conf text (see hostResolvConf()). */
  hostResolvConf: string;
}

export interface PodDnsConfig {
  nameservers: string[];
  searches: string[];
  options: string[];
  /** What the kubelet reports as Warning events (reason DNSConfigForming, or MissingClusterDNS). */
  warnings: { reason: string; message: string }[];
}

const unique = (xs: string[]): string[] => [...new Set(xs)];

/** Whether the pod gets the cluster's DNS ('cluster'), the host's ('host') or only its dnsConfig ('none'). */
export function podDnsType(pod: Pod): 'cluster' | 'host' | 'none' {
  const policy = pod.spec?.dnsPolicy || 'ClusterFirst';
  if (policy === 'None') return 'none';
  if (policy === 'ClusterFirstWithHostNet') return 'cluster';
  // ClusterFirst falls back to the host's DNS for host-network pods (they use ClusterFirstWithHostNet to opt in).
  if (policy === 'ClusterFirst' && !pod.spec?.hostNetwork) return 'cluster';
  return 'host';
}

export function podDnsConfig(pod: Pod, o: PodResolvOptions): PodDnsConfig {
  const host = parseResolvConf(o.hostResolvConf);
  const clusterDns = (Array.isArray(o.nameserver) ? o.nameserver : [o.nameserver]).filter((s) => s !== '');
  const warnings: PodDnsConfig['warnings'] = [];
  let type = podDnsType(pod);
  if (type === 'cluster' && clusterDns.length === 0) {
    const policy = pod.spec?.dnsPolicy || 'ClusterFirst';
    warnings.push({ reason: 'MissingClusterDNS', message: `pod: "${pod.metadata?.name}_${pod.metadata?.namespace}(${pod.metadata?.uid ?? ''})". kubelet does not have ClusterDNS IP configured and cannot create Pod using "${policy}" policy. Falling back to "Default" policy.` });
    type = 'host';
  }
  let c: PodDnsConfig = { nameservers: [], searches: [], options: [], warnings };
  if (type === 'cluster') {
    const domain = o.clusterDomain.replace(/\.$/, '');
    const ns = pod.metadata?.namespace ?? 'default';
    c.nameservers = [...clusterDns];
    c.searches = domain === '' ? host.searches : unique([`${ns}.svc.${domain}`, `svc.${domain}`, domain, ...host.searches]);
    c.options = [...CLUSTER_OPTIONS];
  } else if (type === 'host') {
    c.nameservers = [...host.nameservers];
    c.searches = [...host.searches];
    c.options = [...host.options];
  }
  const extra = pod.spec?.dnsConfig;
  if (extra) {
    c = {
      ...c,
      nameservers: unique([...c.nameservers, ...(extra.nameservers ?? [])]),
      searches: unique([...c.searches, ...(extra.searches ?? [])]),
      options: mergeOptions(c.options, (extra.options ?? []).filter((op) => op.name).map((op) => (op.value ? `${op.name}:${op.value}` : op.name!))),
    };
  }
  return fitLimits(c);
}

function fitLimits(c: PodDnsConfig): PodDnsConfig {
  let nameservers = c.nameservers;
  if (nameservers.length > MAX_NAMESERVERS) {
    nameservers = nameservers.slice(0, MAX_NAMESERVERS);
    c.warnings.push({ reason: 'DNSConfigForming', message: `Nameserver limits were exceeded, some nameservers have been omitted, the applied nameserver line is: ${nameservers.join(' ')}` });
  }
  let exceeded = false;
  let searches = c.searches;
  if (searches.length > MAX_SEARCH_PATHS) {
    searches = searches.slice(0, MAX_SEARCH_PATHS);
    exceeded = true;
  }
  // Some resolvers (glibc 2.28) abort() on a search domain over 255 characters.
  const fitting = searches.filter((s) => s.length <= MAX_DOMAIN_LENGTH);
  if (fitting.length !== searches.length) exceeded = true;
  searches = fitting;
  const lineLength = searches.join(' ').length;
  if (lineLength > MAX_SEARCH_CHARS) {
    let cut = 0, cutLength = 0;
    for (let i = searches.length - 1; i >= 0; i--) {
      cutLength += searches[i].length + 1;
      cut++;
      if (lineLength - cutLength <= MAX_SEARCH_CHARS) break;
    }
    searches = searches.slice(0, searches.length - cut);
    exceeded = true;
  }
  if (exceeded) c.warnings.push({ reason: 'DNSConfigForming', message: `Search Line limits were exceeded, some search paths have been omitted, the applied search line is: ${searches.join(' ')}` });
  return { ...c, nameservers, searches };
}

/** The resolv.conf text, as the container runtime writes it. */
export function formatResolvConf(c: Pick<PodDnsConfig, 'nameservers' | 'searches' | 'options'>): string {
  let out = '';
  if (c.searches.length > 0) out += `search ${c.searches.join(' ')}\n`;
  for (const s of c.nameservers) out += `nameserver ${s}\n`;
  if (c.options.length > 0) out += `options ${c.options.join(' ')}\n`;
  return out;
}

/** The pod's /etc/resolv.conf (use podDnsConfig() for the warnings to report as events). */
export function podResolvConf(pod: Pod, o: PodResolvOptions): string {
  return formatResolvConf(podDnsConfig(pod, o));
}
