// Distinct pod networks for test clusters running at the same time on this machine: every cluster's
// first node would otherwise get 10.244.0.0/24, and two bridges with one subnet break each other's routes.
// A /16 is claimed with an exclusive lock file; a claim whose process is gone is taken over.
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

/** Claims 10.N.0.0/16 (N in 128..191) for this process; call release() when done. */
export function claimTestClusterCidr(): { cidr: string; release(): void } {
  mkdirSync(DIR, { recursive: true });
  const order = Array.from({ length: 64 }, (_, i) => 128 + i).sort(() => Math.random() - 0.5);
  for (const n of order) {
    const lock = join(DIR, `10.${n}.lock`);
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(lock, 'wx');
        writeSync(fd, String(process.pid));
        closeSync(fd);
        return { cidr: `10.${n}.0.0/16`, release: () => rmSync(lock, { force: true }) };
      } catch {
        const owner = Number(readFileSync(lock, 'utf8').trim() || 0);
        if (owner === process.pid || alive(owner)) break;
        rmSync(lock, { force: true });
      }
    }
  }
  throw new Error('no free test pod network in 10.128.0.0/10');
}
