// Assembles an image's root filesystem from unpacked Debian packages: the wanted binaries with every shared
// library ldd says they load (the packages' own first, then the host's) and the dynamic loader, busybox
// and its applet links for a shell, minimal /etc files, and the recipe's own files. Merged /usr layout.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';

/** @typedef {import('./recipes.js').Recipe} Recipe */

const BUSYBOX = '/bin/busybox';
const MERGED = ['bin', 'sbin', 'lib', 'lib32', 'lib64', 'libx32'];

const PASSWD = `root:x:0:0:root:/root:/bin/sh
www-data:x:33:33:www-data:/var/www:/sbin/nologin
redis:x:999:999:redis:/data:/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin
`;
const GROUP = `root:x:0:
www-data:x:33:
redis:x:999:
nogroup:x:65534:
`;
// glibc reads names of services from here; "dns" lets redis-server and redis-cli resolve Service names.
const NSSWITCH = `passwd: files
group: files
hosts: files dns
`;

/**
 * Builds the root filesystem of `recipe` in the empty directory `root`.
 * @param {{ stage: string, root: string, recipe: Recipe, repo: string }} opts
 * @returns {{ binaries: number, libraries: number, applets: number }}
 */
export function assembleRootfs({ stage, root, recipe, repo }) {
  for (const d of ['usr/bin', 'usr/sbin', 'usr/lib', 'usr/local/bin', 'etc', 'root', 'var']) mkdirSync(join(root, d), { recursive: true });
  chmodSync(join(root, 'root'), 0o700);
  for (const d of ['tmp', 'var/tmp']) makeDir(root, d, 0o1777);

  const libPath = stageLibraryDirs(stage).join(':');
  const libraries = new Set();
  for (const bin of [...recipe.binaries, BUSYBOX]) {
    const real = locate(stage, bin);
    copyInto(root, real, imagePath(bin), 0o755);
    for (const lib of sharedLibraries(real, libPath)) {
      const abs = lib.startsWith(`${stage}/`) ? lib.slice(stage.length) : lib;
      const dest = imagePath(abs);
      if (libraries.has(dest)) continue;
      libraries.add(dest);
      // locate() prefers the packages' copy: ldd names the host's loader, which must match the libc taken
      copyInto(root, locate(stage, abs), dest, 0o755);
    }
  }

  let applets = 0;
  const list = execFileSync(locate(stage, BUSYBOX), ['--list-full'], { encoding: 'utf8' });
  for (const entry of list.split('\n')) {
    if (!entry.includes('/') || entry.endsWith('/busybox')) continue; // e.g. "linuxrc"
    const dest = join(root, imagePath(`/${entry}`));
    if (existsSync(dest)) continue; // a real binary of the same name wins
    mkdirSync(dirname(dest), { recursive: true });
    symlinkSync('/usr/bin/busybox', dest);
    applets++;
  }

  writeFileSync(join(root, 'etc/passwd'), PASSWD);
  writeFileSync(join(root, 'etc/group'), GROUP);
  writeFileSync(join(root, 'etc/nsswitch.conf'), NSSWITCH);
  for (const d of recipe.dirs) makeDir(root, d.path, d.mode);
  for (const f of recipe.files) {
    mkdirSync(dirname(join(root, f.dest)), { recursive: true });
    writeFileSync(join(root, f.dest), readFileSync(join(repo, f.src)));
    chmodSync(join(root, f.dest), f.mode);
  }
  // /bin, /lib, /lib64, ... point into /usr, as on Debian: the loader's path and #! lines both work.
  for (const top of MERGED) if (existsSync(join(root, 'usr', top))) symlinkSync(`usr/${top}`, join(root, top));
  return { binaries: recipe.binaries.length + 1, libraries: libraries.size, applets };
}

/**
 * Writes `root` as a tar for `docker import`, every file owned by root.
 * @param {string} root
 * @param {string} file
 */
