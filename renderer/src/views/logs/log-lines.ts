// One log line as the viewer keeps it, read from `pods/log?timestamps=true` output: each line begins with
// the runtime's RFC 3339 timestamp (nanoseconds, trailing zeros trimmed) and a space.

export interface LogLine {
  /** Milliseconds since the epoch, with the sub-millisecond digits as a fraction (merge order). */
  t: number;
  /** The timestamp as the runtime wrote it ('' when the line had none). */
  ts: string;
  /** The line, without its timestamp and without terminal colour codes. */
  text: string;
  /** Which source (pod and container) it came from: LogBuffer.sources[src]. */
  src: number;
}

const TS = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d) /;
// CSI sequences (colours, cursor moves) and OSC titles: noise in a log viewer.
// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;

/** Epoch milliseconds of an RFC 3339 timestamp, keeping its sub-millisecond digits; undefined if it is not one. */
export function timeKey(ts: string): number | undefined {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/.exec(ts);
  if (!m) return undefined;
  const whole = Date.parse(`${m[1]}${m[3]}`);
  if (Number.isNaN(whole)) return undefined;
  const frac = m[2] ? Number(`0.${m[2]}`) * 1000 : 0;
  return whole + frac;
}

export function stripAnsi(s: string): string {
  return s.includes('\x1b') ? s.replace(ANSI, '') : s;
}

/**
 * Parses one line of timestamped output. A line without a timestamp (a runtime message, or output that was
 * asked for without timestamps) takes `fallbackT`, the time of the line before it from the same source.
 */
export function parseLogLine(raw: string, src: number, fallbackT: number): LogLine {
  const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
  const m = TS.exec(line);
  if (m) {
    const ts = line.slice(0, m[0].length - 1);
    const t = timeKey(ts);
    if (t !== undefined) return { t, ts, text: stripAnsi(line.slice(m[0].length)), src };
  }
  return { t: fallbackT, ts: '', text: stripAnsi(line), src };
}

/** Joins the chunks of a response into whole lines (a chunk may end mid-line). */
export class LineSplitter {
  private rest = '';

  push(chunk: string): string[] {
    const text = this.rest + chunk;
    const lines = text.split('\n');
    this.rest = lines.pop() ?? '';
    return lines;
  }

  /** The last line when the response ended without a newline. */
  end(): string[] {
    const rest = this.rest;
    this.rest = '';
    return rest === '' ? [] : [rest];
  }
}

/** A timestamp shown in a column of one width: the fraction padded to nanoseconds. */
export function formatTimestamp(ts: string): string {
  const m = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/.exec(ts);
  if (!m) return ts;
  return `${m[1]}.${(m[2] ?? '').padEnd(9, '0')}${m[3]}`;
}

/** The whole-second RFC 3339 time at or before `t` (sinceTime has second precision). */
export function sinceTimeOf(t: number): string {
  return new Date(Math.floor(t / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
