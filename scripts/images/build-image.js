#!/usr/bin/env node
// Builds Skiff's example images from Debian's binaries, without a registry: download the packages (not
// installed on the host), unpack them, assemble a small root filesystem, `docker import` it.
//
//   node scripts/images/build-image.js [--force] [--json] NAME...   NAME: guestbook | all | redis | ...
//
// An image whose label matches its recipe's hash (recipe, baked-in files, this builder's sources) is
// skipped, so a second run takes about a second. Progress goes to stderr, one line per step; --json
// prints a summary of each image on stdout. One build runs at a time on a machine (build-lock.js).
import { createHash } from 'node:crypto';
import { createReadStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Dockerode from 'dockerode';
import { withBuildLock } from './build-lock.js';
import { downloadPackages, extractPackages } from './debian-packages.js';
import { RECIPES, recipesFor } from './recipes.js';
import { assembleRootfs, tarRootfs } from './rootfs.js';

/** @typedef {import('./recipes.js').Recipe} Recipe */
/**
 * @typedef {object} ImageResult
 * @property {string} name
 * @property {string} tag
 * @property {string} id
 * @property {boolean} built      false when the existing image was up to date
 * @property {number} seconds     time spent on this image (its share of the download included when built)
 * @property {number} sizeBytes
 */

const HERE = fileURLToPath(new URL('.', import.meta.url));
const REPO = resolve(HERE, '..', '..');
const LABEL = 'io.skiff.image.recipe-hash';
/** Every image gets a shell. */
const BASE_PACKAGES = ['busybox-static'];

/**
 * Builds the images named (or grouped) by `names` that are missing or out of date.
 * @param {string[]} names
 * @param {{ force?: boolean, docker?: Dockerode, log?: (line: string) => void }} [opts]
 * @returns {Promise<ImageResult[]>}
 */
export async function buildImages(names, opts = {}) {
  const log = opts.log ?? ((line) => process.stderr.write(`build-image: ${line}\n`));
  const recipes = recipesFor(names);
  return withBuildLock(() => build(recipes, opts.docker ?? new Dockerode(), Boolean(opts.force), log), log);
}

/**
 * @param {Recipe[]} recipes
 * @param {Dockerode} docker
 * @param {boolean} force
 * @param {(line: string) => void} log
 * @returns {Promise<ImageResult[]>}
 */
async function build(recipes, docker, force, log) {
  /** @type {ImageResult[]} */
  const results = [];
  /** @type {{ recipe: Recipe, hash: string, oldId: string | undefined }[]} */
  const todo = [];
  for (const recipe of recipes) {
    const started = Date.now();
    const hash = recipeHash(recipe);
    const existing = await docker.getImage(recipe.tag).inspect().catch(() => undefined);
    if (existing && existing.Config?.Labels?.[LABEL] === hash && !force) {
      log(`${recipe.tag}: up to date (${mib(existing.Size)})`);
      results.push({ name: recipe.name, tag: recipe.tag, id: existing.Id, built: false, seconds: (Date.now() - started) / 1000, sizeBytes: existing.Size });
    } else {
      todo.push({ recipe, hash, oldId: existing?.Id });
    }
  }
  if (todo.length === 0) return results;

  const work = mkdtempSync(join(tmpdir(), 'skiff-image-'));
  try {
    const t0 = Date.now();
    const packages = [...new Set([...BASE_PACKAGES, ...todo.flatMap((t) => t.recipe.packages)])];
    log(`downloading ${packages.join(' ')} and what the host lacks of their dependencies`);
    const debs = await downloadPackages(packages, join(work, 'debs'), log);
    log(`unpacking ${debs.length} packages`);
    await extractPackages(debs, join(work, 'stage'));
    const shared = (Date.now() - t0) / 1000 / todo.length;
    for (const { recipe, hash, oldId } of todo) {
      const started = Date.now();
      const root = join(work, `root-${recipe.name}`);
      const made = assembleRootfs({ stage: join(work, 'stage'), root, recipe, repo: REPO });
      log(`${recipe.tag}: root filesystem with ${made.binaries} binaries, ${made.libraries} libraries, ${made.applets} busybox applets`);
      const tar = join(work, `${recipe.name}.tar`);
      tarRootfs(root, tar);
      log(`${recipe.tag}: importing ${mib(statSync(tar).size)}`);
      const image = await importImage(docker, tar, recipe.tag, [...recipe.changes, `LABEL ${LABEL}=${hash}`]);
      if (oldId && oldId !== image.Id) await docker.getImage(oldId).remove().catch(() => undefined); // now untagged
      const seconds = (Date.now() - started) / 1000 + shared;
      log(`${recipe.tag}: built in ${seconds.toFixed(1)} s (${mib(image.Size)})`);
      results.push({ name: recipe.name, tag: recipe.tag, id: image.Id, built: true, seconds, sizeBytes: image.Size });
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return recipes.map((r) => /** @type {ImageResult} */ (results.find((x) => x.name === r.name)));
}

/**
 * @param {Dockerode} docker
 * @param {string} tarFile
 * @param {string} tag
 * @param {string[]} changes
 */
async function importImage(docker, tarFile, tag, changes) {
  const colon = tag.lastIndexOf(':');
  // One newline-separated string: docker-modem would send an array as a JSON text, which dockerd rejects.
  const stream = await docker.importImage(createReadStream(tarFile), { repo: tag.slice(0, colon), tag: tag.slice(colon + 1), changes: changes.join('\n') });
  await new Promise((res, rej) => docker.modem.followProgress(stream, (/** @type {Error | null} */ err) => (err ? rej(err) : res(undefined))));
  return docker.getImage(tag).inspect();
}

/**
 * A digest of everything the image is made from but the Debian packages: the recipe, the files it
 * bakes in and this builder's own sources. A change to any of them rebuilds the image.
 * @param {Recipe} recipe
 */
export function recipeHash(recipe) {
  const h = createHash('sha256').update(JSON.stringify(recipe));
  for (const f of recipe.files) h.update(readFileSync(join(REPO, f.src)));
  for (const src of ['build-image.js', 'debian-packages.js', 'rootfs.js']) h.update(readFileSync(join(HERE, src)));
  return h.digest('hex').slice(0, 16);
}

/** @param {number} bytes */
function mib(bytes) {
  return `${(bytes / 1048576).toFixed(1)} MiB`;
}

async function main() {
  const args = process.argv.slice(2);
  const names = args.filter((a) => !a.startsWith('--'));
  const unknown = args.filter((a) => a.startsWith('--') && !['--force', '--json', '--help'].includes(a));
  if (names.length === 0 || unknown.length || args.includes('--help')) {
    const list = RECIPES.map((r) => `  ${r.name.padEnd(22)} ${r.tag}  ${r.description}`).join('\n');
    process.stderr.write(`usage: node scripts/images/build-image.js [--force] [--json] NAME...\n  guestbook              the three guestbook images\n  all                    every image\n${list}\n`);
    process.exitCode = args.includes('--help') ? 0 : 2;
    return;
  }
  const results = await buildImages(names, { force: args.includes('--force') });
  if (args.includes('--json')) process.stdout.write(`${JSON.stringify(results)}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((err) => {
    process.stderr.write(`build-image: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}
