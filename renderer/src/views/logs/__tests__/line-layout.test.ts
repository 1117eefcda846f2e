import { describe, expect, it } from 'vitest';
import { displayWidth, LineLayout, wrappedRows } from '../line-layout.js';

describe('log view virtualisation', () => {
  it('100,000 one-row lines: only the lines in view plus overscan are drawn', () => {
    const l = new LineLayout(18);
    l.reset(100_000);
    expect(l.height).toBe(1_800_000);
    // 600 px of view at 900,000 px: lines 50,000 … 50,033, with 10 either side.
    expect(l.window(900_000, 600, 10)).toEqual({ start: 49_990, end: 50_044, top: 49_990 * 18 });
    expect(l.window(0, 600, 10)).toEqual({ start: 0, end: 44, top: 0 });
    // Past the end (a shrinking list): clamped to the last lines.
    expect(l.window(5_000_000, 600, 10).end).toBe(100_000);
    expect(l.indexAt(17.9)).toBe(0);
    expect(l.indexAt(18)).toBe(1);
  });

  it('wrapped lines take the rows their text needs at the width in characters', () => {
    expect(wrappedRows('', 80)).toBe(1);
    expect(wrappedRows('x'.repeat(80), 80)).toBe(1);
    expect(wrappedRows('x'.repeat(81), 80)).toBe(2);
    expect(displayWidth('a\tb')).toBe(9);
    expect(displayWidth('日本')).toBe(4);
    const texts = ['short', 'x'.repeat(250), '', 'y'.repeat(100)];
    const l = new LineLayout(10);
    l.reset(texts.length, (i) => wrappedRows(texts[i], 100));
    // Rows: 1, 3, 1, 1.
    expect([0, 1, 2, 3].map((i) => l.top(i))).toEqual([0, 10, 40, 50]);
    expect(l.heightOf(1)).toBe(30);
    expect(l.height).toBe(60);
    expect(l.indexAt(35)).toBe(1);
    expect(l.indexAt(40)).toBe(2);
    expect(l.window(12, 10, 0)).toEqual({ start: 1, end: 2, top: 10 });
    expect(l.window(35, 10, 0)).toEqual({ start: 1, end: 3, top: 10 });
  });

  it('extending as lines are appended lays out the same as starting over', () => {
    const rows = (i: number) => 1 + (i % 3);
    const grown = new LineLayout(18);
    grown.reset(0, rows);
    for (let n = 1; n <= 5000; n += 7) grown.extend(n, rows);
    grown.extend(5000, rows);
    const fresh = new LineLayout(18);
    fresh.reset(5000, rows);
    expect(grown.height).toBe(fresh.height);
    for (const y of [0, 17, 18, 5000, 77_777, fresh.height - 1]) expect(grown.indexAt(y)).toBe(fresh.indexAt(y));
    expect(() => grown.extend(10, rows)).toThrow(/reset/);
  });
});
