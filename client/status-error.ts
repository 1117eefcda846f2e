// A Status body from the server, back into the StatusError the in-process transport would have thrown.
import { StatusError, type StatusReason } from '../api/errors/status-error.js';
import { isObject } from '../api/types/meta.js';

export function statusErrorFrom(code: number, body: string): StatusError {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    parsed = undefined;
  }
  if (isObject(parsed) && parsed.kind === 'Status') {
    const details = isObject(parsed.details) ? parsed.details : {};
    return new StatusError(
      typeof parsed.code === 'number' ? parsed.code : code,
      (typeof parsed.reason === 'string' ? parsed.reason : 'InternalError') as StatusReason,
      typeof parsed.message === 'string' ? parsed.message : `HTTP ${code}`,
      { kind: details.kind as string | undefined, group: details.group as string | undefined, name: details.name as string | undefined, uid: details.uid as string | undefined },
      Array.isArray(details.causes) ? details.causes : [],
    );
  }
  const reason: StatusReason = code === 401 ? 'Unauthorized' : code === 403 ? 'Forbidden' : code === 404 ? 'NotFound' : code === 409 ? 'Conflict' : code >= 500 ? 'InternalError' : 'BadRequest';
  return new StatusError(code, reason, body.trim().slice(0, 500) || `HTTP ${code}`);
}
