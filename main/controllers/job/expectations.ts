// client-go's ControllerExpectations for the job controller: pod creations and deletions a Job has issued
// but its informer has not shown yet, so a sync never acts on a cache that misses its own writes; and the
// pods whose tracking finalizer removal is still to be seen, so none is counted twice.

/** Expectations older than this are considered satisfied (a lost watch event must not wedge a Job). */
const EXPECTATIONS_TTL_MS = 5 * 60_000;

interface Pending { add: number; del: number; at: number }

export class ControllerExpectations {
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Nothing in flight (or the expectations expired): the cache can be trusted for this key. */
  satisfied(key: string): boolean {
    const p = this.pending.get(key);
    if (!p) return true;
    if (p.add <= 0 && p.del <= 0) return true;
    return this.now() - p.at > EXPECTATIONS_TTL_MS;
  }

  expectCreations(key: string, n: number): void {
    this.pending.set(key, { add: n, del: 0, at: this.now() });
  }

  expectDeletions(key: string, n: number): void {
    this.pending.set(key, { add: 0, del: n, at: this.now() });
  }

  creationObserved(key: string): void {
    const p = this.pending.get(key);
    if (p) p.add--;
  }

  deletionObserved(key: string): void {
    const p = this.pending.get(key);
    if (p) p.del--;
  }

  delete(key: string): void {
    this.pending.delete(key);
  }
}

export class FinalizerExpectations {
  private readonly uids = new Map<string, Set<string>>();

  expectRemoved(key: string, podUids: readonly string[]): void {
    let set = this.uids.get(key);
    if (!set) this.uids.set(key, (set = new Set()));
    for (const u of podUids) set.add(u);
  }

  removalObserved(key: string, podUid: string): void {
    const set = this.uids.get(key);
    if (!set) return;
    set.delete(podUid);
    if (set.size === 0) this.uids.delete(key);
  }

  expected(key: string): ReadonlySet<string> {
    return new Set(this.uids.get(key) ?? []);
  }

  delete(key: string): void {
    this.uids.delete(key);
  }
}
