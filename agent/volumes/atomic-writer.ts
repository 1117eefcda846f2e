// Projects a set of files into a volume directory so that a reader never sees a half-written update,
// like the kubelet's AtomicWriter. The files live in a hidden timestamped directory; `..data` is a
// symlink to it, and every visible top-level name is a symlink through `..data`:
//
//   <dir>/..2024_05_01_12_00_00.123456789/username   the real files
//   <dir>/..data -> ..2024_05_01_12_00_00.123456789
//   <dir>/username -> ..data/username
//
// An update writes a new timestamped directory and renames a fresh `..data_tmp` link over `..data`:
// one atomic rename switches every file at once. Top-level names starting with `..` are reserved.
import { randomInt } from 'node:crypto';
import { chmod, lstat, mkdir, readFile, readdir, readlink, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { dirname, join, posix } from 'node:path';
import { VolumeSetupError } from './types.js';

export interface FileProjection {
  data: Buffer;
  /** Permission bits, e.g. 0o644. */
  mode: number;
}

/** Relative path → content. */
export type Payload = Map<string, FileProjection>;

const DATA_DIR = '..data';
const NEW_DATA_DIR = '..data_tmp';
const MAX_FILE_NAME = 255;
const MAX_PATH = 4096;

const isENOENT = (err: unknown): boolean => (err as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';

/** Upstream's rules for payload paths: relative, no `..` element, not starting with `..`, bounded. */
export function validatePayloadPath(p: string): void {
  if (p === '') throw new VolumeSetupError(`invalid path: must not be empty: "${p}"`);
  if (posix.isAbsolute(p)) throw new VolumeSetupError(`invalid path: must be relative path: ${p}`);
  if (p.length > MAX_PATH) throw new VolumeSetupError(`invalid path: must be less than or equal to ${MAX_PATH} characters`);
  const items = p.split('/');
  for (const item of items) {
    if (item === '..') throw new VolumeSetupError(`invalid path: must not contain '..': ${p}`);
    if (item.length > MAX_FILE_NAME) throw new VolumeSetupError(`invalid path: filenames must be less than or equal to ${MAX_FILE_NAME} characters`);
  }
  if (items[0].startsWith('..') && items[0].length > 2) throw new VolumeSetupError(`invalid path: must not start with '..': ${p}`);
}

/** filepath.Clean for a relative path: "./a//b/" → "a/b". */
const cleanPath = (p: string): string => posix.normalize(p).replace(/\/+$/, '');

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

export class AtomicWriter {
  constructor(private readonly targetDir: string, private readonly clock: () => Date = () => new Date()) {}

  /** Makes the directory hold exactly `payload`; false (and no disk change) when it already does. */
  async write(payload: Payload): Promise<boolean> {
    const clean: Payload = new Map();
    for (const [p, file] of payload) {
      validatePayloadPath(p);
      clean.set(cleanPath(p), file);
    }
    await mkdir(this.targetDir, { recursive: true, mode: 0o755 });
    const dataLink = join(this.targetDir, DATA_DIR);
    const oldTs = await readlink(dataLink).catch((err: unknown) => {
      if (isENOENT(err)) return undefined;
      throw err;
    });
    let stale: string[] = [];
    if (oldTs !== undefined) {
      const oldDir = join(this.targetDir, oldTs);
      stale = await pathsToRemove(clean, oldDir);
      if (stale.length === 0 && !(await differs(clean, oldDir))) return false;
    }

    const tsName = await this.newTimestampDir();
    const tsDir = join(this.targetDir, tsName);
    try {
      for (const [p, file] of clean) {
        const full = join(tsDir, p);
        await mkdir(dirname(full), { recursive: true, mode: 0o755 });
        await writeFile(full, file.data, { mode: file.mode });
        await chmod(full, file.mode); // writeFile's mode is subject to the umask
      }
      await this.createUserVisibleLinks(clean);
      const tmpLink = join(this.targetDir, NEW_DATA_DIR);
      await rm(tmpLink, { force: true }); // left over by a crash mid-update
      await symlink(tsName, tmpLink);
      await rename(tmpLink, dataLink);
    } catch (err) {
      await rm(tsDir, { recursive: true, force: true });
      throw err;
    }
    // only top-level names are links of ours; deeper stale paths vanished with the old directory
    for (const p of stale) if (!p.includes('/')) await rm(join(this.targetDir, p), { force: true });
    await this.removeOldTimestampDirs(tsName, oldTs);
    return true;
  }

  private async newTimestampDir(): Promise<string> {
    const t = this.clock();
    const stamp = `..${t.getUTCFullYear()}_${pad(t.getUTCMonth() + 1)}_${pad(t.getUTCDate())}_${pad(t.getUTCHours())}_${pad(t.getUTCMinutes())}_${pad(t.getUTCSeconds())}`;
    for (;;) {
      const name = `${stamp}.${pad(randomInt(0, 1_000_000_000), 9)}`;
      try {
        await mkdir(join(this.targetDir, name), { mode: 0o755 });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EEXIST') continue;
        throw err;
      }
      // group and others must traverse it whatever the umask
      await chmod(join(this.targetDir, name), 0o755);
      return name;
    }
  }

  /** `name -> ..data/name` for each top-level name not linked yet. */
  private async createUserVisibleLinks(payload: Payload): Promise<void> {
    const tops = new Set([...payload.keys()].map((p) => p.split('/')[0]));
    for (const top of tops) {
      const visible = join(this.targetDir, top);
      try {
        await lstat(visible);
      } catch (err) {
        if (!isENOENT(err)) throw err;
        await symlink(join(DATA_DIR, top), visible);
      }
    }
  }

  /**
   * Timestamped directories older than the previous version (and any a crash left). The previous one stays
   * until the next update: a reader that resolved `..data` just before the swap can still open its files.
   */
  private async removeOldTimestampDirs(current: string, previous: string | undefined): Promise<void> {
    for (const name of await readdir(this.targetDir)) {
      if (name.startsWith('..') && name !== DATA_DIR && name !== NEW_DATA_DIR && name !== current && name !== previous) {
        await rm(join(this.targetDir, name), { recursive: true, force: true });
      }
    }
  }
}

/** Relative paths (files and directories) under `dir`. */
async function walk(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    out.push(rel);
    if (entry.isDirectory()) out.push(...(await walk(dir, rel)));
  }
  return out;
}

/** Paths of the old version that the new payload no longer has (neither as a file nor as a parent). */
async function pathsToRemove(payload: Payload, oldDir: string): Promise<string[]> {
  const old = await walk(oldDir).catch((err: unknown) => {
    if (isENOENT(err)) return [];
    throw err;
  });
  const keep = new Set<string>();
  for (const p of payload.keys()) {
    const parts = p.split('/');
    for (let i = 1; i <= parts.length; i++) keep.add(parts.slice(0, i).join('/'));
  }
  return old.filter((p) => !keep.has(p));
}

/** Whether any file's content or mode differs from the old version (or is missing there). */
async function differs(payload: Payload, oldDir: string): Promise<boolean> {
  for (const [p, file] of payload) {
    const full = join(oldDir, p);
    try {
      const st = await lstat(full);
      if (!st.isFile() || (st.mode & 0o7777) !== (file.mode & 0o7777)) return true;
      if (!(await readFile(full)).equals(file.data)) return true;
    } catch (err) {
      // ENOTDIR: a parent was a file in the old version
      if (isENOENT(err) || (err as NodeJS.ErrnoException).code === 'ENOTDIR') return true;
      throw err;
    }
  }
  return false;
}
