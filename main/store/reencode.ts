// Rewrites stored values the codec calls stale (after a key rotation, or when a store written before
// encryption at rest gains it) in place: same JSON, new encoding, same revision. So no watch event fires
// and no resourceVersion changes — unlike Kubernetes' documented "no-op update" of every Secret, which
// would also leave the change-log records under the old key.
import type { Level } from 'level';
import { parseKey, type StoreKey } from './keys.js';
import { LOG_RANGE, REGISTRY_RANGE, type LogRecord } from './layout.js';
import type { ValueCodec } from './value-codec.js';

export interface Count {
  done: number;
  total: number;
}

export interface ReencodeProgress {
  /** Objects (under /registry/...). */
  objects: Count;
  /** Change-log records. */
  records: Count;
}

export interface ReencodeDeps {
  db: Level<string, string>;
  codec: ValueCodec;
  /** Runs `fn` between the committer's batches (see Committer.exclusive). */
  exclusive: <T>(fn: () => Promise<T>) => Promise<T>;
}

type SubjectOf = (at: string, json: () => string) => StoreKey | undefined;

const objectSubject: SubjectOf = (at) => parseKey(at);
const recordSubject: SubjectOf = (_at, json) => parseKey((JSON.parse(json()) as LogRecord).k);

export async function reencodeStale(deps: ReencodeDeps, onProgress?: (p: ReencodeProgress) => void, chunkSize = 64): Promise<ReencodeProgress> {
  // A write encoded before the caller changed the codec may still be on its way to LevelDB: let it land
  // first, or the scan below could miss it.
  await deps.exclusive(async () => undefined);
  const objects = await findStale(deps, REGISTRY_RANGE, objectSubject);
  const records = await findStale(deps, LOG_RANGE, recordSubject);
  const progress: ReencodeProgress = { objects: { done: 0, total: objects.length }, records: { done: 0, total: records.length } };
  onProgress?.(structuredClone(progress));
  for (const [keys, count, subjectOf] of [[objects, progress.objects, objectSubject], [records, progress.records, recordSubject]] as const) {
    for (let i = 0; i < keys.length; i += chunkSize) {
      const chunk = keys.slice(i, i + chunkSize);
      await deps.exclusive(() => rewrite(deps, chunk, subjectOf));
      count.done += chunk.length;
      onProgress?.(structuredClone(progress));
    }
  }
  if (objects.length + records.length > 0) await purgeOldVersions(deps.db);
  return progress;
}

/**
 * LevelDB keeps overwritten values in its files until a compaction reaches them: plain Secrets from
 * before encryption, or values under a key just deleted. Compacting the rewritten ranges drops them.
 */
async function purgeOldVersions(db: Level<string, string>): Promise<void> {
  // `level`'s universal type omits classic-level's compactRange, which is there in Node.
  const compact = (db as unknown as { compactRange?: (start: string, end: string) => Promise<void> }).compactRange?.bind(db);
  if (!compact) return;
  await compact(REGISTRY_RANGE.gte, REGISTRY_RANGE.lt);
  await compact(LOG_RANGE.gte, LOG_RANGE.lt);
}

/** A read without the write lock: each hit is checked again when it is rewritten. */
async function findStale(deps: ReencodeDeps, range: { gte: string; lt: string }, subjectOf: SubjectOf): Promise<string[]> {
  const stale: string[] = [];
  for await (const [at, raw] of deps.db.iterator(range)) {
    const subject = subjectOf(at, () => deps.codec.decode(at, raw));
    if (subject && deps.codec.isStale(subject, raw)) stale.push(at);
  }
  return stale;
}

async function rewrite(deps: ReencodeDeps, keys: string[], subjectOf: SubjectOf): Promise<void> {
  const raws = await deps.db.getMany(keys);
  const ops: { type: 'put'; key: string; value: string }[] = [];
  keys.forEach((at, i) => {
    const raw = raws[i];
    if (raw === undefined) return; // deleted (or compacted) since the scan
    const json = deps.codec.decode(at, raw);
    const subject = subjectOf(at, () => json);
    if (subject && deps.codec.isStale(subject, raw)) ops.push({ type: 'put', key: at, value: deps.codec.encode(at, subject, json) });
  });
  if (ops.length > 0) await deps.db.batch(ops, { sync: true });
}
