// The rules kube-proxy's iptables mode writes, computed from Services and EndpointSlices alone (no I/O):
// nat <P>-SERVICES matches ClusterIP:port and jumps to a per-port <P>-SVC chain that picks an endpoint
// chain <P>-SEP with `statistic` probabilities 1/n, 1/(n-1), ..., which DNATs; NodePorts, LoadBalancers
// and external IPs go through <P>-EXT, which marks for masquerade. The filter table REJECTs service ports
// without endpoints so clients fail at once, and accepts marked traffic in FORWARD (Docker's policy is DROP).
import type { Service } from 'kubernetes-types/core/v1.js';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import { ChainNames } from './chain-names.js';
import { renderRestore } from './restore-script.js';
import { categorizeEndpoints, servicePorts, type EndpointInfo, type ServicePortInfo } from './service-ports.js';

export interface ProxyConfig {
  /** Chain-name prefix (default SKIFF). */
  prefix: string;
  nodeName: string;
  /** The node's addresses (the first is the one put in LoadBalancer status). */
  nodeIPs: string[];
  /** The node's podCIDR (this node's endpoints live there). */
  podCidr: string;
  /** Traffic from outside it to a ClusterIP is masqueraded (kube-proxy's ClusterCIDR local detection). */
  clusterCidr: string;
  /** Traffic to an address of it that no service port claims is rejected at once. */
  serviceCidr: string;
}

export interface ProxyState {
  config: ProxyConfig;
  services: Service[];
  slices: EndpointSlice[];
}

/** A chain we own and its rules (each the text after "-A CHAIN "). */
export type ChainRules = Map<string, string[]>;

/** A rule in a built-in chain that leads into ours. */
export interface Jump {
  chain: string;
  spec: string;
}

export interface TableRules {
  chains: ChainRules;
  /** In the order they should appear at the top of their built-in chain. */
  jumps: Jump[];
}

export interface RuleSet {
  nat: TableRules;
  filter: TableRules;
}

/** The mark bit of traffic to masquerade on its way out, kube-proxy's 0x4000. */
export const MASQ_MARK = '0x4000';
const REJECT = '-j REJECT --reject-with icmp-port-unreachable';

const comment = (text: string): string => `-m comment --comment "${text}"`;
const match = (proto: string, port: number): string => `-m ${proto} --dport ${port}`;

/** The built-in chains' jumps into ours, written as iptables-save prints them (so an unchanged one is recognised). */
export function jumpsFor(n: ChainNames): { nat: Jump[]; filter: Jump[] } {
  const p = n.prefix;
  const portals = `${comment(`${p} service portals`)} -j ${n.services}`;
  const newPortals = `-m conntrack --ctstate NEW ${portals}`;
  const external = `-m conntrack --ctstate NEW ${comment(`${p} externally-visible service portals`)} -j ${n.externalServices}`;
  return {
    nat: [
      { chain: 'PREROUTING', spec: portals },
      { chain: 'OUTPUT', spec: portals },
      { chain: 'POSTROUTING', spec: `${comment(`${p} postrouting rules`)} -j ${n.postrouting}` },
    ],
    filter: [
      { chain: 'INPUT', spec: `-j ${n.firewall}` },
      { chain: 'INPUT', spec: external },
      { chain: 'FORWARD', spec: `${comment(`${p} forwarding rules`)} -j ${n.forward}` },
      { chain: 'FORWARD', spec: newPortals },
      { chain: 'FORWARD', spec: external },
      { chain: 'OUTPUT', spec: `-j ${n.firewall}` },
      { chain: 'OUTPUT', spec: newPortals },
    ],
  };
}

class Writer {
  readonly chains: ChainRules = new Map();
  chain(name: string): string[] {
    let rules = this.chains.get(name);
    if (!rules) this.chains.set(name, (rules = []));
    return rules;
  }
  add(name: string, rule: string): void {
    this.chain(name).push(rule);
  }
}

