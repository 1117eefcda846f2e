import { describe, expect, it } from 'vitest';
import { LogBuffer, PALETTE_SIZE } from '../log-buffer.js';
import { parseLogLine, type LogLine } from '../log-lines.js';
import { sourceLabel } from '../log-targets.js';

const at = (sec: number, text: string, src: number): LogLine => parseLogLine(`2024-05-01T12:00:${String(sec).padStart(2, '0')}Z ${text}`, src, 0);
const texts = (b: LogBuffer) => b.lines.map((l) => l.text);

describe('LogBuffer', () => {
  it('merges pods in time order, whichever arrives first', () => {
    const b = new LogBuffer();
    const web1 = b.source('web-1', 'app');
    const web2 = b.source('web-2', 'app');
    b.add([at(1, 'w1 a', web1), at(3, 'w1 b', web1), at(5, 'w1 c', web1)]);
    const gen = b.generation;
    // web-2's backlog arrives later but is older.
    b.add([at(2, 'w2 a', web2), at(4, 'w2 b', web2)]);
    expect(texts(b)).toEqual(['w1 a', 'w2 a', 'w1 b', 'w2 b', 'w1 c']);
    expect(b.generation).not.toBe(gen);
    // New lines at the end append without moving anything.
    const gen2 = b.generation;
    b.add([at(6, 'w2 c', web2)]);
    expect(texts(b).at(-1)).toBe('w2 c');
    expect(b.generation).toBe(gen2);
  });

  it('lines of the same time keep the order they arrived in', () => {
    const b = new LogBuffer();
    const a = b.source('a', 'c'), c = b.source('b', 'c');
    b.add([at(1, 'a1', a), at(1, 'a2', a)]);
    b.add([at(1, 'b1', c)]);
    b.add([at(0, 'b0', c), at(1, 'b2', c)]);
    expect(texts(b)).toEqual(['b0', 'a1', 'a2', 'b1', 'b2']);
  });

  it('gives each pod its own colour; containers of one pod share it', () => {
    const b = new LogBuffer();
    const s1 = b.source('web-1', 'app');
    const s2 = b.source('web-1', 'sidecar');
    const s3 = b.source('web-2', 'app');
    expect(b.sources[s1].colour).toBe(b.sources[s2].colour);
    expect(b.sources[s3].colour).not.toBe(b.sources[s1].colour);
    expect(b.source('web-1', 'app')).toBe(s1);
    const colours = new Set<number>();
    for (let i = 0; i < PALETTE_SIZE; i++) colours.add(b.sources[b.source(`p-${i}`, 'app')].colour);
    expect(colours.size).toBe(PALETTE_SIZE);
  });

  it('labels sources by what differs between them', () => {
    const b = new LogBuffer();
    b.source('web-1', 'app');
    expect(sourceLabel(b.sources, 0)).toBe('app');
    b.source('web-2', 'app');
    expect(sourceLabel(b.sources, 1)).toBe('web-2');
    b.source('web-2', 'proxy');
    expect(sourceLabel(b.sources, 2)).toBe('web-2/proxy');
  });

  it('drops the oldest lines past its cap, in slices, and counts them', () => {
    const b = new LogBuffer(100);
    const s = b.source('p', 'c');
    const lines = Array.from({ length: 115 }, (_, i) => ({ t: i, ts: '', text: `line ${i}`, src: s }));
    b.add(lines.slice(0, 110));
    expect(b.lines.length).toBe(110);
    b.add(lines.slice(110));
    expect(b.lines.length).toBe(100);
    expect(b.dropped).toBe(15);
    expect(b.lines[0].text).toBe('line 15');
    expect(b.longest).toBe('line 114'.length);
  });
});
