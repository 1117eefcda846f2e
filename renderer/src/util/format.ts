// How numbers, ages and states read in the GUI (ages as kubectl shows them).
import { humanDuration, parseTimestamp } from '@api/printers/duration.js';

export function age(timestamp: string | undefined | null, now: number): string {
  const t = parseTimestamp(timestamp);
  return t === undefined ? '—' : humanDuration(now - t);
}

/** Seconds since a timestamp (for sorting by age: bigger is older). */
export function ageSeconds(timestamp: string | undefined | null, now: number): number {
  const t = parseTimestamp(timestamp);
  return t === undefined ? 0 : (now - t) / 1000;
}

export function cpu(milli: number): string {
  if (milli >= 10_000) return `${(milli / 1000).toFixed(0)} cores`;
  if (milli >= 1000) return `${(milli / 1000).toFixed(2)} cores`;
  return `${Math.round(milli)}m`;
}

export function bytes(n: number): string {
  const units = ['B', 'Ki', 'Mi', 'Gi', 'Ti'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v >= 100 || i === 0 ? v.toFixed(0) : v.toFixed(1)} ${units[i]}`;
}

export type Tone = 'ok' | 'warn' | 'bad' | 'done' | 'muted';

const BAD = /^(Failed|Error|CrashLoopBackOff|ImagePullBackOff|ErrImagePull|Evicted|OOMKilled|NotReady|Unknown|NodeLost|CreateContainerError|CreateContainerConfigError|RunContainerError|InvalidImageName|DeadlineExceeded|BackoffLimitExceeded)|^(Init:|ExitCode:|Signal:)/;

/** The colour family of a pod status or node state as kubectl prints it. */
export function toneOf(status: string): Tone {
  if (status === 'Running' || status === 'Ready' || status === 'Active' || status === 'True') return 'ok';
  if (status === 'Succeeded' || status === 'Completed' || status === 'Complete') return 'done';
  if (status === 'Terminating' || status === 'Suspended' || status === 'Paused' || status === 'SchedulingDisabled') return 'muted';
  if (BAD.test(status)) return 'bad';
  return 'warn';
}
