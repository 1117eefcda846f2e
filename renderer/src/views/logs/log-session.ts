// Reads the logs of a set of containers into a LogBuffer. Chromium gives an origin 6 HTTP/1.1 connections
// and the app's watches hold up to 4, so only `maxStreams` sources follow with a held-open response; the
// others ask every few seconds for what is new (sinceTime) and take a stream slot when one frees. Either
// way a source resumes after a break from its last timestamp without repeating lines. Lines reach the
// buffer once per frame; while paused they are held back and counted.
import { errorMessage } from '../../api/api-error.js';
import { isApiError, type ApiClient } from '../../api/client.js';
import { readPodLog, type LogQuery } from '../../api/pod-logs.js';
import type { LogBuffer } from './log-buffer.js';
import { LineSplitter, parseLogLine, sinceTimeOf, type LogLine } from './log-lines.js';

export interface LogTarget {
  pod: string;
  container: string;
}

export interface LogSessionOptions {
  namespace: string;
  /** The previous instance of each container (one read, no follow). */
  previous: boolean;
  /** Lines to start from per source (undefined: all). */
  tailLines?: number;
}

export type SourceMode = 'streaming' | 'polling' | 'done' | 'gone';

export interface SourceStatus {
  pod: string;
  container: string;
  mode: SourceMode;
  error?: string;
}

export interface LogSessionDeps {
  client: ApiClient;
  buffer: LogBuffer;
  /** Lines were added, or a source's status changed. */
  onChange(): void;
  /** Runs fn before the next paint (default: requestAnimationFrame, or a timer where there is none). */
  schedule?: (fn: () => void) => void;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  maxStreams?: number;
  pollMs?: number;
}

interface Source extends LogTarget {
  key: string;
  index: number;
  abort: AbortController;
  lastT: number | undefined;
  /** Texts of the lines at lastT: a resumed read starts at the whole second and repeats them. */
  atLast: Set<string>;
}

const MAX_BACKOFF_MS = 10_000;
const MAX_IDLE_POLL_MS = 10_000;

export class LogSession {
  readonly statuses = new Map<string, SourceStatus>();
  /** Lines received while paused, not yet in the buffer. */
  held = 0;
  private paused = false;
  private stopped = false;
  private readonly sources = new Map<string, Source>();
  private readonly streaming = new Set<Source>();
  private incoming: LogLine[][] = [];
  private heldBatches: LogLine[][] = [];
  private flushQueued = false;
  private pollsRunning = 0;

  constructor(private readonly opts: LogSessionOptions, private readonly deps: LogSessionDeps) {}

  get isPaused(): boolean {
    return this.paused;
  }

  /** Reads these containers; sources no longer listed stop (their lines stay). */
  setTargets(targets: readonly LogTarget[]): void {
    if (this.stopped) return;
    const wanted = new Map(targets.map((t) => [`${t.pod}/${t.container}`, t]));
    for (const [key, s] of this.sources) {
      if (wanted.has(key)) continue;
      s.abort.abort();
      this.sources.delete(key);
      this.streaming.delete(s);
      const st = this.statuses.get(key);
      if (st && st.mode !== 'done') this.setStatus(s, { mode: 'gone' });
    }
    for (const [key, t] of wanted) {
      if (this.sources.has(key)) continue;
      const s: Source = { ...t, key, index: this.deps.buffer.source(t.pod, t.container), abort: new AbortController(), lastT: undefined, atLast: new Set() };
      this.sources.set(key, s);
      void this.run(s);
    }
  }

  pause(): void {
    this.paused = true;
  }

  /** Releases the held lines into the buffer. */
  resume(): void {
    this.paused = false;
    const batches = this.heldBatches;
    this.heldBatches = [];
    this.held = 0;
    for (const b of batches) this.deps.buffer.add(b);
    this.deps.onChange();
  }

  stop(): void {
    this.stopped = true;
    for (const s of this.sources.values()) s.abort.abort();
    this.sources.clear();
    this.streaming.clear();
  }

