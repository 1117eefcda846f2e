import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TempDir {
  path: string;
  remove: () => void;
  /**
   * For directories real components ran in (an agent's tmpfs volumes, an engine's layers): unmounts what is
   * still mounted below it, then removes it; a failure is reported, never thrown, so it cannot fail a suite
   * (and keep its cluster running).
   */
  dispose: () => void;
}

/** A fresh temporary directory, removed when the returned disposer runs. */
export function tempDir(prefix = 'skiff-test-'): TempDir {
  const path = mkdtempSync(join(tmpdir(), prefix));
  const remove = (): void => rmSync(path, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  const dispose = (): void => {
    for (const line of readFileSync('/proc/self/mounts', 'utf8').split('\n')) {
      const mountPoint = line.split(' ')[1];
      if (mountPoint?.startsWith(`${path}/`)) try { execFileSync('umount', ['-l', mountPoint], { stdio: 'ignore' }); } catch { /* gone */ }
    }
    try { remove(); } catch (err) { process.stderr.write(`# could not remove ${path}: ${String(err)}\n`); }
  };
  return { path, remove, dispose };
}
