// The LevelDB-backed object store: a global revision, optimistic concurrency, a change log for
// watches and crash recovery, compaction, and durable (fsync'ed) writes. Only the API server uses it.
import { Level } from 'level';
import type { KubeObject } from '../../api/types/meta.js';
import { Committer, type WriteOp } from './committer.js';
import { StoreClosedError, StoreError } from './errors.js';
import { EventWindow, type Change, type Subscription, type WatchFilter } from './events.js';
import { parseKey, type StoreKey } from './keys.js';
import { CODE_TYPE, LOG_RANGE, logKey, REGISTRY_RANGE, REVISION_KEY, type LogRecord } from './layout.js';
import { MemoryIndex, type Entry } from './memory-index.js';

export interface ValueCodec {
  encode(key: StoreKey, json: string): string;
  decode(raw: string): string;
}

export interface StoreOptions {
  /** How many changes the watch history (and the on-disk change log) keeps. */
  historyWindow?: number;
  /** Encryption at rest plugs in here; identity by default. */
  codec?: ValueCodec;
}

const identity: ValueCodec = { encode: (_k, json) => json, decode: (raw) => raw };

export interface ListResult {
  entries: Entry[];
  revision: number;
}

export class Store {
  private closed = false;
  private compacting: Promise<void> | undefined;
  private compactedThrough: number;

  private constructor(
    private readonly db: Level<string, string>,
    private readonly index: MemoryIndex,
    private readonly events: EventWindow,
    private readonly committer: Committer,
    private readonly window: number,
    compactedThrough: number,
  ) {
    this.compactedThrough = compactedThrough;
  }

  static async open(path: string, options: StoreOptions = {}): Promise<Store> {
    const window = options.historyWindow ?? 10_000;
    const codec = options.codec ?? identity;
    const db = new Level<string, string>(path, { keyEncoding: 'utf8', valueEncoding: 'utf8' });
    try {
      await db.open();
    } catch (err) {
      throw new StoreError(`cannot open the store at ${path}: ${(err as Error).message}${lockHint(err)}`);
    }
    const index = new MemoryIndex();
    for await (const [k, raw] of db.iterator(REGISTRY_RANGE)) {
      const key = parseKey(k);
      if (!key) continue;
      const object = JSON.parse(codec.decode(raw)) as KubeObject;
      index.set({ key, revision: Number(object.metadata.resourceVersion ?? 0), object });
    }
    const revision = Number((await db.get(REVISION_KEY)) ?? 0);
    const history: Change[] = [];
    for await (const [k, raw] of db.iterator({ ...LOG_RANGE, reverse: true, limit: window })) {
      const rec = JSON.parse(codec.decode(raw)) as LogRecord;
      const key = parseKey(rec.k);
      if (!key) continue;
      history.push({ type: CODE_TYPE[rec.t], revision: Number(k.slice(5)), key, object: rec.o, previous: rec.p });
    }
    history.reverse();
    const floor = history.length > 0 ? history[0].revision - 1 : revision;
    const events = new EventWindow(window, floor);
    events.seed(history, floor);
    const committer = new Committer({ db, index, revision, encode: codec.encode, publish: (c) => events.append(c) });
    return new Store(db, index, events, committer, window, floor);
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

  /** Finishes queued writes, then closes LevelDB. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.committer.close();
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
    if (this.compacting || this.closed || through - this.compactedThrough < Math.max(100, this.window / 10)) return;
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

function lockHint(err: unknown): string {
  const cause = (err as { cause?: { code?: string } }).cause;
  return cause?.code === 'LEVEL_LOCKED' ? ' (another skiff process is using this data dir; stop it first)' : '';
}
