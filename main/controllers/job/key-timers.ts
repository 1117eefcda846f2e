// Delayed re-queues that keep the earliest deadline per key (client-go's delaying queue does; a later
// request never postpones an earlier one), so a far-off wake-up (activeDeadlineSeconds, the next cron run)
// does not swallow a near one (a batched pod update).
export class KeyTimers {
  private readonly timers = new Map<string, { at: number; timer: NodeJS.Timeout }>();
  private stopped = false;

  constructor(private readonly fire: (key: string) => void) {}

  /** Calls fire(key) after `ms`, unless an earlier call for the key is already scheduled. */
  after(key: string, ms: number): void {
    if (this.stopped) return;
    const at = Date.now() + Math.max(0, ms);
    const existing = this.timers.get(key);
    if (existing && existing.at <= at) return;
    if (existing) clearTimeout(existing.timer);
    const timer = setTimeout(() => {
      this.timers.delete(key);
      this.fire(key);
    }, Math.max(0, ms));
    timer.unref?.();
    this.timers.set(key, { at, timer });
  }

  get size(): number {
    return this.timers.size;
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers.values()) clearTimeout(t.timer);
    this.timers.clear();
  }
}
