import { describe, expect, it } from 'vitest';
import { formatTimestamp, LineSplitter, parseLogLine, sinceTimeOf, timeKey } from '../log-lines.js';

describe('timestamped log lines (pods/log?timestamps=true)', () => {
  it('splits the runtime timestamp from the text and keeps sub-millisecond order', () => {
    const a = parseLogLine('2024-05-01T12:00:00.123456789Z GET /healthz 200', 0, 0);
    expect(a.ts).toBe('2024-05-01T12:00:00.123456789Z');
    expect(a.text).toBe('GET /healthz 200');
    // RFC3339Nano trims trailing zeros: .1234 is earlier than .12345, though it sorts after it as a string.
    const b = parseLogLine('2024-05-01T12:00:00.1234Z x', 0, 0);
    const c = parseLogLine('2024-05-01T12:00:00.12345Z y', 0, 0);
    expect(b.t).toBeLessThan(c.t);
    expect(c.t).toBeLessThan(a.t);
    expect(timeKey('2024-05-01T12:00:01Z')).toBe(Date.parse('2024-05-01T12:00:01Z'));
    expect(timeKey('2024-05-01T14:00:01+02:00')).toBe(Date.parse('2024-05-01T12:00:01Z'));
  });

  it('a line without a timestamp takes the time of the line before it; text keeps its spaces', () => {
    const l = parseLogLine('  indented, no timestamp', 3, 1234);
    expect(l).toEqual({ t: 1234, ts: '', text: '  indented, no timestamp', src: 3 });
    expect(parseLogLine('2024-05-01T12:00:00Z ', 0, 0).text).toBe('');
  });

  it('drops terminal colour codes and a trailing CR', () => {
    expect(parseLogLine('2024-05-01T12:00:00Z \x1b[32mINFO\x1b[0m ready\r', 0, 0).text).toBe('INFO ready');
  });

  it('joins lines split across chunks, and returns a last line without newline at the end', () => {
    const s = new LineSplitter();
    expect(s.push('2024-05-01T12:00:00Z a\n2024-05-01T12:0')).toEqual(['2024-05-01T12:00:00Z a']);
    expect(s.push('0:01Z b\n\n')).toEqual(['2024-05-01T12:00:01Z b', '']);
    expect(s.push('tail')).toEqual([]);
    expect(s.end()).toEqual(['tail']);
    expect(s.end()).toEqual([]);
  });

  it('shows timestamps in one width and resumes from the whole second', () => {
    expect(formatTimestamp('2024-05-01T12:00:00.5Z')).toBe('2024-05-01T12:00:00.500000000Z');
    expect(formatTimestamp('2024-05-01T12:00:00Z')).toBe('2024-05-01T12:00:00.000000000Z');
    expect(sinceTimeOf(timeKey('2024-05-01T12:00:07.999Z')!)).toBe('2024-05-01T12:00:07Z');
  });
});
