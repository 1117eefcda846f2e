// The last two samples of one cumulative CPU counter (with the memory working set beside it), and the
// usage rate between them — what cAdvisor keeps per container and metrics-server turns into usage.
import type { Usage } from '../../client/tunnel/index.js';

export interface CumulativeSample {
  /** Unix milliseconds when the counters were read. */
  timeMs: number;
  cpuUsageNanos: number;
  memoryWorkingSetBytes: number;
}

export class Series {
  private prev: CumulativeSample | undefined;
  private last: CumulativeSample | undefined;

  add(s: CumulativeSample): void {
    if (this.last && s.timeMs <= this.last.timeMs) return;
    // A counter that went down was reset (the cgroup was recreated): the old sample says nothing now.
    this.prev = this.last && s.cpuUsageNanos >= this.last.cpuUsageNanos ? this.last : undefined;
    this.last = s;
  }

  /** The rate over the last window; undefined until two comparable samples exist. */
  usage(): Usage | undefined {
    return this.prev && this.last ? usageBetween(this.prev, this.last) : undefined;
  }
}

export function usageBetween(prev: CumulativeSample, last: CumulativeSample): Usage | undefined {
  const windowMs = Math.round(last.timeMs - prev.timeMs);
  const cpu = last.cpuUsageNanos - prev.cpuUsageNanos;
  if (windowMs <= 0 || cpu < 0) return undefined;
  return {
    timestamp: new Date(last.timeMs).toISOString(),
    windowMs,
    // nanoseconds of CPU per second of wall time = billionths of a core
    cpuNanoCores: Math.round((cpu * 1000) / windowMs),
    memoryWorkingSetBytes: Math.max(0, Math.round(last.memoryWorkingSetBytes)),
  };
}
