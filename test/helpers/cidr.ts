// Distinct networks for tests running at the same time on this machine. Every test cluster's first node
// would otherwise get 10.244.0.0/24, and two bridges (or two veth links) with one subnet break each other's
// routes. A network is claimed with an exclusive lock file; a claim whose process is gone is taken over.
import { execFileSync } from 'node:child_process';
import { mkdirSync, openSync, closeSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

const DIR = '/tmp/skiff-test-networks';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Claims one of `candidates` (names such as "10.130") for this process; release() frees it. */
function claim(candidates: string[]): { name: string; release(): void } {
  mkdirSync(DIR, { recursive: true });
  for (const name of [...candidates].sort(() => Math.random() - 0.5)) {
    const lock = join(DIR, `${name}.lock`);
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(lock, 'wx');
        writeSync(fd, String(process.pid));
        closeSync(fd);
        return { name, release: () => rmSync(lock, { force: true }) };
      } catch {
        const owner = Number(readFileSync(lock, 'utf8').trim() || 0);
        if (owner === process.pid || alive(owner)) break;
        rmSync(lock, { force: true });
      }
    }
  }
  throw new Error(`no free test network among ${candidates[0]}…${candidates[candidates.length - 1]}`);
}

/**
 * Links and network namespaces a test process left behind in a network it no longer owns (it was killed,
 * or its cleanup failed): the same subnet on two links breaks the new owner's routes, so they go first.
 */
function removeLeftovers(prefix: string): void {
  const holds = (text: string): boolean => text.includes(` ${prefix}.`);
  const out = (args: string[]): string => { try { return execFileSync('ip', args, { encoding: 'utf8', stdio: 'pipe' }); } catch { return ''; } };
  for (const ns of out(['netns', 'list']).split('\n').map((l) => l.split(' ')[0]).filter((n) => n.startsWith('skx'))) {
    if (holds(out(['-n', ns, '-o', '-4', 'addr', 'show']))) out(['netns', 'del', ns]);
  }
  for (const line of out(['-o', '-4', 'addr', 'show']).split('\n')) {
    if (holds(line)) out(['link', 'del', line.split(/\s+/)[1].split('@')[0]]);
  }
}

/** Claims 10.N.0.0/16 (N in 128..191) as a test cluster's pod network. */
export function claimTestClusterCidr(): { cidr: string; release(): void } {
  const c = claim(Array.from({ length: 64 }, (_, i) => `10.${128 + i}`));
  removeLeftovers(c.name);
  return { cidr: `${c.name}.0.0/16`, release: c.release };
}

/** Claims 10.199.N.0/24 (N in 20..219) for a test's veth link to a network namespace. */
export function claimTestLinkSubnet(): { prefix: string; release(): void } {
  const c = claim(Array.from({ length: 200 }, (_, i) => `10.199.${20 + i}`));
  removeLeftovers(c.name);
  return { prefix: c.name, release: c.release };
}
