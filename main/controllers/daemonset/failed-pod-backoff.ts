// Per-node back-off for replacing failed daemon pods (upstream's failedPodsBackoff, flowcontrol.Backoff with
// 1 s doubling to 15 min): a kubelet that keeps rejecting a pod must not make the controller hot-loop.

interface Entry {
  delayMs: number;
  lastUpdate: number;
}

export class FailedPodBackoff {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly initialMs = 1000, private readonly maxMs = 15 * 60_000) {}

  /** Milliseconds left before this key may act again, or 0 when it may act now. */
  remaining(key: string, now: number): number {
    const e = this.entries.get(key);
    if (!e) return 0;
    return Math.max(0, e.lastUpdate + e.delayMs - now);
  }

  /** Records an action: the next one waits twice as long (reset after a long quiet spell). */
  next(key: string, now: number): void {
    const e = this.entries.get(key);
    if (!e || now - e.lastUpdate > 2 * this.maxMs) this.entries.set(key, { delayMs: this.initialMs, lastUpdate: now });
    else this.entries.set(key, { delayMs: Math.min(e.delayMs * 2, this.maxMs), lastUpdate: now });
  }

  /** Drops entries idle for long enough that they would reset anyway. */
  gc(now: number): void {
    for (const [k, e] of this.entries) if (now - e.lastUpdate > 2 * this.maxMs) this.entries.delete(k);
  }
}