export function tarRootfs(root, file) {
  execFileSync('tar', ['--numeric-owner', '--owner=0', '--group=0', '--sort=name', '-C', root, '-cf', file, '.']);
}

/**
 * The real file behind absolute path `abs`, found in the staging tree (following its symlinks inside
 * it) or else on the host.
 * @param {string} stage
 * @param {string} abs
 * @returns {string}
 */
function locate(stage, abs) {
  let p = abs;
  for (let hops = 0; hops < 40; hops++) {
    const st = lstatSync(join(stage, p), { throwIfNoEntry: false });
    if (!st) break;
    if (!st.isSymbolicLink()) return join(stage, p);
    const target = readlinkSync(join(stage, p));
    p = target.startsWith('/') ? target : posix.join(posix.dirname(p), target);
  }
  if (existsSync(abs)) return abs;
  throw new Error(`${abs} is neither in the downloaded packages nor on this host`);
}

/**
 * The libraries (and the dynamic loader) that `file` loads, as paths; [] for a static binary.
 * @param {string} file
 * @param {string} libPath  the staging tree's library directories, searched before the host's
 * @returns {string[]}
 */
function sharedLibraries(file, libPath) {
  let out;
  try {
    out = execFileSync('ldd', [file], { encoding: 'utf8', env: { ...process.env, LD_LIBRARY_PATH: libPath }, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    const e = /** @type {{ stdout?: string, stderr?: string }} */ (err);
    if (/not a dynamic executable/.test(`${e.stdout}${e.stderr}`)) return [];
    throw err;
  }
  if (/statically linked/.test(out)) return [];
  const libs = [];
  const missing = [];
  for (const line of out.split('\n')) {
    const found = /^\s*(\S+)\s+=>\s+(\/\S*)\s+\(0x/.exec(line);
    const loader = /^\s*(\/\S+)\s+\(0x/.exec(line);
    if (/=>\s+not found/.test(line)) missing.push(line.trim().split(/\s/)[0]);
    else if (found) libs.push(found[2]);
    else if (loader) libs.push(loader[1]);
  }
  if (missing.length) throw new Error(`${file} needs ${missing.join(', ')}, found neither in the packages nor on the host`);
  return libs;
}

/**
 * Directories of the staging tree that hold shared libraries (two levels under lib/ and usr/lib/).
 * @param {string} stage
 * @returns {string[]}
 */
function stageLibraryDirs(stage) {
  /** @type {string[]} */
  const dirs = [];
  const walk = (/** @type {string} */ dir, /** @type {number} */ depth) => {
    if (!existsSync(dir)) return;
    const entries = readdirSync(dir, { withFileTypes: true });
    if (entries.some((e) => !e.isDirectory() && /\.so(\.|$)/.test(e.name))) dirs.push(dir);
    if (depth > 0) for (const e of entries) if (e.isDirectory()) walk(join(dir, e.name), depth - 1);
  };
  walk(join(stage, 'lib'), 1);
  walk(join(stage, 'usr/lib'), 1);
  return dirs;
}

/**
 * Where an absolute path of a Debian system lives in our merged-/usr image (relative to the root).
 * @param {string} abs
 */
function imagePath(abs) {
  const rel = posix.normalize(abs).replace(/^\/+/, '');
  return MERGED.includes(rel.split('/')[0]) ? `usr/${rel}` : rel;
}

/**
 * @param {string} root
 * @param {string} from  a file (symlinks followed)
 * @param {string} rel   destination relative to root
 * @param {number} mode
 */
function copyInto(root, from, rel, mode) {
  const dest = join(root, rel);
  mkdirSync(dirname(dest), { recursive: true });
  copyFileSync(from, dest);
  chmodSync(dest, mode);
}

/**
 * @param {string} root
 * @param {string} rel
 * @param {number} mode  set after creation, so the umask does not drop bits such as the sticky bit
 */
function makeDir(root, rel, mode) {
  mkdirSync(join(root, rel), { recursive: true });
  chmodSync(join(root, rel), mode);
}
