// The node-wide iptables rules of the pod network, installed once when it is set up (not per pod):
// - filter: Docker sets the FORWARD policy to DROP, and with br_netfilter even traffic between two pods on
//   the bridge passes through FORWARD, so one chain per bridge accepts what enters or leaves it;
// - nat: pods reaching anything outside the cluster's pod network are masqueraded behind the node's
//   address, while pod-to-pod traffic across nodes keeps its pod source address (host-gw routing).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export function forwardChain(bridge: string): string {
  return `SKIFF-FWD-${bridge}`.slice(0, 28);
}

export function masqueradeChain(bridge: string): string {
  return `SKIFF-MASQ-${bridge}`.slice(0, 28);
}

async function iptables(args: string[]): Promise<boolean> {
  try {
    await run('iptables', ['-w', ...args]);
    return true;
  } catch {
    return false;
  }
}

async function ensureChain(table: string, chain: string, from: string): Promise<void> {
  if (!(await iptables(['-t', table, '-L', chain, '-n']))) {
    if (!(await iptables(['-t', table, '-N', chain]))) throw new Error(`cannot create iptables chain ${chain} (is iptables installed, and are we root?)`);
  }
  await iptables(['-t', table, '-F', chain]);
  if (!(await iptables(['-t', table, '-C', from, '-j', chain]))) await iptables(['-t', table, '-I', from, '1', '-j', chain]);
}

export interface Masquerade {
  podCidr: string;
  clusterCidr: string;
}

export async function ensureBridgeForwarding(bridge: string, masq?: Masquerade): Promise<void> {
  const fwd = forwardChain(bridge);
  await ensureChain('filter', fwd, 'FORWARD');
  await iptables(['-t', 'filter', '-A', fwd, '-i', bridge, '-j', 'ACCEPT']);
  await iptables(['-t', 'filter', '-A', fwd, '-o', bridge, '-j', 'ACCEPT']);
  if (!masq) return;
  const m = masqueradeChain(bridge);
  await ensureChain('nat', m, 'POSTROUTING');
  await iptables(['-t', 'nat', '-A', m, '-s', masq.podCidr, '-d', masq.clusterCidr, '-j', 'RETURN']);
  await iptables(['-t', 'nat', '-A', m, '-s', masq.podCidr, '-d', '224.0.0.0/4', '-j', 'RETURN']);
  await iptables(['-t', 'nat', '-A', m, '-s', masq.podCidr, '-j', 'MASQUERADE']);
}

export async function removeBridgeForwarding(bridge: string): Promise<void> {
  for (const [table, chain, from] of [['filter', forwardChain(bridge), 'FORWARD'], ['nat', masqueradeChain(bridge), 'POSTROUTING']]) {
    while (await iptables(['-t', table, '-D', from, '-j', chain])) { /* every copy of the jump */ }
    await iptables(['-t', table, '-F', chain]);
    await iptables(['-t', table, '-X', chain]);
  }
}
