// The vocabulary of the prober (pkg/probe and pkg/kubelet/prober/results upstream).
import type { ContainerPort, EnvVar } from 'kubernetes-types/core/v1.js';

export type ProbeKind = 'liveness' | 'readiness' | 'startup';

/** What one handler run found. `warning` counts as success (an HTTP redirect the prober did not follow). */
export type HandlerOutcome = 'success' | 'warning' | 'failure' | 'unknown';

export interface HandlerResult {
  outcome: HandlerOutcome;
  /** The handler's output: command output, response body, or what went wrong (the event message's tail). */
  output: string;
}

/**
 * A handler could not run at all (bad port name, no pod IP, the engine refused the exec). Upstream calls
 * these probe errors: they are retried, reported as an event, and never count towards a threshold.
 */
export class ProbeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProbeError';
  }
}

/** Where and how to reach the container being probed. */
export interface ProbeTarget {
  /** The pod's IP when probing (it may be assigned after the container starts); the host's IP for hostNetwork pods. */
  podIP: () => string | undefined;
  /** The container's ports, for named ports in httpGet/tcpSocket. */
  ports?: ContainerPort[];
  /** The container's env, for $(VAR) in exec commands (literal values only, as upstream). */
  env?: EnvVar[];
  /** When the container started (initialDelaySeconds counts from here); defaults to when it was added. */
  startedAt?: Date;
}

/** A probe's settled result (after its thresholds), as reported to onChange. */
export interface ProbeResult {
  kind: ProbeKind;
  success: boolean;
  /** The output of the run that settled it (for a failure: why, as in the Unhealthy event). */
  output: string;
  /** Liveness/startup failure: the container must be killed (and restarted per restartPolicy). */
  kill: boolean;
  /** The probe's own terminationGracePeriodSeconds, which overrides the pod's when killing for it. */
  terminationGracePeriodSeconds?: number;
}

/** A kubelet event about a probe run: every failed run is one (the event recorder aggregates repeats). */
export interface ProbeEvent {
  type: 'Warning';
  reason: 'Unhealthy' | 'ProbeWarning';
  message: string;
}

export const KIND_TITLE: Record<ProbeKind, string> = { liveness: 'Liveness', readiness: 'Readiness', startup: 'Startup' };

/** The User-Agent of kubelet 1.32's probes. */
export const PROBE_USER_AGENT = 'kube-probe/1.32';

/** Upstream reads at most 10 KiB of a command's output or a response body. */
export const MAX_OUTPUT_BYTES = 10 * 1024;

/**
 * The Killing event's message when a probe failure ends a container (kuberuntime_manager computePodActions):
 * `Container web failed liveness probe, will be restarted`.
 */
export function probeKillMessage(containerName: string, kind: 'liveness' | 'startup', willRestart: boolean): string {
  return `Container ${containerName} failed ${kind} probe${willRestart ? ', will be restarted' : ''}`;
}
