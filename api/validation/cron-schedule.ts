// CronJob schedules as robfig/cron v3's ParseStandard reads them (5 fields, names, ranges, steps, ?,
// @hourly-style descriptors, @every), with its error messages and its Next() walk, which the CronJob
// controller reuses. Times are evaluated in an IANA zone; DST gaps skip a run and repeated hours may run twice,
// exactly as on a real cluster.
import { wallClock, dateIn, isKnownTimeZone, localTimeZone, type WallClock } from './zoned-time.js';

export class CronParseError extends Error {
  constructor(message: string) { super(message); this.name = 'CronParseError'; }
}

interface Bounds { min: number; max: number; names?: Record<string, number> }

const MONTH_NAMES = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DOW_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const BOUNDS: Bounds[] = [
  { min: 0, max: 59 }, { min: 0, max: 23 }, { min: 1, max: 31 },
  { min: 1, max: 12, names: Object.fromEntries(MONTH_NAMES.map((n, i) => [n, i + 1])) },
  { min: 0, max: 6, names: Object.fromEntries(DOW_NAMES.map((n, i) => [n, i])) },
];
const DESCRIPTORS: Record<string, string> = {
  '@yearly': '0 0 1 1 *', '@annually': '0 0 1 1 *', '@monthly': '0 0 1 * *', '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *', '@midnight': '0 0 * * *', '@hourly': '0 * * * *',
};

/** A field's allowed values, plus whether it was written as * or ? (which matters for day matching). */
interface Field { values: Set<number>; star: boolean }

function mustParseInt(expr: string): number {
  if (!/^[-+]?[0-9]+$/.test(expr)) throw new CronParseError(`failed to parse int from ${expr}: strconv.Atoi: parsing ${JSON.stringify(expr)}: invalid syntax`);
  const n = Number(expr);
  if (n < 0) throw new CronParseError(`negative number (${n}) not allowed: ${expr}`);
  return n;
}

function parseIntOrName(expr: string, b: Bounds): number {
  const named = b.names?.[expr.toLowerCase()];
  return named ?? mustParseInt(expr);
}

function getRange(expr: string, b: Bounds, into: Field): void {
  const rangeAndStep = expr.split('/');
  const lowAndHigh = rangeAndStep[0].split('-');
  const single = lowAndHigh.length === 1;
  let start: number, end: number, star = false;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') { start = b.min; end = b.max; star = true; }
  else {
    start = parseIntOrName(lowAndHigh[0], b);
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) end = parseIntOrName(lowAndHigh[1], b);
    else throw new CronParseError(`too many hyphens: ${expr}`);
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    step = mustParseInt(rangeAndStep[1]);
    if (single) end = b.max;
    if (step > 1) star = false;
  } else if (rangeAndStep.length > 2) throw new CronParseError(`too many slashes: ${expr}`);
  if (start < b.min) throw new CronParseError(`beginning of range (${start}) below minimum (${b.min}): ${expr}`);
  if (end > b.max) throw new CronParseError(`end of range (${end}) above maximum (${b.max}): ${expr}`);
  if (start > end) throw new CronParseError(`beginning of range (${start}) beyond end of range (${end}): ${expr}`);
  if (step === 0) throw new CronParseError(`step of range should be a positive number: ${expr}`);
  for (let v = start; v <= end; v += step) into.values.add(v);
  if (star) into.star = true;
}

function getField(text: string, b: Bounds): Field {
  const f: Field = { values: new Set(), star: false };
  for (const part of text.split(',').filter((p) => p !== '')) getRange(part, b, f);
  return f;
}

/** Go's time.ParseDuration for @every (units ns, us, µs, ms, s, m, h). */
export function parseGoDuration(s: string): number {
  const units: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  const bad = (): CronParseError => new CronParseError(`time: invalid duration ${JSON.stringify(s)}`);
  let rest = s;
  let sign = 1;
  if (rest.startsWith('-') || rest.startsWith('+')) { sign = rest[0] === '-' ? -1 : 1; rest = rest.slice(1); }
  if (rest === '0') return 0;
  if (rest === '') throw bad();
  let total = 0;
  while (rest !== '') {
    const num = /^([0-9]*(?:\.[0-9]*)?)/.exec(rest)?.[1] ?? '';
    if (num === '' || num === '.') throw bad();
    rest = rest.slice(num.length);
    const unit = /^([^0-9.]*)/.exec(rest)?.[1] ?? '';
    if (unit === '') throw new CronParseError(`time: missing unit in duration ${JSON.stringify(s)}`);
    if (!(unit in units)) throw new CronParseError(`time: unknown unit ${JSON.stringify(unit)} in duration ${JSON.stringify(s)}`);
    total += Number(num) * units[unit];
    rest = rest.slice(unit.length);
  }
  return sign * total;
}

