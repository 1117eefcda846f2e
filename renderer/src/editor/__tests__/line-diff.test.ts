import { describe, expect, it } from 'vitest';
import { diffLines, withContext } from '../line-diff.js';

describe('line diff', () => {
  it('marks changed lines and keeps the rest', () => {
    const d = diffLines('a\nb\nc\nd\n', 'a\nb\nX\nd\ne\n');
    expect(d.map((l) => `${l.op}${l.text}`)).toEqual([' a', ' b', '-c', '+X', ' d', '+e']);
  });

  it('creating an object is all additions', () => {
    expect(diffLines('', 'a\nb\n').map((l) => l.op)).toEqual(['+', '+']);
  });

  it('folds long unchanged runs', () => {
    const before = Array.from({ length: 20 }, (_, i) => `l${i}`).join('\n');
    const after = before.replace('l10', 'L10');
    const shown = withContext(diffLines(before, after), 2);
    expect(shown.map((l) => l.op)).toEqual(['…', ' ', ' ', '-', '+', ' ', ' ', '…']);
  });
});
