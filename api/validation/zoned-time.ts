// Wall-clock arithmetic in an IANA time zone through Intl, with Go's time.Date semantics for times that
// a DST change skips or repeats. The cron schedule walks time the way robfig/cron does with these.

export interface WallClock {
  year: number; month: number; day: number; hour: number; minute: number; second: number;
  /** 0 = Sunday */
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
      hour: 'numeric', minute: 'numeric', second: 'numeric', weekday: 'short',
    });
    formatters.set(tz, f);
  }
  return f;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** The zone's wall clock at an instant (milliseconds since the epoch). */
export function wallClock(tz: string, ms: number): WallClock {
  const parts: Record<string, string> = {};
  for (const p of formatter(tz).formatToParts(new Date(ms))) parts[p.type] = p.value;
  return {
    year: Number(parts.year), month: Number(parts.month), day: Number(parts.day),
    hour: Number(parts.hour) % 24, minute: Number(parts.minute), second: Number(parts.second),
    weekday: WEEKDAYS.indexOf(parts.weekday),
  };
}

/** Seconds east of UTC in effect at an instant. */
export function offsetAt(tz: string, ms: number): number {
  const w = wallClock(tz, ms);
  const asUTC = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return Math.round((asUTC - Math.floor(ms / 1000) * 1000) / 1000);
}

/**
 * Go's time.Date(year, month, day, hour, min, sec, 0, loc): fields may overflow (normalised like Date.UTC);
 * a skipped wall time resolves with the offset in effect before the change, as Go's lookup does.
 */
export function dateIn(tz: string, year: number, month: number, day: number, hour: number, minute: number, second: number): number {
  const local = Date.UTC(year, month - 1, day, hour, minute, second);
  let offset = offsetAt(tz, local);
  const utc = local - offset * 1000;
  const actual = offsetAt(tz, utc);
  if (actual !== offset) offset = actual;
  return local - offset * 1000;
}

/** True when Intl knows the zone under exactly this name (Go's LoadLocation is case-sensitive). */
export function isKnownTimeZone(tz: string): boolean {
  try {
    formatter(tz);
  } catch {
    return false;
  }
  const canonical = supportedZones().find((z) => z.toLowerCase() === tz.toLowerCase());
  return canonical === undefined || canonical === tz;
}

let zones: string[] | undefined;
function supportedZones(): string[] {
  if (!zones) {
    const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
    zones = intl.supportedValuesOf ? intl.supportedValuesOf('timeZone') : [];
  }
  return zones;
}

/** The process's own zone, which upstream's controller uses for CronJobs without spec.timeZone. */
export function localTimeZone(): string {
  return new Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}
