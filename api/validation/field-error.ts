// Field paths and StatusCause builders with apimachinery's reasons and message bodies
// (field.Required, Invalid, NotSupported, Duplicate, Forbidden, TooLong, TooMany, NotFound).
import type { StatusCause } from '../types/meta.js';
import { goQuote, renderGoValue } from './go-format.js';

export type Cause = StatusCause & { reason: string; message: string; field: string };

/** "spec" + "containers" → "spec.containers"; field paths are plain strings as upstream prints them. */
export function child(path: string, ...names: string[]): string {
  return names.reduce((p, n) => (p === '' ? n : `${p}.${n}`), path);
}
export function index(path: string, i: number): string {
  return `${path}[${i}]`;
}
export function key(path: string, k: string): string {
  return `${path}[${k}]`;
}

function cause(reason: string, field: string, body: string, detail: string): Cause {
  return { reason, field, message: detail ? `${body}: ${detail}` : body };
}

export function required(field: string, detail = ''): Cause {
  return cause('FieldValueRequired', field, 'Required value', detail);
}

export function invalid(field: string, value: unknown, detail: string): Cause {
  return cause('FieldValueInvalid', field, `Invalid value: ${renderGoValue(value)}`, detail);
}

/** field.Invalid with field.OmitValueType{}: no value in the message. */
export function invalidOmitValue(field: string, detail: string): Cause {
  return cause('FieldValueInvalid', field, 'Invalid value', detail);
}

export function notSupported(field: string, value: unknown, valid: readonly string[]): Cause {
  const detail = valid.length > 0 ? `supported values: ${valid.map(goQuote).join(', ')}` : '';
  return cause('FieldValueNotSupported', field, `Unsupported value: ${renderGoValue(value)}`, detail);
}

export function duplicate(field: string, value: unknown): Cause {
  return cause('FieldValueDuplicate', field, `Duplicate value: ${renderGoValue(value)}`, '');
}

export function forbidden(field: string, detail: string): Cause {
  return cause('FieldValueForbidden', field, 'Forbidden', detail);
}

export function notFound(field: string, value: unknown, detail = ''): Cause {
  return cause('FieldValueNotFound', field, `Not found: ${renderGoValue(value)}`, detail);
}

/** field.TooLong as of Kubernetes 1.32 (the value is never echoed). */
export function tooLong(field: string, maxLength: number): Cause {
  const detail = maxLength >= 0 ? `may not be more than ${maxLength} ${maxLength === 1 ? 'byte' : 'bytes'}` : 'value is too long';
  return cause('FieldValueTooLong', field, 'Too long', detail);
}

export function tooMany(field: string, actual: number, max: number): Cause {
  return cause('FieldValueTooMany', field, `Too many: ${actual}`, `must have at most ${max} items`);
}

export function internalError(field: string, detail: string): Cause {
  return cause('InternalError', field, 'Internal error', detail);
}

/** apimachinery's IsNegativeErrorMsg check (ValidateNonnegativeField). */
export function nonNegative(value: number, field: string): Cause[] {
  return value < 0 ? [invalid(field, value, 'must be greater than or equal to 0')] : [];
}

export const FIELD_IMMUTABLE = 'field is immutable';
