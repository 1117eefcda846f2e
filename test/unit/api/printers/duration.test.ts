import { test } from 'node:test';
import assert from 'node:assert/strict';
import { humanDuration, shortHumanDuration, timestampSince } from '../../../../api/printers/duration.js';

const s = 1000;
const m = 60 * s;
const h = 60 * m;
const d = 24 * h;

test('ages read as kubectl prints them (HumanDuration)', () => {
  const cases: [number, string][] = [
    [-2 * s, '<invalid>'],
    [-1500, '0s'],
    [0, '0s'],
    [5 * s, '5s'],
    [119 * s, '119s'],
    [2 * m, '2m'],
    [3 * m + 12 * s, '3m12s'],
    [9 * m + 59 * s, '9m59s'],
    [10 * m + 30 * s, '10m'],
    [179 * m, '179m'],
    [3 * h, '3h'],
    [3 * h + 20 * m, '3h20m'],
    [8 * h + 30 * m, '8h'],
    [47 * h, '47h'],
    [48 * h, '2d'],
    [51 * h, '2d3h'],
    [7 * d + 23 * h, '7d23h'],
    [8 * d + 5 * h, '8d'],
    [729 * d, '729d'],
    [730 * d, '2y'],
    [731 * d, '2y1d'],
    [8 * 365 * d + 40 * d, '8y'],
  ];
  for (const [ms, text] of cases) assert.equal(humanDuration(ms), text, `${ms}ms`);
});

test('short ages keep one unit (ShortHumanDuration)', () => {
  const cases: [number, string][] = [
    [-5 * s, '<invalid>'], [-1 * s, '0s'], [59 * s, '59s'], [60 * s, '1m'], [59 * m + 59 * s, '59m'],
    [h, '1h'], [25 * h, '1d'], [364 * d, '364d'], [366 * d, '1y'],
  ];
  for (const [ms, text] of cases) assert.equal(shortHumanDuration(ms), text, `${ms}ms`);
});

test('a missing or unreadable timestamp is <unknown>', () => {
  const now = new Date('2025-03-01T12:00:00Z');
  assert.equal(timestampSince(undefined, now), '<unknown>');
  assert.equal(timestampSince('', now), '<unknown>');
  assert.equal(timestampSince('yesterday-ish', now), '<unknown>');
  assert.equal(timestampSince('2025-03-01T11:55:00Z', now), '5m');
  assert.equal(timestampSince('2025-03-01T11:59:50.123456Z', now), '9s');
});
