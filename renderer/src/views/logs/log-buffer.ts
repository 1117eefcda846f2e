// The lines a log view holds: every source (a pod's container) merged in time order, each pod with a colour
// of its own, the oldest lines dropped past a cap so a chatty pod cannot exhaust memory. Plain data, not
// reactive: the view re-reads it when its version counter moves.
import type { LogLine } from './log-lines.js';

export interface LogSource {
  key: string;
  pod: string;
  container: string;
  /** Index into the palette (PALETTE_SIZE colours), one per pod in order of appearance. */
  colour: number;
}

/** Colours --log-c0 … --log-c7 in styles (distinct in both themes). */
export const PALETTE_SIZE = 8;

export const DEFAULT_MAX_LINES = 200_000;

export class LogBuffer {
  readonly lines: LogLine[] = [];
  readonly sources: LogSource[] = [];
  /** Bumps whenever lines already held move (an insertion before the end, or old lines dropped). */
  generation = 0;
  /** Lines dropped from the front to stay under maxLines. */
  dropped = 0;
  /** The longest text held so far, in characters (the width of the unwrapped view). */
  longest = 0;
  private readonly byKey = new Map<string, number>();
  private readonly podColours = new Map<string, number>();

  constructor(readonly maxLines = DEFAULT_MAX_LINES) {}

  /** The index of the source for a pod's container, made on first use. */
  source(pod: string, container: string): number {
    const key = `${pod}/${container}`;
    let i = this.byKey.get(key);
    if (i === undefined) {
      let colour = this.podColours.get(pod);
      if (colour === undefined) {
        colour = this.podColours.size % PALETTE_SIZE;
        this.podColours.set(pod, colour);
      }
      i = this.sources.length;
      this.sources.push({ key, pod, container, colour });
      this.byKey.set(key, i);
    }
    return i;
  }

  /** Adds lines in the order one source produced them; they take their place among the others by time. */
  add(batch: readonly LogLine[]): void {
    if (batch.length === 0) return;
    for (const l of batch) if (l.text.length > this.longest) this.longest = l.text.length;
    const lines = this.lines;
    const last = lines.length > 0 ? lines[lines.length - 1].t : -Infinity;
    if (batch[0].t >= last && isSorted(batch)) {
      for (const l of batch) lines.push(l);
    } else {
      // Older than what is held (a second pod's backlog, a resumed stream): merge into the tail.
      const sorted = isSorted(batch) ? batch : [...batch].sort((a, b) => a.t - b.t);
      const at = upperBound(lines, sorted[0].t);
      const tail = lines.splice(at);
      let i = 0, j = 0;
      while (i < tail.length && j < sorted.length) lines.push(tail[i].t <= sorted[j].t ? tail[i++] : sorted[j++]);
      while (i < tail.length) lines.push(tail[i++]);
      while (j < sorted.length) lines.push(sorted[j++]);
      if (tail.length > 0) this.generation++;
    }
    // Drop in slices (a tenth of the cap at a time), not one line per line added.
    if (lines.length > this.maxLines + Math.ceil(this.maxLines / 10)) {
      const drop = lines.length - this.maxLines;
      lines.splice(0, drop);
      this.dropped += drop;
      this.generation++;
    }
  }

  clear(): void {
    this.lines.length = 0;
    this.dropped = 0;
    this.longest = 0;
    this.generation++;
  }
}

function isSorted(batch: readonly LogLine[]): boolean {
  for (let i = 1; i < batch.length; i++) if (batch[i].t < batch[i - 1].t) return false;
  return true;
}

/** The first index whose time is greater than t (lines of equal time keep arrival order). */
function upperBound(lines: readonly LogLine[], t: number): number {
  let lo = 0, hi = lines.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (lines[mid].t <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
