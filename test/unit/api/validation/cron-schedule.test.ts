import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCronSchedule, CronParseError } from '../../../../api/validation/index.js';

const next = (expr: string, after: string, tz = 'UTC'): string | undefined => parseCronSchedule(expr, tz).next(new Date(after))?.toISOString();

test('standard fields, ranges, steps, lists and names', () => {
  assert.equal(next('*/15 * * * *', '2024-05-01T10:07:00Z'), '2024-05-01T10:15:00.000Z');
  assert.equal(next('5/20 * * * *', '2024-05-01T10:26:00Z'), '2024-05-01T10:45:00.000Z');
  assert.equal(next('0 9-17/4 * * *', '2024-05-01T13:00:00Z'), '2024-05-01T17:00:00.000Z');
  assert.equal(next('0 0 1,15 * *', '2024-05-02T00:00:00Z'), '2024-05-15T00:00:00.000Z');
  assert.equal(next('0 6 * JAN,jul sun,SAT', '2024-05-01T00:00:00Z'), '2024-07-06T06:00:00.000Z');
  assert.equal(next('0 0 29 2 *', '2025-01-01T00:00:00Z'), '2028-02-29T00:00:00.000Z');
  assert.equal(next('* * * * *', '2024-05-01T10:00:00Z'), '2024-05-01T10:01:00.000Z', 'strictly after the given time');
});

test('day-of-month and day-of-week combine with OR unless one is a star', () => {
  // 2024-05-01 is a Wednesday
  assert.equal(next('0 12 1 * mon', '2024-05-01T12:00:00Z'), '2024-05-06T12:00:00.000Z');
  assert.equal(next('0 12 * * mon', '2024-05-01T12:00:00Z'), '2024-05-06T12:00:00.000Z');
  assert.equal(next('0 12 1 * *', '2024-05-01T12:00:00Z'), '2024-06-01T12:00:00.000Z');
  assert.equal(next('0 12 ? * 0', '2024-05-01T12:00:00Z'), '2024-05-05T12:00:00.000Z');
});

test('descriptors and @every', () => {
  assert.equal(next('@hourly', '2024-05-01T10:15:30Z'), '2024-05-01T11:00:00.000Z');
  assert.equal(next('@weekly', '2024-05-01T10:00:00Z'), '2024-05-05T00:00:00.000Z');
  assert.equal(next('@yearly', '2024-05-01T10:00:00Z'), '2025-01-01T00:00:00.000Z');
  assert.equal(next('@every 1h30m', '2024-05-01T10:00:00.400Z'), '2024-05-01T11:30:00.000Z');
});

test('schedules run in their time zone', () => {
  assert.equal(next('0 3 * * *', '2024-07-01T00:00:00Z', 'America/New_York'), '2024-07-01T07:00:00.000Z');
  assert.equal(next('0 3 * * *', '2024-01-01T00:00:00Z', 'America/New_York'), '2024-01-01T08:00:00.000Z');
});

test('a time skipped by spring-forward is skipped, as on a real cluster', () => {
  // Europe/Paris jumps from 02:00 to 03:00 on 2024-03-31: no 02:30 that day
  assert.equal(next('30 2 * * *', '2024-03-30T12:00:00Z', 'Europe/Paris'), '2024-04-01T00:30:00.000Z');
  assert.equal(next('0 4 * * *', '2024-03-30T12:00:00Z', 'Europe/Paris'), '2024-03-31T02:00:00.000Z');
});

test('a time repeated by fall-back runs in both occurrences, as robfig/cron does', () => {
  // Europe/Paris goes back from 03:00 CEST to 02:00 CET on 2024-10-27
  const s = parseCronSchedule('30 2 * * *', 'Europe/Paris');
  const first = s.next(new Date('2024-10-26T12:00:00Z'));
  assert.equal(first?.toISOString(), '2024-10-27T00:30:00.000Z');
  const second = s.next(first!);
  assert.equal(second?.toISOString(), '2024-10-27T01:30:00.000Z');
  assert.equal(s.next(second!)?.toISOString(), '2024-10-28T01:30:00.000Z');
});

test('parse errors carry robfig/cron messages', () => {
  const cases: Array<[string, string]> = [
    ['0 0 * * 7', 'end of range (7) above maximum (6): 7'],
    ['*/0 * * * *', 'step of range should be a positive number: */0'],
    ['5-1 * * * *', 'beginning of range (5) beyond end of range (1): 5-1'],
    ['0 0 0 * *', 'beginning of range (0) below minimum (1): 0'],
    ['a * * * *', 'failed to parse int from a: strconv.Atoi: parsing "a": invalid syntax'],
    ['1-2-3 * * * *', 'too many hyphens: 1-2-3'],
    ['0 0 * * sat-sun', 'beginning of range (6) beyond end of range (0): sat-sun'],
    ['1/2/3 * * * *', 'too many slashes: 1/2/3'],
    ['@fortnightly', 'unrecognized descriptor: @fortnightly'],
    ['@every 5x', 'failed to parse duration @every 5x: time: unknown unit "x" in duration "5x"'],
    ['0 0 * * * *', 'expected exactly 5 fields, found 6: [0 0 * * * *]'],
    ['', 'empty spec string'],
  ];
  for (const [expr, message] of cases) {
    assert.throws(() => parseCronSchedule(expr, 'UTC'), (e: unknown) => e instanceof CronParseError && e.message === message, expr);
  }
});
