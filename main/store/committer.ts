// Group commit: writes queue up while a batch is being synced, then go to LevelDB together in one
// atomic, fsync'ed batch. Each write still gets its own revision. Memory (index, watch history) changes
// only after the batch is durable, so nothing a reader sees can be lost by a crash.
import type { KubeObject } from '../../api/types/meta.js';
import { KeyExistsError, KeyNotFoundError, RevisionConflictError, StoreClosedError } from './errors.js';
import type { Change, ChangeType } from './events.js';
import { formatKey, type StoreKey } from './keys.js';
import { logKey, REVISION_KEY, TYPE_CODE, type LogRecord } from './layout.js';
import type { Entry, MemoryIndex } from './memory-index.js';

export type WriteKind = 'create' | 'update' | 'delete';

export interface WriteOp {
  kind: WriteKind;
  key: StoreKey;
  /** The new object (create/update). */
  object?: KubeObject;
  /** Optimistic concurrency: the revision the caller read; undefined = unconditional. */
  expectedRevision?: number;
}

export interface BatchOperation {
  type: 'put' | 'del';
  key: string;
  value?: string;
}

/** The part of LevelDB the committer needs. */
export interface BatchWriter {
  batch(ops: BatchOperation[], options: { sync: boolean }): Promise<void>;
}

interface Pending {
  op: WriteOp;
  resolve: (obj: KubeObject) => void;
  reject: (err: unknown) => void;
}

export interface CommitterDeps {
  db: BatchWriter;
  index: MemoryIndex;
  /** Called in revision order after a batch is durable. */
  publish: (change: Change) => void;
  /**
   * Serialises a value for LevelDB (the place where encryption at rest plugs in): `at` is the LevelDB key
   * it is written under, `subject` the object it holds (for a change-log record, the changed object).
   */
  encode: (at: string, subject: StoreKey, json: string) => string;
  revision: number;
}

export class Committer {
  private queue: Pending[] = [];
  /** Work that must not interleave with a batch (re-encoding stored values); runs between batches. */
  private tasks: (() => Promise<void>)[] = [];
  private running: Promise<void> | undefined;
  private closed = false;
  private rev: number;
  /** Sizes of recent batches, for the benchmark and logs. */
  batches = 0;
  writes = 0;

  constructor(private readonly deps: CommitterDeps) {
    this.rev = deps.revision;
  }

  get revision(): number {
    return this.rev;
  }

  submit(op: WriteOp): Promise<KubeObject> {
    if (this.closed) return Promise.reject(new StoreClosedError());
    return new Promise((resolve, reject) => {
      this.queue.push({ op, resolve, reject });
      this.kick();
    });
  }

  /**
   * Runs `fn` while no batch is being prepared or written: every write encoded before the call has
   * reached LevelDB, and none starts until `fn` settles. Keep `fn` short; writes wait for it.
   */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new StoreClosedError());
    return new Promise((resolve, reject) => {
      this.tasks.push(() => Promise.resolve().then(fn).then(resolve, reject));
      this.kick();
    });
  }

  /** Refuses new writes and waits for the queued ones to be written. */
  async close(): Promise<void> {
    this.closed = true;
    await this.running;
  }

  private kick(): void {
    if (!this.running) this.running = this.drain();
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0 || this.tasks.length > 0) {
        const task = this.tasks.shift();
        if (task) {
          await task();
          continue;
        }
        const group = this.queue;
        this.queue = [];
        await this.commit(group);
      }
    } finally {
      this.running = undefined;
    }
  }

  private async commit(group: Pending[]): Promise<void> {
    // Within a group, later writes see earlier ones: `staged` shadows the index (null = deleted).
    const staged = new Map<string, Entry | null>();
    const ops: BatchOperation[] = [];
    const accepted: { p: Pending; change: Change }[] = [];
    let rev = this.rev;
    for (const p of group) {
      const k = formatKey(p.op.key);
      const current = staged.has(k) ? staged.get(k) ?? undefined : this.deps.index.get(p.op.key);
      const failure = check(p.op, current);
      if (failure) {
        p.reject(failure);
        continue;
      }
      const change = toChange(p.op, current, rev + 1);
      const record: LogRecord = { t: TYPE_CODE[change.type], k, o: change.object };
      if (change.previous && change.type === 'MODIFIED') record.p = change.previous;
      let writes: BatchOperation[];
      try {
        writes = [
          change.type === 'DELETED' ? { type: 'del', key: k } : { type: 'put', key: k, value: this.deps.encode(k, p.op.key, JSON.stringify(change.object)) },
          { type: 'put', key: logKey(rev + 1), value: this.deps.encode(logKey(rev + 1), p.op.key, JSON.stringify(record)) },
        ];
      } catch (err) {
        p.reject(err); // an encoder failure fails this write only, never the batch
        continue;
      }
      rev++;
      staged.set(k, change.type === 'DELETED' ? null : { key: p.op.key, revision: rev, object: change.object });
      ops.push(...writes);
      accepted.push({ p, change });
    }
    if (accepted.length === 0) return;
    ops.push({ type: 'put', key: REVISION_KEY, value: String(rev) });
    try {
      await this.deps.db.batch(ops, { sync: true });
    } catch (err) {
      for (const a of accepted) a.p.reject(err);
      return;
    }
    this.rev = rev;
    this.batches++;
    this.writes += accepted.length;
    for (const { p, change } of accepted) {
      if (change.type === 'DELETED') this.deps.index.delete(change.key);
      else this.deps.index.set({ key: change.key, revision: change.revision, object: change.object });
      this.deps.publish(change);
      p.resolve(change.object);
    }
  }
}

function check(op: WriteOp, current: Entry | undefined): Error | undefined {
  if (op.kind === 'create') return current ? new KeyExistsError(op.key) : undefined;
  if (!current) return new KeyNotFoundError(op.key);
  if (op.expectedRevision !== undefined && op.expectedRevision !== current.revision) {
    return new RevisionConflictError(op.key, op.expectedRevision, current.revision);
  }
  return undefined;
}

function withRevision(obj: KubeObject, rev: number): KubeObject {
  return { ...obj, metadata: { ...obj.metadata, resourceVersion: String(rev) } };
}

function toChange(op: WriteOp, current: Entry | undefined, rev: number): Change {
  const type: ChangeType = op.kind === 'create' ? 'ADDED' : op.kind === 'update' ? 'MODIFIED' : 'DELETED';
  if (type === 'DELETED') {
    const last = current!.object;
    return { type, revision: rev, key: op.key, object: withRevision(last, rev), previous: last };
  }
  return { type, revision: rev, key: op.key, object: withRevision(op.object!, rev), previous: current?.object };
}
