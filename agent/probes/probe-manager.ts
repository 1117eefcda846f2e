// The prober manager (pkg/kubelet/prober/prober_manager.go): one worker per probe of each running container,
// their settled results for the pod status (ready, started), and a callback when a result changes, so the
// pod worker can kill a container that failed liveness or startup and report readiness.
import type { Probe } from 'kubernetes-types/core/v1.js';
import type { Logger } from '../logger.js';
import { systemClock, type ProbeClock } from './clock.js';
import type { ExecRunner } from './exec-probe.js';
import type { ProbeEvent, ProbeKind, ProbeResult, ProbeTarget } from './types.js';
import { ProbeWorker, type WorkerHost } from './worker.js';

export interface ContainerProbes {
  liveness?: Probe;
  readiness?: Probe;
  startup?: Probe;
}

export interface ProbeManagerDeps {
  runtime: ExecRunner;
  /** A probe's settled result changed (readiness flipped, startup passed, liveness/startup failed: kill). */
  onChange(podUid: string, containerName: string, kind: ProbeKind, result: ProbeResult): void;
  /** A probe run earned a kubelet event (Unhealthy for every failed run, ProbeWarning for a redirect elsewhere). */
  onEvent(podUid: string, containerName: string, event: ProbeEvent): void;
  clock?: ProbeClock;
  log?: Logger;
}

interface Entry {
  containerId: string;
  workers: Partial<Record<ProbeKind, ProbeWorker>>;
}

const KINDS: ProbeKind[] = ['startup', 'liveness', 'readiness'];

export class ProbeManager {
  private readonly pods = new Map<string, Map<string, Entry>>();
  private readonly clock: ProbeClock;
  private readonly startedAt: number;

  constructor(private readonly deps: ProbeManagerDeps) {
    this.clock = deps.clock ?? systemClock;
    this.startedAt = this.clock.now();
  }

  /**
   * Starts probing a running container instance. Call it for every running container, with or without
   * probes: an unknown container is neither started nor ready. Calling it again for the same instance does
   * nothing; for a new instance (a restart) it replaces the old one's workers and results.
   */
  addContainer(podUid: string, containerName: string, containerId: string, probes: ContainerProbes, target: ProbeTarget): void {
    const current = this.pods.get(podUid)?.get(containerName);
    if (current?.containerId === containerId) return;
    if (current) this.stopEntry(current);
    const entry: Entry = { containerId, workers: {} };
    let pod = this.pods.get(podUid);
    if (!pod) this.pods.set(podUid, (pod = new Map()));
    pod.set(containerName, entry);
    for (const kind of KINDS) {
      const probe = probes[kind];
      if (probe) entry.workers[kind] = new ProbeWorker(kind, probe, containerId, target, this.host(podUid, containerName, entry));
    }
    for (const kind of KINDS) entry.workers[kind]?.start();
  }

  /** Stops probing a container (it exited or was removed); with `containerId`, only if that is still the current instance. */
  removeContainer(podUid: string, containerName: string, containerId?: string): void {
    const pod = this.pods.get(podUid);
    const entry = pod?.get(containerName);
    if (!pod || !entry || (containerId !== undefined && entry.containerId !== containerId)) return;
    this.stopEntry(entry);
    pod.delete(containerName);
    if (pod.size === 0) this.pods.delete(podUid);
  }

  removePod(podUid: string): void {
    for (const entry of this.pods.get(podUid)?.values() ?? []) this.stopEntry(entry);
    this.pods.delete(podUid);
  }

  /**
   * The pod is shutting down: liveness and startup stop and read as passed, so the grace period is not cut
   * short by a kill for a failed probe; readiness goes on (StopLivenessAndStartup upstream).
   */
  podTerminating(podUid: string): void {
    for (const [name, entry] of this.pods.get(podUid) ?? []) {
      for (const kind of ['startup', 'liveness'] as const) {
        const w = entry.workers[kind];
        if (!w) continue;
        w.stop();
        if (w.force('success')) this.notify(podUid, name, { kind, success: true, output: '', kill: false });
      }
    }
  }

  /** The container passed its startup probe (or has none). */
  isStarted(podUid: string, containerName: string): boolean {
    const entry = this.pods.get(podUid)?.get(containerName);
    if (!entry) return false;
    return (entry.workers.startup?.state ?? 'success') === 'success';
  }

  /** The container is started and passes its readiness probe (or has none). */
  isReady(podUid: string, containerName: string): boolean {
    const entry = this.pods.get(podUid)?.get(containerName);
    if (!entry || !this.isStarted(podUid, containerName)) return false;
    return (entry.workers.readiness?.state ?? 'success') === 'success';
  }

  /** The liveness probe failed failureThreshold times in a row: the container must be killed. */
  livenessFailed(podUid: string, containerName: string): boolean {
    return this.pods.get(podUid)?.get(containerName)?.workers.liveness?.state === 'failure';
  }

  /** The startup probe failed failureThreshold times in a row: the container must be killed. */
  startupFailed(podUid: string, containerName: string): boolean {
    return this.pods.get(podUid)?.get(containerName)?.workers.startup?.state === 'failure';
  }

  /** Stops every worker (agent shutdown). */
  stop(): void {
    for (const podUid of [...this.pods.keys()]) this.removePod(podUid);
  }

  /** Resolves when no probe run is in progress (tests, orderly shutdown). */
  async idle(): Promise<void> {
    const workers = [...this.pods.values()].flatMap((pod) => [...pod.values()].flatMap((e) => Object.values(e.workers)));
    await Promise.all(workers.map((w) => w.idle()));
  }

  private stopEntry(entry: Entry): void {
    for (const w of Object.values(entry.workers)) w.stop();
  }

  private host(podUid: string, containerName: string, entry: Entry): WorkerHost {
    return {
      runtime: this.deps.runtime,
      clock: this.clock,
      agentStartedAt: this.startedAt,
      started: () => (entry.workers.startup?.state ?? 'success') === 'success',
      changed: (result) => {
        this.notify(podUid, containerName, result);
        // Upstream the startup result syncs the pod, whose status update runs the readiness probe at once.
        if (result.kind === 'startup' && result.success) entry.workers.readiness?.trigger();
      },
      event: (event) => {
        this.deps.log?.debug({ podUid, container: containerName, reason: event.reason, message: event.message }, 'probe event');
        this.call(() => this.deps.onEvent(podUid, containerName, event));
      },
      error: (err) => this.deps.log?.error({ podUid, container: containerName, err }, 'probe worker failed'),
    };
  }

  private notify(podUid: string, containerName: string, result: ProbeResult): void {
    this.deps.log?.info({ podUid, container: containerName, probe: result.kind, success: result.success, kill: result.kill, output: result.output.slice(0, 200) }, 'probe result changed');
    this.call(() => this.deps.onChange(podUid, containerName, result.kind, result));
  }

  private call(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.deps.log?.error({ err }, 'probe callback threw');
    }
  }
}
