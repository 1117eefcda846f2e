// One probe of one container (pkg/kubelet/prober/worker.go): a timer loop that runs the probe every
// periodSeconds once initialDelaySeconds have passed, and settles a result only after successThreshold
// successes or failureThreshold failures in a row.
import type { Probe } from 'kubernetes-types/core/v1.js';
import type { ProbeClock } from './clock.js';
import { runProbe, type ProberDeps } from './prober.js';
import type { ProbeEvent, ProbeKind, ProbeResult, ProbeTarget } from './types.js';

export type WorkerState = 'success' | 'failure' | 'unknown';

export interface WorkerHost extends ProberDeps {
  clock: ProbeClock;
  /** Whether the container has passed its startup probe (true when it has none). */
  started(): boolean;
  /** When the agent started: right after a start, first runs are spread over a period. */
  agentStartedAt: number;
  changed(result: ProbeResult): void;
  event(event: ProbeEvent): void;
  error(err: unknown): void;
}

/** The probe's fields with upstream's defaults; liveness and startup always settle on one success. */
export function probeSettings(kind: ProbeKind, probe: Probe): { periodMs: number; initialDelayMs: number; successThreshold: number; failureThreshold: number } {
  return {
    periodMs: Math.max(1, probe.periodSeconds ?? 10) * 1000,
    initialDelayMs: Math.max(0, probe.initialDelaySeconds ?? 0) * 1000,
    successThreshold: kind === 'readiness' ? Math.max(1, probe.successThreshold ?? 1) : 1,
    failureThreshold: Math.max(1, probe.failureThreshold ?? 3),
  };
}

export class ProbeWorker {
  /** The settled result: readiness starts failed, liveness succeeded, startup unknown (as upstream). */
  state: WorkerState;
  private readonly settings: ReturnType<typeof probeSettings>;
  private readonly delayEnd: number;
  private lastResult: 'success' | 'failure' | undefined;
  private resultRun = 0;
  /** After a liveness/startup failure: no more probing of this container instance. */
  private onHold = false;
  private stopped = false;
  private cancelTimer: (() => void) | undefined;
  private running: Promise<void> | undefined;
  private pending = false;

  constructor(readonly kind: ProbeKind, private readonly probe: Probe, private readonly containerId: string, private readonly target: ProbeTarget, private readonly host: WorkerHost) {
    this.state = kind === 'readiness' ? 'failure' : kind === 'liveness' ? 'success' : 'unknown';
    this.settings = probeSettings(kind, probe);
    this.delayEnd = (target.startedAt?.getTime() ?? host.clock.now()) + this.settings.initialDelayMs;
  }

  start(): void {
    const { clock } = this.host;
    const now = clock.now();
    const { periodMs } = this.settings;
    // After an agent restart many probes would start at once: spread each over a random part of its period.
    const jitter = periodMs > now - this.host.agentStartedAt ? clock.random() * periodMs : 0;
    this.scheduleAt(Math.max(now + jitter, this.delayEnd));
  }

  stop(): void {
    this.stopped = true;
    this.cancelTimer?.();
    this.cancelTimer = undefined;
  }

  /** Runs the probe now (or right after the run in progress), outside the period. */
  trigger(): void {
    if (this.stopped) return;
    if (this.running) {
      this.pending = true;
      return;
    }
    this.running = this.runOnce().finally(() => {
      this.running = undefined;
      if (this.pending) {
        this.pending = false;
        this.trigger();
      }
    });
  }

  /** Resolves when no run is in progress. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Sets the result without probing (pod termination quiets liveness and startup); true when it changed. */
  force(state: 'success' | 'failure'): boolean {
    const changed = this.state !== state;
    this.state = state;
    return changed;
  }

  private scheduleAt(at: number): void {
    if (this.stopped) return;
    const { clock } = this.host;
    this.cancelTimer = clock.setTimeout(() => {
      // A fixed rate, like Go's ticker: a slow run delays the next one, never shifts the phase.
      let next = at + this.settings.periodMs;
      const now = clock.now();
      while (next <= now) next += this.settings.periodMs;
      this.scheduleAt(next);
      this.trigger();
    }, Math.max(0, at - clock.now()));
  }

  private async runOnce(): Promise<void> {
    if (this.onHold) return;
    if (this.host.clock.now() < this.delayEnd) return;
    // Startup gates the others; once it has passed, the startup probe has nothing left to do.
    if (this.kind === 'startup' ? this.state === 'success' : !this.host.started()) return;
    try {
      const attempt = await runProbe(this.kind, this.probe, this.containerId, this.target, this.host);
      if (this.stopped) return;
      if (attempt.event) this.host.event(attempt.event);
      if (attempt.result === 'error') return;
      this.record(attempt.result, attempt.output);
    } catch (err) {
      this.host.error(err);
    }
  }

  private record(result: 'success' | 'failure', output: string): void {
    if (this.lastResult === result) this.resultRun++;
    else {
      this.lastResult = result;
      this.resultRun = 1;
    }
    const { successThreshold, failureThreshold } = this.settings;
    if ((result === 'failure' && this.resultRun < failureThreshold) || (result === 'success' && this.resultRun < successThreshold)) return;
    const kill = result === 'failure' && this.kind !== 'readiness';
    if (kill) {
      // The container is about to be killed: stop probing it (an exec into a stopping container can hang).
      this.onHold = true;
      this.resultRun = 0;
    }
    if (this.kind === 'startup' && result === 'success') this.stop();
    if (!this.force(result)) return;
    this.host.changed({
      kind: this.kind,
      success: result === 'success',
      output,
      kill,
      ...(kill && this.probe.terminationGracePeriodSeconds !== undefined ? { terminationGracePeriodSeconds: this.probe.terminationGracePeriodSeconds } : {}),
    });
  }
}
