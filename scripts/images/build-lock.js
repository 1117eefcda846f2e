// One image build at a time on this machine: test files run in parallel processes, and two builds of the
// same images would each retag them, so one process would see its image replaced under it. The second
// waits, then finds the images up to date. A lock whose process is gone is taken over.
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const LOCK = join(tmpdir(), 'skiff-image-build.lock');
const MAX_WAIT_MS = 15 * 60_000;

/** @param {number} pid */
function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return /** @type {{ code?: string }} */ (err).code === 'EPERM';
  }
}

/**
 * Runs `fn` holding the machine-wide image build lock.
 * @template T
 * @param {() => Promise<T>} fn
 * @param {(line: string) => void} log
 * @returns {Promise<T>}
 */
export async function withBuildLock(fn, log) {
  const started = Date.now();
  let told = false;
  for (;;) {
    try {
      const fd = openSync(LOCK, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      break;
    } catch (err) {
      if (/** @type {{ code?: string }} */ (err).code !== 'EEXIST') throw err;
    }
    let holder;
    try { holder = Number(readFileSync(LOCK, 'utf8')); } catch { continue; } // released meanwhile
    // an empty file is a lock being written right now; a dead holder's lock is stale
    if (holder > 0 && !alive(holder)) {
      rmSync(LOCK, { force: true });
      continue;
    }
    if (!told) log(`waiting for the image build of process ${holder || '?'} (${LOCK})`);
    told = true;
    if (Date.now() - started > MAX_WAIT_MS) throw new Error(`another image build has held ${LOCK} for ${MAX_WAIT_MS / 60_000} minutes`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  try {
    return await fn();
  } finally {
    rmSync(LOCK, { force: true });
  }
}
