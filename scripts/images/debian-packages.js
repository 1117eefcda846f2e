// Fetches Debian packages without installing them: apt resolves what the host lacks, downloads it into a
// directory of our own, and dpkg-deb unpacks every .deb into a staging tree.
import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const APT_ENV = { ...process.env, DEBIAN_FRONTEND: 'noninteractive', LC_ALL: 'C' };

/**
 * Downloads `packages` (reinstalled, so they come even when the host has them) and whatever of their
 * dependencies the host does not have; dependencies the host has are taken from the host later.
 * Retries once after `apt-get update` (a fresh machine may have no or stale package lists).
 * @param {string[]} packages
 * @param {string} dir  where the .deb files go
 * @param {(line: string) => void} log
 * @returns {Promise<string[]>} the downloaded .deb files
 */
export async function downloadPackages(packages, dir, log) {
  mkdirSync(join(dir, 'partial'), { recursive: true });
  const args = ['install', '--download-only', '--reinstall', '--no-install-recommends', '-y', '-q',
    '-o', `Dir::Cache::archives=${dir}`,
    // our directory is not readable by apt's _apt sandbox user; download as the caller instead of warning
    '-o', 'APT::Sandbox::User=root',
    ...packages];
  try {
    await run('apt-get', args, { env: APT_ENV, maxBuffer: 16 << 20 });
  } catch (err) {
    log(`apt-get could not fetch ${packages.join(' ')} (${firstErrorLine(err)}); running apt-get update`);
    await run('apt-get', ['update', '-q'], { env: APT_ENV, maxBuffer: 16 << 20 });
    try {
      await run('apt-get', args, { env: APT_ENV, maxBuffer: 16 << 20 });
    } catch (again) {
      throw new Error(`apt-get could not download ${packages.join(' ')}: ${firstErrorLine(again)}`, { cause: again });
    }
  }
  return readdirSync(dir).filter((f) => f.endsWith('.deb')).map((f) => join(dir, f));
}

/**
 * Unpacks each .deb into `stage` (no maintainer scripts run).
 * @param {string[]} debs
 * @param {string} stage
 */
export async function extractPackages(debs, stage) {
  mkdirSync(stage, { recursive: true });
  for (const deb of debs) await run('dpkg-deb', ['-x', deb, stage]);
}

/** @param {unknown} err */
function firstErrorLine(err) {
  const e = /** @type {{ stderr?: string, message?: string }} */ (err);
  const lines = (e.stderr || e.message || String(err)).split('\n').filter((l) => /^E:|error/i.test(l));
  return (lines[0] || e.message || String(err)).trim();
}
