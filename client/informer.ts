// An informer: lists a resource, then watches it from the list's revision, keeping a local cache and
// telling handlers what changed. A 410 (history compacted) or a broken stream leads to a fresh list,
// whose differences with the cache are delivered as adds, updates and deletes, so handlers never miss
// a change. Cached objects are shared: never mutate them — copy first.
import type { ResourceType } from '../api/resources/registry.js';
import type { KubeObject, WatchEvent } from '../api/types/meta.js';
import { objectKey } from './keys.js';
import type { Transport, WatchHandle } from './transport.js';

export interface EventHandler {
  onAdd?(obj: KubeObject): void;
  onUpdate?(oldObj: KubeObject, newObj: KubeObject): void;
  /** For a deletion seen only on relist, the object is the last cached state. */
  onDelete?(obj: KubeObject): void;
}

export interface InformerOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** Calls onUpdate(obj, obj) for every cached object this often (level-triggered safety net). */
  resyncMs?: number;
  /** Delay before re-listing after a failure; doubles up to 30 s. */
  retryMs?: number;
  log?: { debug(obj: object, msg: string): void };
}

export type IndexFunc = (obj: KubeObject) => string[];

export class Informer {
  private readonly cache = new Map<string, KubeObject>();
  private readonly handlers: EventHandler[] = [];
  private readonly indexers = new Map<string, { fn: IndexFunc; index: Map<string, Set<string>> }>();
  private watch: WatchHandle | undefined;
  private stopped = true;
  private resourceVersion = '';
  private syncedResolve!: () => void;
  private readonly syncedPromise: Promise<void>;
  private hasSynced = false;
  private failures = 0;
  private timers = new Set<NodeJS.Timeout>();

  constructor(readonly transport: Transport, readonly rt: ResourceType, private readonly opts: InformerOptions = {}) {
    this.syncedPromise = new Promise((r) => { this.syncedResolve = r; });
  }

  addEventHandler(h: EventHandler): void {
    this.handlers.push(h);
    // A handler added after the first list still hears about every cached object.
    if (this.hasSynced) for (const obj of this.cache.values()) h.onAdd?.(obj);
  }

  /** Adds a secondary index (e.g. pods by node name); must be added before start(). */
  addIndex(name: string, fn: IndexFunc): void {
    const index = new Map<string, Set<string>>();
    for (const [key, obj] of this.cache) for (const v of fn(obj)) addTo(index, v, key);
    this.indexers.set(name, { fn, index });
  }

  get(key: string): KubeObject | undefined {
    return this.cache.get(key);
  }

  list(): KubeObject[] {
    return [...this.cache.values()];
  }

  byIndex(name: string, value: string): KubeObject[] {
    const idx = this.indexers.get(name);
    if (!idx) throw new Error(`informer ${this.rt.resource}: no index named ${name}`);
    return [...(idx.index.get(value) ?? [])].map((k) => this.cache.get(k)!).filter((o) => o !== undefined);
  }

  get synced(): boolean {
    return this.hasSynced;
  }

  waitForSync(): Promise<void> {
    return this.syncedPromise;
  }

  get lastSyncResourceVersion(): string {
    return this.resourceVersion;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    void this.listAndWatch();
    if (this.opts.resyncMs) this.schedule(() => this.resync(), this.opts.resyncMs);
  }

  stop(): void {
    this.stopped = true;
    this.watch?.stop();
    this.watch = undefined;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private schedule(fn: () => void, ms: number): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (!this.stopped) fn();
    }, ms);
    t.unref?.();
    this.timers.add(t);
  }

  private resync(): void {
    for (const obj of this.cache.values()) for (const h of this.handlers) h.onUpdate?.(obj, obj);
    this.schedule(() => this.resync(), this.opts.resyncMs!);
  }

  private async listAndWatch(): Promise<void> {
    if (this.stopped) return;
    try {
      const list = await this.transport.list(this.rt, this.opts.namespace, { labelSelector: this.opts.labelSelector, fieldSelector: this.opts.fieldSelector });
      if (this.stopped) return;
      this.replace(list.items);
      this.resourceVersion = list.metadata.resourceVersion ?? '';
      if (!this.hasSynced) {
        this.hasSynced = true;
        this.syncedResolve();
      }
      this.failures = 0;
      this.startWatch();
    } catch (err) {
      this.retry(err, 'list failed');
    }
  }

  private startWatch(): void {
    let relist = false;
    this.watch = this.transport.watch(this.rt, this.opts.namespace, {
      labelSelector: this.opts.labelSelector,
      fieldSelector: this.opts.fieldSelector,
      resourceVersion: this.resourceVersion,
      allowWatchBookmarks: true,
    }, (e) => {
      if (e.type === 'ERROR') {
        relist = true;
        this.watch?.stop();
        return;
      }
      this.apply(e);
    }, (err) => {
      this.watch = undefined;
      if (this.stopped) return;
      if (relist) return void this.listAndWatch();
      if (err) return this.retry(err, 'watch failed');
      // The server ended the stream (timeout): continue from where we were.
      this.startWatch();
    });
  }

  private retry(err: unknown, what: string): void {
    if (this.stopped) return;
    const delay = Math.min(30_000, (this.opts.retryMs ?? 200) * 2 ** this.failures++);
    this.opts.log?.debug({ resource: this.rt.resource, err: err instanceof Error ? err.message : String(err), delay }, `informer ${what}; retrying`);
    this.schedule(() => void this.listAndWatch(), delay);
  }

  private apply(e: WatchEvent): void {
    const rv = e.object.metadata?.resourceVersion;
    if (rv) this.resourceVersion = rv;
    if (e.type === 'BOOKMARK') return;
    const key = objectKey(e.object);
    const old = this.cache.get(key);
    if (e.type === 'DELETED') {
      if (!old) return;
      this.remove(key, old);
      for (const h of this.handlers) h.onDelete?.(e.object);
      return;
    }
    this.put(key, e.object, old);
    for (const h of this.handlers) {
      if (old) h.onUpdate?.(old, e.object);
      else h.onAdd?.(e.object);
    }
  }

  /** Makes the cache equal to a fresh list, telling handlers the differences. */
  private replace(items: KubeObject[]): void {
    const seen = new Set<string>();
    for (const obj of items) {
      const key = objectKey(obj);
      seen.add(key);
      const old = this.cache.get(key);
      if (old && old.metadata.resourceVersion === obj.metadata.resourceVersion) continue;
      this.put(key, obj, old);
      for (const h of this.handlers) {
        if (old) h.onUpdate?.(old, obj);
        else h.onAdd?.(obj);
      }
    }
    for (const [key, old] of [...this.cache]) {
      if (seen.has(key)) continue;
      this.remove(key, old);
      for (const h of this.handlers) h.onDelete?.(old);
    }
  }

  private put(key: string, obj: KubeObject, old: KubeObject | undefined): void {
    if (old) this.unindex(key, old);
    this.cache.set(key, obj);
    for (const { fn, index } of this.indexers.values()) for (const v of fn(obj)) addTo(index, v, key);
  }

  private remove(key: string, old: KubeObject): void {
    this.unindex(key, old);
    this.cache.delete(key);
  }

  private unindex(key: string, obj: KubeObject): void {
    for (const { fn, index } of this.indexers.values()) {
      for (const v of fn(obj)) {
        const set = index.get(v);
        set?.delete(key);
        if (set?.size === 0) index.delete(v);
      }
    }
  }
}

function addTo(index: Map<string, Set<string>>, value: string, key: string): void {
  let set = index.get(value);
  if (!set) index.set(value, (set = new Set()));
  set.add(key);
}
