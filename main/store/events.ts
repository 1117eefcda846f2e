// The change history the store keeps in memory for watches: the last `window` events, in revision
// order, and the live subscribers. A watch subscribes and replays in the same tick, so it can neither
// miss nor repeat an event (kine's "subscribe, then replay After(rev), drop duplicates", without the duplicates).
import type { KubeObject } from '../../api/types/meta.js';
import { CompactedError } from './errors.js';
import type { StoreKey } from './keys.js';
import { resourceSlot } from './keys.js';

export type ChangeType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface Change {
  type: ChangeType;
  revision: number;
  key: StoreKey;
  /** The object after the change; for DELETED, its last state with the deletion revision. */
  object: KubeObject;
  /** The object before the change (MODIFIED and DELETED), so filtered watches can see objects leave. */
  previous?: KubeObject;
}

export interface WatchFilter {
  group: string;
  resource: string;
  /** Only this namespace; undefined for all. */
  namespace?: string;
  /** Only this name. */
  name?: string;
}

export interface Subscription {
  /** Stops delivery; idempotent. */
  cancel(): void;
}

interface Subscriber {
  slot: string;
  filter: WatchFilter;
  deliver: (change: Change) => void;
  onError?: (err: unknown) => void;
}

export function matchesFilter(filter: WatchFilter, slot: string, key: StoreKey): boolean {
  return (
    resourceSlot(key.group, key.resource) === slot &&
    (filter.namespace === undefined || filter.namespace === key.namespace) &&
    (filter.name === undefined || filter.name === key.name)
  );
}

export class EventWindow {
  private changes: Change[] = [];
  /** Index of the oldest live element of `changes` (we trim lazily to avoid O(n) shifts). */
  private head = 0;
  private readonly subscribers = new Set<Subscriber>();
  /** Revision before the oldest retained change: a watch from here or later can be served. */
  private floor: number;

  constructor(private readonly window: number, startRevision: number) {
    this.floor = startRevision;
  }

  /** The oldest revision a watch may start from (exclusive). */
  get oldestServable(): number {
    return this.floor;
  }

  get length(): number {
    return this.changes.length - this.head;
  }

  /** Seeds history loaded from the change log at start-up (oldest first). */
  seed(history: Change[], floor: number): void {
    this.changes = history.slice();
    this.head = 0;
    this.floor = floor;
  }

  append(change: Change): void {
    this.changes.push(change);
    if (this.length > this.window) {
      this.floor = this.changes[this.head].revision;
      this.head++;
      if (this.head > 4096 && this.head * 2 > this.changes.length) {
        this.changes = this.changes.slice(this.head);
        this.head = 0;
      }
    }
    for (const s of this.subscribers) {
      if (!matchesFilter(s.filter, s.slot, change.key)) continue;
      try {
        s.deliver(change);
      } catch (err) {
        // One broken watcher must not stall the commit loop or the other watchers: drop it.
        this.subscribers.delete(s);
        s.onError?.(err);
      }
    }
  }

  /**
   * Delivers every retained change after `fromRevision` that matches, then every new one.
   * Throws CompactedError when `fromRevision` is older than the history.
   */
  subscribe(filter: WatchFilter, fromRevision: number, deliver: (change: Change) => void, onError?: (err: unknown) => void): Subscription {
    if (fromRevision < this.floor) throw new CompactedError(fromRevision, this.floor);
    const slot = resourceSlot(filter.group, filter.resource);
    for (let i = this.firstAfter(fromRevision); i < this.changes.length; i++) {
      const c = this.changes[i];
      if (matchesFilter(filter, slot, c.key)) deliver(c);
    }
    const sub: Subscriber = { slot, filter, deliver, onError };
    this.subscribers.add(sub);
    return { cancel: () => this.subscribers.delete(sub) };
  }

  get subscriberCount(): number {
    return this.subscribers.size;
  }

  /** Index of the first retained change with revision > rev (binary search: revisions ascend). */
  private firstAfter(rev: number): number {
    let lo = this.head, hi = this.changes.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.changes[mid].revision <= rev) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
