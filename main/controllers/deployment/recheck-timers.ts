// Deadline rechecks (a stalled rollout is looked at again when its progress deadline would pass) kept outside
// the work queue, so the controller counts as idle while it merely waits for a deadline minutes away. One timer
// per key; the earliest requested time wins.

export class RecheckTimers {
  private readonly timers = new Map<string, { at: number; timer: NodeJS.Timeout }>();

  constructor(private readonly enqueue: (key: string) => void) {}

  schedule(key: string, afterMs: number): void {
    const at = Date.now() + afterMs;
    const existing = this.timers.get(key);
    if (existing && existing.at <= at) return;
    if (existing) clearTimeout(existing.timer);
    const timer = setTimeout(() => {
      this.timers.delete(key);
      this.enqueue(key);
    }, afterMs);
    timer.unref?.();
    this.timers.set(key, { at, timer });
  }

  cancel(key: string): void {
    const existing = this.timers.get(key);
    if (existing) clearTimeout(existing.timer);
    this.timers.delete(key);
  }

  stop(): void {
    for (const { timer } of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
