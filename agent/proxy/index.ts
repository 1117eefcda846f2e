// agent/proxy: Services and EndpointSlices turned into iptables rules, as kube-proxy's iptables mode does.
export { ServiceProxy, DEFAULT_CLUSTER_CIDR, DEFAULT_SERVICE_CIDR, type ServiceProxyOptions } from './service-proxy.js';
export { rulesFor, desiredRules, MASQ_MARK, type ProxyConfig, type ProxyState, type RuleSet } from './rules.js';
export { ChainNames, ChainPrefixError, DEFAULT_CHAIN_PREFIX, validatePrefix } from './chain-names.js';
export { systemIptables, systemSysctl, IptablesError, type Iptables, type Sysctl } from './iptables.js';
