// Search in the log: which lines contain the text (case-insensitive), kept up to date cheaply while lines
// are only appended, and the pieces of a line to draw with the matches highlighted.
import type { LogBuffer } from './log-buffer.js';

export class MatchIndex {
  private query = '';
  private generation = -1;
  private scanned = 0;
  private found: number[] = [];

  /** Indices into buffer.lines of the lines containing `query` ('' matches none). */
  update(buffer: LogBuffer, query: string): readonly number[] {
    const q = query.toLowerCase();
    if (q !== this.query || buffer.generation !== this.generation || buffer.lines.length < this.scanned) {
      this.query = q;
      this.generation = buffer.generation;
      this.scanned = 0;
      this.found = [];
    }
    const lines = buffer.lines;
    if (q !== '') {
      for (let i = this.scanned; i < lines.length; i++) if (lines[i].text.toLowerCase().includes(q)) this.found.push(i);
    }
    this.scanned = lines.length;
    return this.found;
  }
}

export interface Segment {
  text: string;
  match: boolean;
}

/** The line cut into plain and matching pieces, for drawing with <mark>. */
export function highlight(text: string, query: string): Segment[] {
  if (query === '') return [{ text, match: false }];
  const lower = text.toLowerCase();
  const q = query.toLowerCase();
  const out: Segment[] = [];
  let from = 0;
  for (let at = lower.indexOf(q); at >= 0; at = lower.indexOf(q, at + q.length)) {
    if (at > from) out.push({ text: text.slice(from, at), match: false });
    out.push({ text: text.slice(at, at + q.length), match: true });
    from = at + q.length;
  }
  if (from < text.length || out.length === 0) out.push({ text: text.slice(from), match: false });
  return out;
}

/** The match to go to from `current` (a line index, or -1) in direction `dir`, wrapping around. */
export function nextMatch(matches: readonly number[], current: number, dir: 1 | -1): number {
  if (matches.length === 0) return -1;
  if (dir === 1) {
    const i = matches.findIndex((m) => m > current);
    return matches[i < 0 ? 0 : i];
  }
  for (let i = matches.length - 1; i >= 0; i--) if (matches[i] < current) return matches[i];
  return matches[matches.length - 1];
}
