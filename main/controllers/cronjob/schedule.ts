// When a CronJob should run (pkg/controller/cronjob/utils.go): the most recent unmet schedule time, how many
// were missed, when to look again, and the names and timestamps of the Jobs it creates.
import type { CronJob } from 'kubernetes-types/batch/v1.js';
import type { KubeObject } from '../../../api/types/meta.js';
import type { CronSchedule } from '../../../api/validation/cron-schedule.js';
import { offsetAt, wallClock } from '../../../api/validation/zoned-time.js';

export type CronJobObject = KubeObject & { spec: NonNullable<CronJob['spec']>; status?: NonNullable<CronJob['status']> };

export type Missed = 'none' | 'few' | 'many';

/** Requeue a little after the scheduled time, so a clock that runs slightly behind still finds it due. */
export const NEXT_SCHEDULE_DELTA_MS = 100;

export interface MostRecent {
  /** lastScheduleTime, else the creation time (raised to now − startingDeadlineSeconds when asked). */
  earliest: number;
  /** The latest schedule time in (earliest, now], if any. */
  mostRecent?: number;
  missed: Missed;
  /** Set for a schedule whose consecutive runs are less than a second apart (e.g. 31 February). */
  error?: string;
}

export function mostRecentScheduleTime(cj: CronJobObject, now: number, schedule: CronSchedule, includeStartingDeadline: boolean): MostRecent {
  let earliest = Date.parse(cj.metadata.creationTimestamp ?? '') || 0;
  if (cj.status?.lastScheduleTime) earliest = Date.parse(cj.status.lastScheduleTime);
  const sds = cj.spec.startingDeadlineSeconds;
  if (includeStartingDeadline && sds != null) earliest = Math.max(earliest, now - sds * 1000);
  const t1 = schedule.next(new Date(earliest))?.getTime();
  if (t1 === undefined || now < t1) return { earliest, missed: 'none' };
  const t2 = schedule.next(new Date(t1))?.getTime();
  if (t2 === undefined || now < t2) return { earliest, mostRecent: t1, missed: 'none' };
  const between = Math.round((t2 - t1) / 1000);
  if (between < 1) return { earliest, missed: 'none', error: 'time difference between two schedules is less than 1 second' };
  // A rough count (runs are assumed evenly spaced), then an exact walk over the last few.
  const elapsed = Math.trunc((now - t1) / 1000);
  const missedCount = Math.floor(elapsed / between) + 1;
  let mostRecent: number | undefined;
  for (let t = schedule.next(new Date(t1 + (missedCount - 2) * between * 1000))?.getTime(); t !== undefined && t <= now; t = schedule.next(new Date(t))?.getTime()) mostRecent = t;
  const missed: Missed = missedCount > 100 ? 'many' : missedCount > 0 ? 'few' : 'none';
  return { earliest, mostRecent, missed };
}

/** Milliseconds until the CronJob should be looked at again, or undefined when the schedule never fires again. */
export function nextScheduleDelay(cj: CronJobObject, now: number, schedule: CronSchedule): number | undefined {
  const r = mostRecentScheduleTime(cj, now, schedule, false);
  const from = r.error !== undefined ? now : r.mostRecent ?? (r.missed === 'none' ? r.earliest : now);
  const next = schedule.next(new Date(from))?.getTime();
  return next === undefined ? undefined : next + NEXT_SCHEDULE_DELTA_MS - now;
}

/** upstream getJobName: the CronJob's name and the scheduled time in minutes since the epoch. */
export function jobNameFor(cronJobName: string, scheduledMs: number): string {
  return `${cronJobName}-${Math.floor(Math.floor(scheduledMs / 1000) / 60)}`;
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** Go's time.Format(time.RFC3339) of an instant in a zone: "2024-05-01T09:00:00+09:00", or "...Z" at offset 0. */
export function rfc3339In(ms: number, tz: string): string {
  const w = wallClock(tz, ms);
  const off = offsetAt(tz, ms);
  const zone = off === 0 ? 'Z' : `${off < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(off) / 3600))}:${pad(Math.floor((Math.abs(off) % 3600) / 60))}`;
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}${zone}`;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Go's time.RFC1123Z of a UTC instant: "Mon, 02 Jan 2006 15:04:05 +0000". */
export function rfc1123zUTC(ms: number): string {
  const d = new Date(ms);
  return `${DAYS[d.getUTCDay()]}, ${pad(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}
