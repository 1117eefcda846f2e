// Test doubles for the prober: a clock whose timers fire only when a test advances it, and a runtime
// whose exec answers from a script.
import type { ProbeClock } from '../../../../agent/probes/clock.js';

interface Timer { at: number; seq: number; fn: () => void; live: boolean }

export class FakeClock implements ProbeClock {
  t = Date.UTC(2025, 0, 1);
  /** What random() returns (the first-run jitter is this fraction of the period). */
  rand = 0;
  private timers: Timer[] = [];
  private seq = 0;

  now(): number {
    return this.t;
  }

  setTimeout(fn: () => void, ms: number): () => void {
    const timer: Timer = { at: this.t + ms, seq: this.seq++, fn, live: true };
    this.timers.push(timer);
    return () => { timer.live = false; };
  }

  random(): number {
    return this.rand;
  }

  /** Moves time forward, firing due timers in order and letting the work each one starts finish. */
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.live && t.at <= end).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) break;
      due.live = false;
      this.t = Math.max(this.t, due.at);
      due.fn();
      await flush();
    }
    this.timers = this.timers.filter((t) => t.live);
    this.t = end;
  }
}

/** Lets promise chains and already-queued I/O callbacks run. */
export async function flush(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r));
}

export type ExecAnswer = { exitCode: number; output: string } | Promise<{ exitCode: number; output: string }>;

export class FakeRuntime {
  readonly calls: { id: string; cmd: string[]; timeoutMs: number }[] = [];
  constructor(public answer: (cmd: string[], id: string) => ExecAnswer) {}

  execSync(id: string, cmd: string[], timeoutMs: number): Promise<{ exitCode: number; output: string }> {
    this.calls.push({ id, cmd, timeoutMs });
    return Promise.resolve(this.answer(cmd, id));
  }

  /** How many times a command starting with `first` ran. */
  count(first: string): number {
    return this.calls.filter((c) => c.cmd[0] === first).length;
  }
}
