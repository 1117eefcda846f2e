// Distinct networks for tests running at the same time on this machine. Every test cluster's first node
// would otherwise get 10.244.0.0/24, and two bridges (or two veth links) with one subnet break each other's
// routes. A network is claimed with an exclusive lock file; a claim whose process is gone is taken over.
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

/** Claims 10.N.0.0/16 (N in 128..191) as a test cluster's pod network. */
export function claimTestClusterCidr(): { cidr: string; release(): void } {
  const c = claim(Array.from({ length: 64 }, (_, i) => `10.${128 + i}`));
  return { cidr: `${c.name}.0.0/16`, release: c.release };
}

/** Claims 10.199.N.0/24 (N in 20..219) for a test's veth link to a network namespace. */
export function claimTestLinkSubnet(): { prefix: string; release(): void } {
  const c = claim(Array.from({ length: 200 }, (_, i) => `10.199.${20 + i}`));
  return { prefix: c.name, release: c.release };
}
