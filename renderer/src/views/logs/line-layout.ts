// Virtualisation math of the log view: where each line sits, and which lines a scroll position shows. A
// line is one row, or when wrapping as many rows as its text needs at the view's width in characters (the
// font is monospace and lines break anywhere, so the count is exact for ordinary text). Offsets are prefix
// sums, extended as lines are appended: 100,000 lines cost one pass when the width changes, none per frame.

const PLAIN = /^[\x20-\x7e]*$/;

/** Columns a line takes: tabs expanded, East Asian wide characters and emoji as two. */
export function displayWidth(text: string, tabSize = 8): number {
  if (PLAIN.test(text)) return text.length;
  let w = 0;
  for (const ch of text) {
    if (ch === '\t') w += tabSize - (w % tabSize);
    else w += isWide(ch.codePointAt(0) ?? 0) ? 2 : 1;
  }
  return w;
}

function isWide(cp: number): boolean {
  return (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3)
    || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60)
    || (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x1f300 && cp <= 0x1faff) || (cp >= 0x20000 && cp <= 0x3fffd);
}

/** Rows a line needs when wrapped at `cols` characters (an empty line still takes one). */
export function wrappedRows(text: string, cols: number): number {
  return Math.max(1, Math.ceil(displayWidth(text) / Math.max(1, Math.floor(cols))));
}

export interface LineWindow {
  /** The first line to draw. */
  start: number;
  /** One past the last. */
  end: number;
  /** Pixel offset of `start`. */
  top: number;
}

export class LineLayout {
  /** rowsBefore[i]: the rows of lines 0 … i-1 (only when lines differ in height). */
  private rowsBefore: Float64Array | undefined;
  private count = 0;

  constructor(readonly rowHeight: number) {}

  get length(): number {
    return this.count;
  }

  /** Lays out `count` lines: one row each, or rowsOf(i) rows (wrapping). */
  reset(count: number, rowsOf?: (i: number) => number): void {
    this.count = 0;
    this.rowsBefore = rowsOf ? new Float64Array(Math.max(1024, count + 1)) : undefined;
    this.extend(count, rowsOf);
  }

  /** Lines [length, count) were appended. */
  extend(count: number, rowsOf?: (i: number) => number): void {
    if (count < this.count) throw new Error('LineLayout.extend: lines were removed; reset instead');
    if (!rowsOf || !this.rowsBefore) {
      this.count = count;
      return;
    }
    if (this.rowsBefore.length < count + 1) {
      const grown = new Float64Array(Math.max(count + 1, this.rowsBefore.length * 2));
      grown.set(this.rowsBefore.subarray(0, this.count + 1));
      this.rowsBefore = grown;
    }
    const before = this.rowsBefore;
    for (let i = this.count; i < count; i++) before[i + 1] = before[i] + rowsOf(i);
    this.count = count;
  }

  get height(): number {
    return this.rowsAbove(this.count) * this.rowHeight;
  }

  top(i: number): number {
    return this.rowsAbove(Math.min(Math.max(0, i), this.count)) * this.rowHeight;
  }

  /** Pixel height of line i. */
  heightOf(i: number): number {
    return (this.rowsAbove(i + 1) - this.rowsAbove(i)) * this.rowHeight;
  }

  /** The line at pixel offset y (clamped to the lines there are). */
  indexAt(y: number): number {
    if (this.count === 0) return 0;
    const row = Math.max(0, y) / this.rowHeight;
    if (!this.rowsBefore) return Math.min(this.count - 1, Math.floor(row));
    // The last i with rowsBefore[i] <= row.
    let lo = 0, hi = this.count - 1;
    const before = this.rowsBefore;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (before[mid] <= row) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** The lines to draw for a scroll position: those in view plus `overscan` either side. */
  window(scrollTop: number, viewport: number, overscan = 10): LineWindow {
    if (this.count === 0) return { start: 0, end: 0, top: 0 };
    const first = this.indexAt(scrollTop);
    const last = this.indexAt(scrollTop + Math.max(viewport, this.rowHeight));
    const start = Math.max(0, first - overscan);
    const end = Math.min(this.count, last + 1 + overscan);
    return { start, end, top: this.top(start) };
  }

  private rowsAbove(i: number): number {
    return this.rowsBefore ? this.rowsBefore[i] : i;
  }
}
