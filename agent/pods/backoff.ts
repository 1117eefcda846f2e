// Crash-loop back-off, as the kubelet's: a container that keeps exiting waits 10 s, 20 s, 40 s … up to
// 5 min before each restart; a container that ran for 10 minutes starts over at the first step.
export interface BackoffConfig {
  initialMs: number;
  maxMs: number;
  /** A run at least this long resets the back-off. */
  resetAfterMs: number;
}

export const KUBELET_BACKOFF: BackoffConfig = { initialMs: 10_000, maxMs: 300_000, resetAfterMs: 600_000 };

export class Backoff {
  private readonly entries = new Map<string, { delayMs: number; until: number }>();

  constructor(private readonly cfg: BackoffConfig = KUBELET_BACKOFF) {}

  /** Whether a restart must still wait; how long. */
  remaining(key: string, now: number): number {
    const e = this.entries.get(key);
    return e ? Math.max(0, e.until - now) : 0;
  }

  /** Records that the container just finished after running `ranMs`; returns the delay before its restart. */
  next(key: string, finishedAt: number, ranMs: number): number {
    const e = this.entries.get(key);
    const delayMs = !e || ranMs >= this.cfg.resetAfterMs ? this.cfg.initialMs : Math.min(this.cfg.maxMs, e.delayMs * 2);
    this.entries.set(key, { delayMs, until: finishedAt + delayMs });
    return delayMs;
  }

  /** The delay currently applied (for the CrashLoopBackOff message). */
  delayOf(key: string): number | undefined {
    return this.entries.get(key)?.delayMs;
  }

  forgetPod(prefix: string): void {
    for (const k of this.entries.keys()) if (k.startsWith(prefix)) this.entries.delete(k);
  }
}
