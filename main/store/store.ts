// The LevelDB-backed object store: a global revision, optimistic concurrency, a change log for
// watches and crash recovery, compaction, and durable (fsync'ed) writes. Only the API server uses it.
import { Level } from 'level';
import type { KubeObject } from '../../api/types/meta.js';
import { Committer, type WriteOp } from './committer.js';
import { StoreClosedError, StoreError, StoreLockedError } from './errors.js';
import { EventWindow, type Change, type Subscription, type WatchFilter } from './events.js';
import { parseKey, type StoreKey } from './keys.js';
import { CODE_TYPE, LOG_RANGE, logKey, REGISTRY_RANGE, REVISION_KEY, type LogRecord } from './layout.js';
import { MemoryIndex, type Entry } from './memory-index.js';
import { reencodeStale, type ReencodeProgress } from './reencode.js';
import { identityCodec, type ValueCodec } from './value-codec.js';

export interface StoreOptions {
  /** How many changes the watch history (and the on-disk change log) keeps. */
  historyWindow?: number;
  /** Encryption at rest plugs in here; identity by default. */
  codec?: ValueCodec;
}

export interface ListResult {
  entries: Entry[];
  revision: number;
}

export class Store {
  private closed = false;
  private compacting: Promise<void> | undefined;
  private compactedThrough: number;
  private reencoding: Promise<ReencodeProgress> | undefined;
  /** Values the codec called stale while the store was opened (see reencode). */
  readonly staleAtOpen: number;

  private constructor(
    private readonly db: Level<string, string>,
    private readonly codec: ValueCodec,
    private readonly index: MemoryIndex,
    private readonly events: EventWindow,
    private readonly committer: Committer,
    private readonly window: number,
    compactedThrough: number,
    staleAtOpen: number,
  ) {
    this.compactedThrough = compactedThrough;
    this.staleAtOpen = staleAtOpen;
  }

  static async open(path: string, options: StoreOptions = {}): Promise<Store> {
    const window = options.historyWindow ?? 10_000;
    const codec = options.codec ?? identityCodec;
    const db = new Level<string, string>(path, { keyEncoding: 'utf8', valueEncoding: 'utf8' });
    try {
      await db.open();
    } catch (err) {
      if ((err as { cause?: { code?: string } }).cause?.code === 'LEVEL_LOCKED') throw new StoreLockedError(path);
      throw new StoreError(`cannot open the store at ${path}: ${(err as Error).message}`);
    }
    const index = new MemoryIndex();
    const history: Change[] = [];
    let stale = 0;
    let revision: number;
    try {
      for await (const [k, raw] of db.iterator(REGISTRY_RANGE)) {
        const key = parseKey(k);
        if (!key) continue;
        const object = JSON.parse(codec.decode(k, raw)) as KubeObject;
        if (codec.isStale(key, raw)) stale++;
        index.set({ key, revision: Number(object.metadata.resourceVersion ?? 0), object });
      }
      revision = Number((await db.get(REVISION_KEY)) ?? 0);
      for await (const [k, raw] of db.iterator({ ...LOG_RANGE, reverse: true, limit: window })) {
        const rec = JSON.parse(codec.decode(k, raw)) as LogRecord;
        const key = parseKey(rec.k);
        if (!key) continue;
        if (codec.isStale(key, raw)) stale++;
        history.push({ type: CODE_TYPE[rec.t], revision: Number(k.slice(5)), key, object: rec.o, previous: rec.p });
      }
    } catch (err) {
      await db.close();
      throw new StoreError(`cannot load the store at ${path}: ${(err as Error).message}`, { cause: err });
    }
    history.reverse();
    const floor = history.length > 0 ? history[0].revision - 1 : revision;
    const events = new EventWindow(window, floor);
    events.seed(history, floor);
    const committer = new Committer({ db, index, revision, encode: (at, subject, json) => codec.encode(at, subject, json), publish: (c) => events.append(c) });
    return new Store(db, codec, index, events, committer, window, floor, stale);
  }

  /** The store's current revision: the resourceVersion of the newest write. */
  get revision(): number {
    return this.committer.revision;
  }

  get objectCount(): number {
    return this.index.size;
  }

  get(key: StoreKey): Entry | undefined {
    this.assertOpen();
    return this.index.get(key);
  }

  list(group: string, resource: string, namespace?: string): ListResult {
    this.assertOpen();
    return { entries: this.index.list(group, resource, namespace), revision: this.revision };
  }

  count(group: string, resource: string, namespace?: string): number {
    return this.index.countOf(group, resource, namespace);
  }

  create(key: StoreKey, object: KubeObject): Promise<KubeObject> {
    return this.write({ kind: 'create', key, object });
  }

  update(key: StoreKey, object: KubeObject, expectedRevision?: number): Promise<KubeObject> {
    return this.write({ kind: 'update', key, object, expectedRevision });
  }

  delete(key: StoreKey, expectedRevision?: number): Promise<KubeObject> {
    return this.write({ kind: 'delete', key, expectedRevision });
  }

  /**
   * Streams changes after `fromRevision` matching the filter: history first, then live changes.
   * Throws CompactedError when that revision is older than the retained history.
   */
  watch(filter: WatchFilter, fromRevision: number, deliver: (change: Change) => void, onError?: (err: unknown) => void): Subscription {
    this.assertOpen();
    return this.events.subscribe(filter, fromRevision, deliver, onError);
  }

  get oldestWatchableRevision(): number {
    return this.events.oldestServable;
  }

  get watcherCount(): number {
    return this.events.subscriberCount;
  }

  get commitStats(): { batches: number; writes: number } {
    return { batches: this.committer.batches, writes: this.committer.writes };
  }

  /**
   * Writes again, in place, every value the codec calls stale: same JSON, same revision, so watchers see
   * nothing. Runs in small batches between writes; safe to repeat after a crash midway.
   */
  async reencode(onProgress?: (p: ReencodeProgress) => void): Promise<ReencodeProgress> {
    this.assertOpen();
    if (this.reencoding) throw new StoreError('a re-encode of the store is already running');
    const run = (async () => {
      // Compaction deletes change-log records; rewriting one it just deleted would bring it back.
      await this.compacting;
      return reencodeStale({ db: this.db, codec: this.codec, exclusive: (fn) => this.committer.exclusive(fn) }, onProgress);
    })();
    this.reencoding = run;
    try {
      return await run;
    } finally {
      this.reencoding = undefined;
    }
  }

  /** Finishes queued writes, then closes LevelDB. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.committer.close();
    await this.reencoding?.catch(() => undefined);
    await this.compacting;
    await this.db.close();
  }

  private async write(op: WriteOp): Promise<KubeObject> {
    const result = await this.committer.submit(op);
    this.maybeCompact();
    return result;
  }

  /** Drops change-log records that fell out of the history window, in the background, in batches. */
  private maybeCompact(): void {
    const through = this.revision - this.window;
    if (this.compacting || this.reencoding || this.closed || through - this.compactedThrough < Math.max(100, this.window / 10)) return;
    this.compacting = this.db
      .clear({ gte: LOG_RANGE.gte, lt: logKey(through + 1) })
      .then(() => { this.compactedThrough = through; })
      .catch(() => { /* retried on a later write */ })
      .finally(() => { this.compacting = undefined; });
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreClosedError();
  }
}
