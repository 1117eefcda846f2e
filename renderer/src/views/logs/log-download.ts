// Saving the lines shown as a text file, as they are shown: with the source and timestamp when those are on.
import type { LogBuffer } from './log-buffer.js';

export interface LogTextOptions {
  timestamps: boolean;
  /** Each line's source name, when several are merged. */
  label?: (src: number) => string;
}

/** The text of the lines (all, or the indices in `only`), one per line. */
export function logText(buffer: LogBuffer, only: readonly number[] | undefined, opts: LogTextOptions): string {
  const lines = buffer.lines;
  const n = only ? only.length : lines.length;
  const parts: string[] = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const l = lines[only ? only[i] : i];
    let s = l.text;
    if (opts.timestamps && l.ts) s = `${l.ts} ${s}`;
    if (opts.label) s = `[${opts.label(l.src)}] ${s}`;
    parts[i] = s;
  }
  return n === 0 ? '' : `${parts.join('\n')}\n`;
}

export function downloadLog(filename: string, buffer: LogBuffer, only: readonly number[] | undefined, opts: LogTextOptions): void {
  const url = URL.createObjectURL(new Blob([logText(buffer, only, opts)], { type: 'text/plain;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}
