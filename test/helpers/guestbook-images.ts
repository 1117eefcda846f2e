// The guestbook example's images (redis master, replica, frontend) for tests: built from Debian's packages
// by scripts/images/build-image.js when missing or out of date, so a fresh machine or CI gets them too.
import { execFile } from 'node:child_process';
import { repoPath, repoRoot } from './paths.js';

export interface BuiltImage {
  name: string;
  tag: string;
  id: string;
  /** false when the existing image was up to date */
  built: boolean;
  seconds: number;
  sizeBytes: number;
}

export interface GuestbookImages {
  redis: BuiltImage;
  slave: BuiltImage;
  frontend: BuiltImage;
}

let inFlight: Promise<GuestbookImages> | undefined;

/** Builds whichever guestbook image is missing or stale (a few seconds; about one when all are current). */
export function ensureGuestbookImages(opts: { force?: boolean } = {}): Promise<GuestbookImages> {
  if (opts.force) return build(true);
  // concurrent callers in one process share one build
  inFlight ??= build(false).finally(() => { inFlight = undefined; });
  return inFlight;
}

function build(force: boolean): Promise<GuestbookImages> {
  const args = [repoPath('scripts', 'images', 'build-image.js'), '--json', ...(force ? ['--force'] : []), 'guestbook'];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { cwd: repoRoot(), timeout: 10 * 60_000, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      if (err) {
        reject(new Error(`building the guestbook images failed: ${err.message}\n${stderr.split('\n').slice(-20).join('\n')}`));
        return;
      }
      try {
        resolve(parseResults(stdout));
      } catch (parseErr) {
        reject(parseErr instanceof Error ? parseErr : new Error(String(parseErr)));
      }
    });
  });
}

function parseResults(stdout: string): GuestbookImages {
  const parsed: unknown = JSON.parse(stdout.trim().split('\n').pop() ?? '');
  if (!Array.isArray(parsed)) throw new Error(`build-image.js --json printed no list: ${stdout}`);
  const byName = new Map<string, BuiltImage>();
  for (const item of parsed as unknown[]) {
    const r = item as Partial<Record<keyof BuiltImage, unknown>>;
    if (typeof r?.name !== 'string' || typeof r.tag !== 'string' || typeof r.id !== 'string' || typeof r.built !== 'boolean'
      || typeof r.seconds !== 'number' || typeof r.sizeBytes !== 'number') throw new Error(`unexpected build result: ${JSON.stringify(item)}`);
    byName.set(r.name, { name: r.name, tag: r.tag, id: r.id, built: r.built, seconds: r.seconds, sizeBytes: r.sizeBytes });
  }
  const get = (name: string): BuiltImage => {
    const image = byName.get(name);
    if (!image) throw new Error(`build-image.js did not report the ${name} image`);
    return image;
  };
  return { redis: get('redis'), slave: get('guestbook-redis-slave'), frontend: get('guestbook-frontend') };
}
