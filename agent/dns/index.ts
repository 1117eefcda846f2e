// agent/dns: the node's cluster DNS server (Kubernetes DNS schema from informer caches, the rest forwarded
// upstream) and the pod resolv.conf the kubelet would write.
export { ClusterDns, DEFAULT_CLUSTER_DOMAIN, DEFAULT_TTL, type ClusterDnsOptions } from './cluster-dns.js';
export type { ClusterInformers } from './cluster-view.js';
export type { PodRecordMode } from './cluster-records.js';
export { podDnsConfig, podResolvConf, formatResolvConf, podDnsType, type PodDnsConfig, type PodResolvOptions } from './pod-resolv-conf.js';
export { hostResolvConf, parseResolvConf, defaultUpstreams, parseUpstream, type ResolvConf, type Upstream } from './resolv-conf.js';
