// Probes and lifecycle hooks: exactly one handler, port numbers or names, thresholds.
import type { Probe, LifecycleHandler, Lifecycle } from 'kubernetes-types/core/v1.js';
import { type Cause, child, invalid, required, forbidden, notSupported, nonNegative } from './field-error.js';
import { isValidPortNum, isValidPortName, isHTTPHeaderName } from './names.js';

/** ValidatePortNumOrName: an int must be 1-65535, a string must be an IANA_SVC_NAME. */
export function validatePortNumOrName(port: unknown, field: string): Cause[] {
  if (typeof port === 'number') return isValidPortNum(port).map((m) => invalid(field, port, m));
  if (typeof port === 'string') return isValidPortName(port).map((m) => invalid(field, port, m));
  return isValidPortNum(0).map((m) => invalid(field, 0, m));
}

type Handler = Pick<LifecycleHandler, 'exec' | 'httpGet' | 'tcpSocket' | 'sleep'> & { grpc?: Probe['grpc'] };

function validateHandler(h: Handler, gracePeriod: number | undefined, field: string): Cause[] {
  const errs: Cause[] = [];
  let n = 0;
  const more = (name: string): boolean => {
    if (n > 0) { errs.push(forbidden(child(field, name), 'may not specify more than 1 handler type')); return false; }
    n++;
    return true;
  };
  if (h.exec && more('exec') && (h.exec.command ?? []).length === 0) errs.push(required(child(field, 'exec', 'command')));
  if (h.httpGet && more('httpGet')) {
    const p = child(field, 'httpGet');
    if (!h.httpGet.path) errs.push(required(child(p, 'path')));
    errs.push(...validatePortNumOrName(h.httpGet.port, child(p, 'port')));
    const scheme = h.httpGet.scheme ?? '';
    if (scheme !== 'HTTP' && scheme !== 'HTTPS') errs.push(notSupported(child(p, 'scheme'), scheme, ['HTTP', 'HTTPS']));
    for (const header of h.httpGet.httpHeaders ?? []) {
      errs.push(...isHTTPHeaderName(header.name).map((m) => invalid(child(p, 'httpHeaders'), header.name, m)));
    }
  }
  if (h.tcpSocket && more('tcpSocket')) errs.push(...validatePortNumOrName(h.tcpSocket.port, child(field, 'tcpSocket', 'port')));
  if (h.grpc && more('grpc')) errs.push(...validatePortNumOrName(h.grpc.port, child(field, 'grpc', 'port')));
  if (h.sleep && more('sleep')) {
    const s = h.sleep.seconds;
    if (gracePeriod !== undefined && (s <= 0 || s > gracePeriod)) {
      errs.push(invalid(child(field, 'sleep'), s,
        `must be greater than 0 and less than terminationGracePeriodSeconds (${gracePeriod}). Enable AllowPodLifecycleSleepActionZeroValue feature gate for zero sleep.`));
    }
  }
  if (n === 0) errs.push(required(field, 'must specify a handler type'));
  return errs;
}

function validateProbe(probe: Probe, gracePeriod: number | undefined, field: string): Cause[] {
  const errs = validateHandler(probe, gracePeriod, field);
  for (const f of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold'] as const) {
    errs.push(...nonNegative(probe[f] ?? 0, child(field, f)));
  }
  const tgps = probe.terminationGracePeriodSeconds;
  if (tgps !== undefined && tgps !== null && tgps <= 0) errs.push(invalid(child(field, 'terminationGracePeriodSeconds'), tgps, 'must be greater than 0'));
  return errs;
}

export type ProbeKind = 'livenessProbe' | 'readinessProbe' | 'startupProbe';

export function validateProbeOfKind(kind: ProbeKind, probe: Probe | undefined, gracePeriod: number | undefined, field: string): Cause[] {
  if (!probe) return [];
  const errs = validateProbe(probe, gracePeriod, field);
  if (kind !== 'readinessProbe' && (probe.successThreshold ?? 0) !== 1) {
    errs.push(invalid(child(field, 'successThreshold'), probe.successThreshold ?? 0, 'must be 1'));
  }
  if (kind === 'readinessProbe' && probe.terminationGracePeriodSeconds !== undefined && probe.terminationGracePeriodSeconds !== null) {
    errs.push(invalid(child(field, 'terminationGracePeriodSeconds'), probe.terminationGracePeriodSeconds, 'must not be set for readinessProbes'));
  }
  return errs;
}

export function validateLifecycle(lc: Lifecycle, gracePeriod: number | undefined, field: string): Cause[] {
  const errs: Cause[] = [];
  if (lc.postStart) errs.push(...validateHandler(lc.postStart, gracePeriod, child(field, 'postStart')));
  if (lc.preStop) errs.push(...validateHandler(lc.preStop, gracePeriod, child(field, 'preStop')));
  return errs;
}
