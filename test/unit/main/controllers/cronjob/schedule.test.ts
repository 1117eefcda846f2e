import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCronSchedule } from '../../../../../api/validation/cron-schedule.js';
import { jobNameFor, mostRecentScheduleTime, nextScheduleDelay, rfc1123zUTC, rfc3339In, type CronJobObject } from '../../../../../main/controllers/cronjob/schedule.js';

const T = (s: string): number => Date.parse(s);
const cronJob = (created: string, extra: { last?: string; sds?: number } = {}): CronJobObject => ({
  apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'hello', creationTimestamp: created },
  spec: { schedule: '', jobTemplate: {}, startingDeadlineSeconds: extra.sds },
  status: extra.last ? { lastScheduleTime: extra.last } : {},
});
const hourly = parseCronSchedule('0 * * * *', 'UTC');

describe('CronJob schedule times', () => {
  test('nothing due before the first schedule time after creation', () => {
    const r = mostRecentScheduleTime(cronJob('2025-03-01T10:20:00Z'), T('2025-03-01T10:59:59Z'), hourly, true);
    assert.deepEqual(r, { earliest: T('2025-03-01T10:20:00Z'), missed: 'none' });
  });

  test('the single due time, then the most recent of several missed ones', () => {
    assert.equal(mostRecentScheduleTime(cronJob('2025-03-01T10:20:00Z'), T('2025-03-01T11:00:30Z'), hourly, true).mostRecent, T('2025-03-01T11:00:00Z'));
    const r = mostRecentScheduleTime(cronJob('2025-03-01T10:20:00Z', { last: '2025-03-01T11:00:00Z' }), T('2025-03-01T15:10:00Z'), hourly, true);
    assert.equal(r.mostRecent, T('2025-03-01T15:00:00Z'));
    assert.equal(r.missed, 'few');
  });

  test('more than 100 missed runs is "many"', () => {
    const r = mostRecentScheduleTime(cronJob('2025-03-01T00:00:00Z'), T('2025-03-06T00:30:00Z'), hourly, true);
    assert.equal(r.missed, 'many');
    assert.equal(r.mostRecent, T('2025-03-06T00:00:00Z'));
  });

  test('startingDeadlineSeconds hides runs older than the deadline', () => {
    const cj = cronJob('2025-03-01T10:20:00Z', { sds: 60 });
    assert.equal(mostRecentScheduleTime(cj, T('2025-03-01T11:00:30Z'), hourly, true).mostRecent, T('2025-03-01T11:00:00Z'));
    assert.equal(mostRecentScheduleTime(cj, T('2025-03-01T11:02:00Z'), hourly, true).mostRecent, undefined);
  });

  test('requeue for the next schedule time plus 100 ms', () => {
    const cj = cronJob('2025-03-01T10:20:00Z', { last: '2025-03-01T11:00:00Z' });
    assert.equal(nextScheduleDelay(cj, T('2025-03-01T11:00:10Z'), hourly), 3_590_100);
    assert.equal(nextScheduleDelay(cronJob('2025-03-01T10:20:00Z'), T('2025-03-01T10:30:00Z'), hourly), 1_800_100);
  });

  test('a schedule in a time zone', () => {
    const tokyo = parseCronSchedule('0 9 * * *', 'Asia/Tokyo');
    const r = mostRecentScheduleTime(cronJob('2025-03-01T12:00:00Z'), T('2025-03-02T00:00:05Z'), tokyo, true);
    assert.equal(r.mostRecent, T('2025-03-02T00:00:00Z'));
  });

  test('Job names and timestamps as upstream writes them', () => {
    assert.equal(jobNameFor('hello', T('2025-03-02T00:00:00Z')), `hello-${T('2025-03-02T00:00:00Z') / 60_000}`);
    assert.equal(rfc3339In(T('2025-03-02T00:00:00Z'), 'Asia/Tokyo'), '2025-03-02T09:00:00+09:00');
    assert.equal(rfc3339In(T('2025-03-02T00:00:00Z'), 'America/St_Johns'), '2025-03-01T20:30:00-03:30');
    assert.equal(rfc3339In(T('2025-03-02T00:00:00Z'), 'UTC'), '2025-03-02T00:00:00Z');
    assert.equal(rfc1123zUTC(T('2025-03-02T07:04:05Z')), 'Sun, 02 Mar 2025 07:04:05 +0000');
  });
});