export interface CronSchedule {
  /** The first activation strictly after `after` (whole seconds), or undefined if none within five years. */
  next(after: Date): Date | undefined;
  readonly timeZone: string;
}

class SpecSchedule implements CronSchedule {
  constructor(readonly fields: Field[], readonly timeZone: string) {}

  private dayMatches(w: WallClock): boolean {
    const [, , dom, , dow] = this.fields;
    const domMatch = dom.values.has(w.day);
    const dowMatch = dow.values.has(w.weekday);
    return dom.star || dow.star ? domMatch && dowMatch : domMatch || dowMatch;
  }

  /** robfig/cron's SpecSchedule.Next, field by field, in the schedule's zone. */
  next(after: Date): Date | undefined {
    const tz = this.timeZone;
    const [minute, hour, , month] = this.fields;
    let t = Math.floor(after.getTime() / 1000) * 1000 + 1000;
    let w = wallClock(tz, t);
    const yearLimit = w.year + 5;
    let added = false;
    wrap: for (;;) {
      w = wallClock(tz, t);
      if (w.year > yearLimit) return undefined;
      while (!month.values.has(w.month)) {
        if (!added) { added = true; t = dateIn(tz, w.year, w.month, 1, 0, 0, 0); w = wallClock(tz, t); }
        t = dateIn(tz, w.year, w.month + 1, w.day, w.hour, w.minute, w.second);
        w = wallClock(tz, t);
        if (w.month === 1) continue wrap;
      }
      while (!this.dayMatches(w)) {
        if (!added) { added = true; t = dateIn(tz, w.year, w.month, w.day, 0, 0, 0); w = wallClock(tz, t); }
        t = dateIn(tz, w.year, w.month, w.day + 1, w.hour, w.minute, w.second);
        w = wallClock(tz, t);
        // midnight may not exist on a DST day; pull back to it like robfig does
        if (w.hour !== 0) { t += (w.hour > 12 ? 24 - w.hour : -w.hour) * 3_600_000; w = wallClock(tz, t); }
        if (w.day === 1) continue wrap;
      }
      while (!hour.values.has(w.hour)) {
        if (!added) { added = true; t = dateIn(tz, w.year, w.month, w.day, w.hour, 0, 0); }
        t += 3_600_000;
        w = wallClock(tz, t);
        if (w.hour === 0) continue wrap;
      }
      while (!minute.values.has(w.minute)) {
        if (!added) { added = true; t -= w.second * 1000; }
        t += 60_000;
        w = wallClock(tz, t);
        if (w.minute === 0) continue wrap;
      }
      // the seconds field of a standard spec is always 0: reaching :00 re-checks every field
      if (w.second !== 0) {
        added = true;
        t += (60 - w.second) * 1000;
        continue wrap;
      }
      return new Date(t);
    }
  }
}

class ConstantDelaySchedule implements CronSchedule {
  constructor(readonly delayMs: number, readonly timeZone: string) {}
  next(after: Date): Date {
    return new Date(Math.floor(after.getTime() / 1000) * 1000 + this.delayMs);
  }
}

/**
 * Parses a CronJob schedule. `timeZone` is spec.timeZone; without it the schedule runs in the
 * process's local zone, as kube-controller-manager does. Throws CronParseError with robfig's message.
 */
export function parseCronSchedule(expr: string, timeZone?: string): CronSchedule {
  let spec = expr;
  let tz = timeZone ?? localTimeZone();
  if (spec.length === 0) throw new CronParseError('empty spec string');
  if (spec.startsWith('TZ=') || spec.startsWith('CRON_TZ=')) {
    const space = spec.indexOf(' ');
    const name = spec.slice(spec.indexOf('=') + 1, space < 0 ? undefined : space);
    if (!isKnownTimeZone(name)) throw new CronParseError(`provided bad location ${name}: unknown time zone ${name}`);
    tz = name;
    spec = space < 0 ? '' : spec.slice(space).trim();
  }
  if (spec.startsWith('@')) {
    if (spec.startsWith('@every ')) {
      const text = spec.slice('@every '.length);
      let ms: number;
      try { ms = parseGoDuration(text); } catch (e) { throw new CronParseError(`failed to parse duration ${spec}: ${(e as Error).message}`); }
      ms = Math.max(1000, ms - (ms % 1000));
      return new ConstantDelaySchedule(ms, tz);
    }
    const expanded = DESCRIPTORS[spec];
    if (!expanded) throw new CronParseError(`unrecognized descriptor: ${spec}`);
    spec = expanded;
  }
  const fields = spec.split(/\s+/).filter((f) => f !== '');
  if (fields.length !== 5) throw new CronParseError(`expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`);
  return new SpecSchedule(fields.map((f, i) => getField(f, BOUNDS[i])), tz);
}
