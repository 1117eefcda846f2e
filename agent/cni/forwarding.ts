// Docker sets the FORWARD policy to DROP, and with br_netfilter even traffic between two pods on the
// bridge passes through FORWARD. One chain per bridge accepts the pod network's traffic, installed once
// when the network is set up (rather than per pod, as the CNI firewall plugin would).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export function forwardChain(bridge: string): string {
  return `SKIFF-FWD-${bridge}`.slice(0, 28);
}

async function iptables(args: string[]): Promise<boolean> {
  try {
    await run('iptables', ['-w', ...args]);
    return true;
  } catch {
    return false;
  }
}

export async function ensureBridgeForwarding(bridge: string): Promise<void> {
  const chain = forwardChain(bridge);
  if (!(await iptables(['-t', 'filter', '-L', chain, '-n']))) {
    if (!(await iptables(['-t', 'filter', '-N', chain]))) throw new Error(`cannot create iptables chain ${chain} (is iptables installed, and are we root?)`);
  }
  await iptables(['-t', 'filter', '-F', chain]);
  await iptables(['-t', 'filter', '-A', chain, '-i', bridge, '-j', 'ACCEPT']);
  await iptables(['-t', 'filter', '-A', chain, '-o', bridge, '-j', 'ACCEPT']);
  if (!(await iptables(['-t', 'filter', '-C', 'FORWARD', '-j', chain]))) await iptables(['-t', 'filter', '-I', 'FORWARD', '1', '-j', chain]);
}

export async function removeBridgeForwarding(bridge: string): Promise<void> {
  const chain = forwardChain(bridge);
  while (await iptables(['-t', 'filter', '-D', 'FORWARD', '-j', chain])) { /* every copy of the jump */ }
  await iptables(['-t', 'filter', '-F', chain]);
  await iptables(['-t', 'filter', '-X', chain]);
}