/** Every chain and jump the proxy wants for this state. */
export function desiredRules(state: ProxyState): RuleSet {
  const cfg = state.config;
  const n = new ChainNames(cfg.prefix);
  const nat = new Writer();
  const filter = new Writer();
  // Fixed chains first, so they are declared before anything jumps to them.
  for (const c of [n.services, n.nodePorts, n.postrouting, n.markMasq]) nat.chain(c);
  for (const c of [n.services, n.externalServices, n.forward, n.firewall]) filter.chain(c);

  nat.add(n.markMasq, `-j MARK --or-mark ${MASQ_MARK}`);
  nat.add(n.postrouting, `-m mark ! --mark ${MASQ_MARK}/${MASQ_MARK} -j RETURN`);
  // Clear the mark so a packet that loops back in (hairpin) is judged afresh.
  nat.add(n.postrouting, `-j MARK --xor-mark ${MASQ_MARK}`);
  nat.add(n.postrouting, `${comment(`${cfg.prefix} service traffic requiring SNAT`)} -j MASQUERADE --random-fully`);

  for (const sp of servicePorts(state.services, state.slices)) writeServicePort(sp, cfg, n, nat, filter);

  // NodePorts (and agent-served LoadBalancers) answer on every local address, 127.0.0.1 included.
  nat.add(n.services, `${comment(`${cfg.prefix} service nodeports; NOTE: this must be the last rule in this chain`)} -m addrtype --dst-type LOCAL -j ${n.nodePorts}`);
  filter.add(n.services, `-d ${cfg.serviceCidr} ${comment('unallocated service IPs and ports')} ${REJECT}`);
  filter.add(n.forward, `${comment(`${cfg.prefix} forwarding rules`)} -m mark --mark ${MASQ_MARK}/${MASQ_MARK} -j ACCEPT`);
  filter.add(n.forward, `${comment(`${cfg.prefix} forwarding conntrack rule`)} -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT`);
  // route_localnet=1 (needed for NodePorts on 127.0.0.1) would let other hosts reach 127.0.0.1 services
  // with forged packets; kube-proxy drops such traffic unless it is a reply or was DNATed by us.
  filter.add(n.firewall, `! -s 127.0.0.0/8 -d 127.0.0.0/8 ${comment('block incoming localnet connections')} -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP`);

  const jumps = jumpsFor(n);
  return { nat: { chains: nat.chains, jumps: jumps.nat }, filter: { chains: filter.chains, jumps: jumps.filter } };
}

function writeServicePort(sp: ServicePortInfo, cfg: ProxyConfig, n: ChainNames, nat: Writer, filter: Writer): void {
  const proto = sp.protocol.toLowerCase();
  const svcChain = n.svc(sp.name, sp.protocol);
  const svlChain = n.svl(sp.name, sp.protocol);
  const extChain = n.ext(sp.name, sp.protocol);
  const { cluster, local } = categorizeEndpoints(sp, cfg.nodeName);
  const externallyAccessible = sp.nodePort > 0 || sp.nodeLoadBalancer || sp.externalIPs.length > 0 || sp.loadBalancerIPs.length > 0;
  const usesCluster = cluster.length > 0 && (!sp.internalPolicyLocal || externallyAccessible);
  const usesLocal = local.length > 0 && (sp.internalPolicyLocal || sp.externalPolicyLocal);
  // Ready (or draining) endpoints anywhere, whatever the policies: decides DROP over REJECT, as kube-proxy.
  const hasEndpoints = cluster.length > 0;
  const hasInternal = sp.internalPolicyLocal ? usesLocal : usesCluster;
  const hasExternal = sp.externalPolicyLocal ? usesLocal : usesCluster;
  const internalChain = sp.internalPolicyLocal ? svlChain : svcChain;
  // With endpoints elsewhere but none here, a Local policy drops (kube-proxy's choice); with none at all, reject.
  const noEndpoints = hasEndpoints ? `${comment(`${sp.name} has no local endpoints`)} -j DROP` : `${comment(`${sp.name} has no endpoints`)} ${REJECT}`;
  const dst = (ip: string): string => `-d ${ip}/32 -p ${proto}`;

  // The ClusterIP.
  if (hasInternal) {
    nat.add(n.services, `${dst(sp.clusterIP)} ${comment(`${sp.name} cluster IP`)} ${match(proto, sp.port)} -j ${internalChain}`);
    // Off-cluster traffic (the host itself, other machines routing the service range here) is masqueraded
    // so replies come back through this node.
    nat.add(internalChain, `! -s ${cfg.clusterCidr} ${dst(sp.clusterIP)} ${comment(`${sp.name} cluster IP`)} ${match(proto, sp.port)} -j ${n.markMasq}`);
  } else {
    filter.add(n.services, `${dst(sp.clusterIP)} ${withPort(noEndpoints, proto, sp.port)}`);
  }

  // External IPs and LoadBalancer ingress IPs.
  const addressed = [...sp.externalIPs.map((ip) => [ip, 'external IP']), ...sp.loadBalancerIPs.map((ip) => [ip, 'loadbalancer IP'])];
  for (const [ip, what] of dedupe(addressed)) {
    if (hasEndpoints) nat.add(n.services, `${dst(ip)} ${comment(`${sp.name} ${what}`)} ${match(proto, sp.port)} -j ${extChain}`);
    if (!hasExternal) filter.add(n.externalServices, `${dst(ip)} ${withPort(noEndpoints, proto, sp.port)}`);
  }

  // NodePort, and the service port itself for a LoadBalancer the agents serve (k3s' service LB style).
  const nodePorts: [number, string][] = [];
  if (sp.nodePort > 0) nodePorts.push([sp.nodePort, sp.name]);
  if (sp.nodeLoadBalancer) nodePorts.push([sp.port, `${sp.name} loadbalancer`]);
  for (const [port, what] of nodePorts) {
    if (hasEndpoints) nat.add(n.nodePorts, `-p ${proto} ${comment(what)} ${match(proto, port)} -j ${extChain}`);
    if (!hasExternal) filter.add(n.externalServices, `-p ${proto} ${withPort(noEndpoints, proto, port, '-m addrtype --dst-type LOCAL ')}`);
  }

  // The external chain: masquerade (the reply must come back through this node), then pick an endpoint.
  if (hasEndpoints && externallyAccessible) {
    if (!sp.externalPolicyLocal) {
      nat.add(extChain, `${comment(`masquerade traffic for ${sp.name} external destinations`)} -j ${n.markMasq}`);
      nat.add(extChain, `-j ${svcChain}`);
    } else {
      // Local policy keeps the client's address; pods and the node itself still reach any endpoint.
      nat.add(extChain, `-s ${cfg.clusterCidr} ${comment(`pod traffic for ${sp.name} external destinations`)} -j ${svcChain}`);
      nat.add(extChain, `${comment(`masquerade LOCAL traffic for ${sp.name} external destinations`)} -m addrtype --src-type LOCAL -j ${n.markMasq}`);
      nat.add(extChain, `${comment(`route LOCAL traffic for ${sp.name} external destinations`)} -m addrtype --src-type LOCAL -j ${svcChain}`);
      if (usesLocal) nat.add(extChain, `-j ${svlChain}`);
    }
  }

  const endpointChains = new Map<string, EndpointInfo>();
  if (usesCluster) writeBalancing(nat, svcChain, sp, cluster, n, endpointChains);
  if (usesLocal) writeBalancing(nat, svlChain, sp, local, n, endpointChains);
  for (const [chain, ep] of endpointChains) {
    // Hairpin: a pod reaching its own service and landing on itself must see the reply come from the node.
    nat.add(chain, `-s ${ep.ip}/32 ${comment(sp.name)} -j ${n.markMasq}`);
    const affinity = sp.affinitySeconds > 0 ? ` -m recent --set --name ${chain} --mask 255.255.255.255 --rsource` : '';
    nat.add(chain, `-p ${proto} ${comment(sp.name)}${affinity} -m ${proto} -j DNAT --to-destination ${ep.address}`);
  }
}

