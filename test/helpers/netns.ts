// A second "machine" for multi-node tests: a network namespace of the test's own, joined to this one by a
// veth pair on a /24 of the test's own. Nothing outside these addresses is touched.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { claimTestLinkSubnet } from './cidr.js';

export interface TestHost {
  netns: string;
  /** This side's address (the "first machine"). */
  hostIP: string;
  /** The namespace's address. */
  peerIP: string;
  destroy(): void;
}

const ip = (...args: string[]): void => { execFileSync('ip', args, { stdio: 'pipe' }); };

export function createTestHost(): TestHost {
  const id = randomUUID().slice(0, 6);
  const netns = `skx${id}`;
  const subnet = claimTestLinkSubnet();
  const hostIP = `${subnet.prefix}.1`, peerIP = `${subnet.prefix}.2`;
  const hostEnd = `vh${id}`, peerEnd = `vn${id}`;
  ip('netns', 'add', netns);
  ip('link', 'add', hostEnd, 'type', 'veth', 'peer', 'name', peerEnd);
  ip('link', 'set', peerEnd, 'netns', netns);
  ip('addr', 'add', `${hostIP}/24`, 'dev', hostEnd);
  ip('link', 'set', hostEnd, 'up');
  ip('-n', netns, 'addr', 'add', `${peerIP}/24`, 'dev', peerEnd);
  ip('-n', netns, 'link', 'set', peerEnd, 'up');
  ip('-n', netns, 'link', 'set', 'lo', 'up');
  execFileSync('ip', ['netns', 'exec', netns, 'sysctl', '-qw', 'net.ipv4.ip_forward=1']);
  return {
    netns, hostIP, peerIP,
    destroy(): void {
      try { ip('netns', 'del', netns); } catch { /* gone */ }
      try { ip('link', 'del', hostEnd); } catch { /* went with the namespace */ }
      subnet.release();
    },
  };
}
