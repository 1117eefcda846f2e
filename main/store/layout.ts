// How the store lays data out in LevelDB. Objects live under their registry keys; beside them, in the
// same atomic batch as each change, the global revision and a change log entry keyed by revision.
import type { KubeObject } from '../../api/types/meta.js';
import type { ChangeType } from './events.js';

export const REGISTRY_RANGE = { gte: '/registry/', lt: '/registry0' } as const;
export const LOG_PREFIX = '~log/';
export const LOG_RANGE = { gte: '~log/', lt: '~log0' } as const;
export const REVISION_KEY = '~meta/revision';

/** Zero-padded so LevelDB's byte order is revision order. */
export function logKey(revision: number): string {
  return LOG_PREFIX + String(revision).padStart(16, '0');
}

/** One change-log record: t=type, k=registry key, o=object after, p=object before. */
export interface LogRecord {
  t: 'A' | 'M' | 'D';
  k: string;
  o: KubeObject;
  p?: KubeObject;
}

export const TYPE_CODE: Record<ChangeType, LogRecord['t']> = { ADDED: 'A', MODIFIED: 'M', DELETED: 'D' };
export const CODE_TYPE: Record<LogRecord['t'], ChangeType> = { A: 'ADDED', M: 'MODIFIED', D: 'DELETED' };
