import { describe, expect, it } from 'vitest';
import { LogBuffer } from '../log-buffer.js';
import { highlight, MatchIndex, nextMatch } from '../log-search.js';

const line = (t: number, text: string) => ({ t, ts: '', text, src: 0 });

describe('search', () => {
  it('finds lines case-insensitively and keeps up as lines are appended or merged', () => {
    const b = new LogBuffer();
    b.source('p', 'c');
    b.add([line(1, 'GET /a 200'), line(2, 'ERROR db down'), line(3, 'get /b 500')]);
    const m = new MatchIndex();
    expect(m.update(b, 'get')).toEqual([0, 2]);
    b.add([line(4, 'Get /c')]);
    expect(m.update(b, 'get')).toEqual([0, 2, 3]);
    // A line merged into the middle moves the others: indices are found again.
    b.add([line(1.5, 'get early')]);
    expect(m.update(b, 'get')).toEqual([0, 1, 3, 4]);
    expect(m.update(b, 'error')).toEqual([2]);
    expect(m.update(b, '')).toEqual([]);
  });

  it('cuts a line into highlighted matches and the text between', () => {
    expect(highlight('Error: error again', 'error')).toEqual([
      { text: 'Error', match: true }, { text: ': ', match: false }, { text: 'error', match: true }, { text: ' again', match: false },
    ]);
    expect(highlight('no hit', 'x')).toEqual([{ text: 'no hit', match: false }]);
    expect(highlight('', '')).toEqual([{ text: '', match: false }]);
  });

  it('walks matches both ways, wrapping around', () => {
    expect(nextMatch([3, 8, 20], -1, 1)).toBe(3);
    expect(nextMatch([3, 8, 20], 8, 1)).toBe(20);
    expect(nextMatch([3, 8, 20], 20, 1)).toBe(3);
    expect(nextMatch([3, 8, 20], 3, -1)).toBe(20);
    expect(nextMatch([3, 8, 20], 10, -1)).toBe(8);
    expect(nextMatch([], 0, 1)).toBe(-1);
  });
});
