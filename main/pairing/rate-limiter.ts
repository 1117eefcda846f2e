// A token bucket per client address for the endpoints that answer without authentication: a burst,
// then a steady rate; a refused call learns how long to wait (429 with Retry-After).
export interface RateLimit {
  /** Calls allowed at once. */
  burst: number;
  /** Calls regained per second. */
  perSecond: number;
}

/** Enough for a device polling every 2 s while it waits for approval, far too few to guess tokens. */
export const DEFAULT_PAIRING_RATE_LIMIT: RateLimit = { burst: 10, perSecond: 0.5 };
const MAX_TRACKED = 10_000;

export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly limit: RateLimit = DEFAULT_PAIRING_RATE_LIMIT, private readonly now: () => number = Date.now) {}

  /** Takes one call for `key`: 0 when allowed, else the whole seconds to wait. */
  take(key: string): number {
    const t = this.now();
    const b = this.buckets.get(key) ?? { tokens: this.limit.burst, at: t };
    b.tokens = Math.min(this.limit.burst, b.tokens + ((t - b.at) / 1000) * this.limit.perSecond);
    b.at = t;
    this.buckets.delete(key); // re-inserted last: the map's order is least recently used first
    this.buckets.set(key, b);
    if (this.buckets.size > MAX_TRACKED) this.buckets.delete(this.buckets.keys().next().value!);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / this.limit.perSecond));
  }
}
