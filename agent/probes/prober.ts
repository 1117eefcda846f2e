// One probe attempt (pkg/kubelet/prober/prober.go): picks the handler, retries probe errors (not failures)
// up to three times, and says which kubelet event the attempt earns.
import type { Probe } from 'kubernetes-types/core/v1.js';
import { resolveHost, resolvePort } from './address.js';
import type { ProbeClock } from './clock.js';
import { execProbe, type ExecRunner } from './exec-probe.js';
import { grpcProbe } from './grpc-probe.js';
import { httpProbe } from './http-probe.js';
import { tcpProbe } from './tcp-probe.js';
import { KIND_TITLE, ProbeError, type HandlerResult, type ProbeEvent, type ProbeKind, type ProbeTarget } from './types.js';

const MAX_PROBE_RETRIES = 3;

export interface ProberDeps {
  runtime: ExecRunner;
  clock: ProbeClock;
}

export interface ProbeAttempt {
  /** `error`: the probe could not run; the worker throws the attempt away (it counts for no threshold). */
  result: 'success' | 'failure' | 'error';
  output: string;
  event?: ProbeEvent;
}

export async function runProbe(kind: ProbeKind, probe: Probe, containerId: string, target: ProbeTarget, deps: ProberDeps): Promise<ProbeAttempt> {
  const title = KIND_TITLE[kind];
  let error = '';
  for (let i = 0; i < MAX_PROBE_RETRIES; i++) {
    let r: HandlerResult;
    try {
      r = await runHandler(probe, containerId, target, deps);
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
      continue;
    }
    switch (r.outcome) {
      case 'success':
        return { result: 'success', output: r.output };
      case 'warning':
        return { result: 'success', output: r.output, event: { type: 'Warning', reason: 'ProbeWarning', message: `${title} probe warning: ${r.output}` } };
      case 'failure':
        return { result: 'failure', output: r.output, event: { type: 'Warning', reason: 'Unhealthy', message: `${title} probe failed: ${r.output}` } };
      default:
        return { result: 'failure', output: r.output };
    }
  }
  return { result: 'error', output: error, event: { type: 'Warning', reason: 'Unhealthy', message: `${title} probe errored and resulted in unknown state: ${error}` } };
}

function runHandler(probe: Probe, containerId: string, target: ProbeTarget, deps: ProberDeps): Promise<HandlerResult> {
  const timeoutMs = Math.max(1, probe.timeoutSeconds ?? 1) * 1000;
  if (probe.exec) return execProbe(deps.runtime, containerId, probe.exec.command, target.env, timeoutMs, deps.clock);
  if (probe.httpGet) return httpProbe(probe.httpGet, target, timeoutMs, deps.clock);
  if (probe.tcpSocket) {
    const port = resolvePort(probe.tcpSocket.port, target.ports);
    return tcpProbe(resolveHost(probe.tcpSocket.host, target), port, timeoutMs, deps.clock);
  }
  if (probe.grpc) return grpcProbe(resolveHost(undefined, target), resolvePort(probe.grpc.port, undefined), probe.grpc.service ?? '', timeoutMs, deps.clock);
  throw new ProbeError('missing probe handler: one of exec, httpGet, tcpSocket or grpc is required');
}
