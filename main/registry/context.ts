// Who is asking and how: what every registry operation needs beyond its arguments.

export interface UserInfo {
  name: string;
  groups: string[];
}

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export interface WriteContext {
  user: UserInfo;
  /** dryRun=All: run every step, persist nothing. */
  dryRun: boolean;
  /** fieldManager, or a name derived from the User-Agent. */
  fieldManager: string;
  fieldValidation: FieldValidation;
  /** Warnings for the client (sent as `Warning: 299 - "..."` headers). */
  warnings: string[];
}

export const SYSTEM_USER: UserInfo = { name: 'system:skiff-control-plane', groups: ['system:masters'] };

/** A context for the control plane's own writes (controllers, bootstrap). */
export function systemContext(fieldManager: string): WriteContext {
  return { user: SYSTEM_USER, dryRun: false, fieldManager, fieldValidation: 'Ignore', warnings: [] };
}

/**
 * The manager name Kubernetes derives from a User-Agent when a request names none:
 * "kubectl/v1.32.4 (linux/amd64) kubernetes/abc" → "kubectl".
 */
export function managerFromUserAgent(userAgent: string | undefined): string {
  const ua = (userAgent ?? '').trim();
  if (ua === '') return 'unknown';
  const first = ua.split('/')[0].split(' ')[0];
  return first.slice(0, 128) || 'unknown';
}
