// Every error that reaches a client is one of these, turned into a metav1.Status by toStatus().
import type { Status, StatusCause } from '../types/meta.js';

export type StatusReason =
  | 'BadRequest' | 'Unauthorized' | 'Forbidden' | 'NotFound' | 'AlreadyExists' | 'Conflict' | 'Gone' | 'Expired'
  | 'Invalid' | 'MethodNotAllowed' | 'NotAcceptable' | 'UnsupportedMediaType' | 'RequestEntityTooLarge'
  | 'TooManyRequests' | 'InternalError' | 'ServiceUnavailable' | 'Timeout';

export interface StatusTarget {
  /** Resource name as the API spells it, e.g. "pods" or "deployments.apps" (used in messages). */
  kind?: string;
  group?: string;
  name?: string;
  uid?: string;
}

export class StatusError extends Error {
  constructor(
    readonly code: number,
    readonly reason: StatusReason,
    message: string,
    readonly target: StatusTarget = {},
    readonly causes: StatusCause[] = [],
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** `<resource>[.<group>]` the way Kubernetes names a resource in messages ("deployments.apps"). */
export function qualifiedResource(resource: string, group: string): string {
  return group === '' ? resource : `${resource}.${group}`;
}

export class BadRequestError extends StatusError {
  constructor(message: string, causes: StatusCause[] = []) { super(400, 'BadRequest', message, {}, causes); }
}
export class UnauthorizedError extends StatusError {
  constructor(message = 'Unauthorized') { super(401, 'Unauthorized', message); }
}
export class ForbiddenError extends StatusError {
  constructor(message: string, target: StatusTarget = {}) { super(403, 'Forbidden', message, target); }
}
export class NotFoundError extends StatusError {
  constructor(resource: string, group: string, name: string) {
    super(404, 'NotFound', `${qualifiedResource(resource, group)} "${name}" not found`, { kind: resource, group, name });
  }
}
/** 404 for a path that names no resource at all. */
export class NoRouteError extends StatusError {
  constructor(message = 'the server could not find the requested resource') { super(404, 'NotFound', message); }
}
export class AlreadyExistsError extends StatusError {
  constructor(resource: string, group: string, name: string) {
    super(409, 'AlreadyExists', `${qualifiedResource(resource, group)} "${name}" already exists`, { kind: resource, group, name });
  }
}
export class ConflictError extends StatusError {
  constructor(resource: string, group: string, name: string, why: string, causes: StatusCause[] = []) {
    super(409, 'Conflict', `Operation cannot be fulfilled on ${qualifiedResource(resource, group)} "${name}": ${why}`, { kind: resource, group, name }, causes);
  }
}
/** A 409 whose message is given whole (server-side apply conflicts). */
export class ApplyConflictError extends StatusError {
  constructor(message: string, target: StatusTarget, causes: StatusCause[]) { super(409, 'Conflict', message, target, causes); }
}
export class GoneError extends StatusError {
  constructor(message: string) { super(410, 'Expired', message); }
}
export class InvalidError extends StatusError {
  constructor(kind: string, group: string, name: string, causes: StatusCause[]) {
    super(422, 'Invalid', invalidMessage(group === '' ? kind : `${kind}.${group}`, name, causes), { kind, group, name }, causes);
  }
}
export class MethodNotAllowedError extends StatusError {
  constructor(message: string) { super(405, 'MethodNotAllowed', message); }
}
export class NotAcceptableError extends StatusError {
  constructor(message: string) { super(406, 'NotAcceptable', message); }
}
export class UnsupportedMediaTypeError extends StatusError {
  constructor(contentType: string) { super(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf (got "${contentType}")`); }
}
export class RequestEntityTooLargeError extends StatusError {
  constructor(limit: number) { super(413, 'RequestEntityTooLarge', `Request entity too large: limit is ${limit}`); }
}
export class TooManyRequestsError extends StatusError {
  constructor(message: string, retryAfterSeconds = 1) { super(429, 'TooManyRequests', message, {}, [], retryAfterSeconds); }
}
export class InternalError extends StatusError {
  constructor(message: string) { super(500, 'InternalError', `Internal error occurred: ${message}`); }
}
export class ServiceUnavailableError extends StatusError {
  constructor(message: string) { super(503, 'ServiceUnavailable', message); }
}

/** The message Kubernetes builds for 422s: `Kind "name" is invalid: field: Invalid value: ...` */
function invalidMessage(kind: string, name: string, causes: StatusCause[]): string {
  const parts = causes.map((c) => (c.field ? `${c.field}: ${c.message ?? ''}` : c.message ?? ''));
  const list = parts.length === 1 ? parts[0] : `[${parts.join(', ')}]`;
  return `${kind} "${name}" is invalid: ${list}`;
}

/** The one place an error becomes a metav1.Status. Unknown errors become 500s without leaking internals. */
export function toStatus(err: unknown): Status {
  const e = err instanceof StatusError ? err : new InternalError(err instanceof Error ? err.message : String(err));
  const details: Status['details'] = {};
  if (e.target.name !== undefined) details.name = e.target.name;
  if (e.target.group !== undefined) details.group = e.target.group;
  if (e.target.kind !== undefined) details.kind = e.target.kind;
  if (e.target.uid !== undefined) details.uid = e.target.uid;
  if (e.causes.length > 0) details.causes = e.causes;
  if (e.retryAfterSeconds !== undefined) details.retryAfterSeconds = e.retryAfterSeconds;
  const status: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: e.message, reason: e.reason, code: e.code };
  if (Object.keys(details).length > 0) status.details = details;
  return status;
}

export function successStatus(details?: Status['details']): Status {
  const s: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success' };
  if (details) s.details = details;
  return s;
}
