// Chromium opens at most 6 HTTP/1.1 connections per origin, and every open watch holds one. Watches no
// view uses linger a while (going back to a view is instant) but give way first when the budget is full.

export interface PooledWatch {
  /** Stops the watch (its data stays; a later start resumes from the last resourceVersion). */
  park(): void;
}

export class WatchPool {
  private readonly active = new Set<PooledWatch>();
  private readonly lingering = new Map<PooledWatch, ReturnType<typeof setTimeout>>();

  constructor(readonly budget = 4, readonly lingerMs = 60_000) {}

  /** A watch is needed by a view: make room for it. */
  use(w: PooledWatch): void {
    this.unlinger(w);
    this.active.add(w);
    // Oldest lingering first (Map keeps insertion order).
    for (const [old] of this.lingering) {
      if (this.active.size + this.lingering.size <= this.budget) break;
      this.unlinger(old);
      old.park();
    }
  }

  /** No view needs the watch any more: keep it for lingerMs, unless room is needed sooner. */
  release(w: PooledWatch): void {
    this.active.delete(w);
    this.unlinger(w);
    this.lingering.set(w, setTimeout(() => {
      this.lingering.delete(w);
      w.park();
    }, this.lingerMs));
  }

  get open(): number {
    return this.active.size + this.lingering.size;
  }

  private unlinger(w: PooledWatch): void {
    const t = this.lingering.get(w);
    if (t !== undefined) clearTimeout(t);
    this.lingering.delete(w);
  }
}

export const watchPool = new WatchPool();