/** Endpoint i of n is taken with probability 1/(n-i), so each gets 1/n overall; the last unconditionally. */
function writeBalancing(nat: Writer, chain: string, sp: ServicePortInfo, eps: EndpointInfo[], n: ChainNames, used: Map<string, EndpointInfo>): void {
  const rules = nat.chain(chain);
  const sep = (ep: EndpointInfo): string => n.sep(sp.name, sp.protocol, ep.address);
  if (sp.affinitySeconds > 0) {
    for (const ep of eps) {
      rules.push(`${comment(`${sp.name} -> ${ep.address}`)} -m recent --rcheck --seconds ${sp.affinitySeconds} --reap --name ${sep(ep)} --mask 255.255.255.255 --rsource -j ${sep(ep)}`);
    }
  }
  eps.forEach((ep, i) => {
    const left = eps.length - i;
    const stat = left > 1 ? ` -m statistic --mode random --probability ${(1 / left).toFixed(10)}` : '';
    rules.push(`${comment(`${sp.name} -> ${ep.address}`)}${stat} -j ${sep(ep)}`);
    used.set(sep(ep), ep);
  });
}

/** Puts the port match (and an optional match) before the target of a "comment ... -j X" filter rule. */
function withPort(rule: string, proto: string, port: number, extra = ''): string {
  const j = rule.indexOf(' -j ');
  return `${rule.slice(0, j)} ${extra}${match(proto, port)}${rule.slice(j)}`;
}

function dedupe(pairs: string[][]): string[][] {
  const seen = new Set<string>();
  return pairs.filter(([ip]) => !seen.has(ip) && !!seen.add(ip));
}

/**
 * The iptables-restore text that programs this state on a machine with none of our rules yet (what the
 * first sync writes). Pure, for tests and inspection; syncs also remove what an earlier run left.
 */
export function rulesFor(state: ProxyState): string {
  return renderRestore(desiredRules(state), { nat: { chains: new Set(), jumps: [] }, filter: { chains: new Set(), jumps: [] } });
}