  private async run(s: Source): Promise<void> {
    const signal = s.abort.signal;
    let failures = 0;
    let idle = 0;
    while (!signal.aborted) {
      const stream = !this.opts.previous && this.takeStreamSlot(s);
      const resuming = s.lastT !== undefined;
      const q: LogQuery = {
        container: s.container,
        timestamps: true,
        previous: this.opts.previous,
        follow: stream,
        tailLines: resuming ? undefined : this.opts.tailLines,
        sinceTime: resuming ? sinceTimeOf(s.lastT!) : undefined,
      };
      let added = 0;
      let gone = false;
      const splitter = new LineSplitter();
      try {
        if (!stream) await this.pollTurn(signal);
        this.setStatus(s, { mode: this.opts.previous ? 'done' : stream ? 'streaming' : 'polling', error: failures > 0 ? this.statuses.get(s.key)?.error : undefined });
        for await (const chunk of readPodLog(this.deps.client, this.opts.namespace, s.pod, q, signal)) added += this.take(s, splitter.push(chunk), resuming);
        added += this.take(s, splitter.end(), resuming);
        failures = 0;
        this.setStatus(s, { mode: this.opts.previous ? 'done' : stream ? 'streaming' : 'polling' });
      } catch (err) {
        if (signal.aborted) return;
        failures++;
        gone = isApiError(err, 404);
        this.setStatus(s, { mode: gone || this.opts.previous ? 'done' : 'polling', error: errorMessage(err) });
      } finally {
        if (!stream) this.pollsRunning--;
        this.streaming.delete(s);
      }
      if (this.opts.previous || gone) return;
      idle = added > 0 ? 0 : idle + 1;
      const pollMs = this.deps.pollMs ?? 2000;
      const wait = failures > 0 ? Math.min(MAX_BACKOFF_MS, 1000 * 2 ** (failures - 1))
        : stream ? 1000
          : Math.min(MAX_IDLE_POLL_MS, pollMs * 2 ** Math.max(0, idle - 2));
      await (this.deps.sleep ?? sleep)(wait, signal);
    }
  }

  /** Parses, de-duplicates (after a resume) and queues lines; returns how many were new. */
  private take(s: Source, raw: string[], resuming: boolean): number {
    if (raw.length === 0) return 0;
    const batch: LogLine[] = [];
    for (const r of raw) {
      const line = parseLogLine(r, s.index, s.lastT ?? 0);
      if (resuming && s.lastT !== undefined && (line.t < s.lastT || (line.t === s.lastT && s.atLast.has(line.text)))) continue;
      if (s.lastT === undefined || line.t > s.lastT) {
        s.lastT = line.t;
        s.atLast.clear();
      }
      s.atLast.add(line.text);
      batch.push(line);
    }
    if (batch.length > 0) {
      this.incoming.push(batch);
      this.queueFlush();
    }
    return batch.length;
  }

  private queueFlush(): void {
    if (this.flushQueued) return;
    this.flushQueued = true;
    const schedule = this.deps.schedule ?? nextFrame;
    schedule(() => {
      this.flushQueued = false;
      const batches = this.incoming;
      this.incoming = [];
      if (this.stopped) return;
      if (this.paused) {
        for (const b of batches) {
          this.heldBatches.push(b);
          this.held += b.length;
        }
        // Paused for long on a chatty pod: keep no more than the buffer would (its cap drops the oldest too).
        while (this.held > this.deps.buffer.maxLines && this.heldBatches.length > 1) {
          const n = this.heldBatches.shift()!.length;
          this.held -= n;
          this.deps.buffer.dropped += n;
        }
      } else {
        for (const b of batches) this.deps.buffer.add(b);
      }
      this.deps.onChange();
    });
  }

  private takeStreamSlot(s: Source): boolean {
    if (this.streaming.has(s)) return true;
    if (this.streaming.size >= (this.deps.maxStreams ?? 1)) return false;
    this.streaming.add(s);
    return true;
  }

  /** At most two polls at a time, so sources that poll never take every connection. */
  private async pollTurn(signal: AbortSignal): Promise<void> {
    while (this.pollsRunning >= 2 && !signal.aborted) await (this.deps.sleep ?? sleep)(50, signal);
    this.pollsRunning++;
  }

  private setStatus(s: LogTarget & { key: string }, st: Omit<SourceStatus, 'pod' | 'container'>): void {
    const prev = this.statuses.get(s.key);
    if (prev && prev.mode === st.mode && prev.error === st.error) return;
    this.statuses.set(s.key, { pod: s.pod, container: s.container, ...st });
    this.deps.onChange();
  }
}

function nextFrame(fn: () => void): void {
  // Hidden tabs get no frames: a timer keeps lines flowing into the buffer there.
  if (typeof requestAnimationFrame === 'function' && typeof document !== 'undefined' && !document.hidden) requestAnimationFrame(fn);
  else setTimeout(fn, 50);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    function done(): void {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done);
  });
}
