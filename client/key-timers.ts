// Delayed calls per key where the earliest deadline wins (client-go's delaying queue does this: a later
// request never postpones an earlier one), so a far-off wake-up (a progress deadline, activeDeadlineSeconds,
// the next cron run) does not swallow a near one (a batched pod update). Timers are unref'd: a pending
// wake-up never keeps the process alive.
export class KeyTimers {
  private readonly timers = new Map<string, { at: number; timer: NodeJS.Timeout }>();
  private stopped = false;

  constructor(private readonly fire: (key: string) => void) {}

  /** Calls fire(key) after `ms`, unless an earlier call for the key is already scheduled. Ignored once stopped. */
  after(key: string, ms: number): void {
    if (this.stopped) return;
    const delay = Math.max(0, ms);
    const at = Date.now() + delay;
    const existing = this.timers.get(key);
    if (existing && existing.at <= at) return;
    if (existing) clearTimeout(existing.timer);
    const timer = setTimeout(() => {
      this.timers.delete(key);
      this.fire(key);
    }, delay);
    timer.unref?.();
    this.timers.set(key, { at, timer });
  }

  /** Drops the key's pending call, if any. */
  cancel(key: string): void {
    const existing = this.timers.get(key);
    if (existing) clearTimeout(existing.timer);
    this.timers.delete(key);
  }

  /** Keys with a call pending. */
  get size(): number {
    return this.timers.size;
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers.values()) clearTimeout(t.timer);
    this.timers.clear();
  }
}
