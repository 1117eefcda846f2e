// Query parameters of resource requests, validated once.
import { BadRequestError } from '../../api/errors/status-error.js';
import type { FieldValidation } from '../registry/context.js';

export function dryRunOf(q: URLSearchParams): boolean {
  const values = q.getAll('dryRun');
  if (values.length === 0) return false;
  if (!values.every((v) => v === 'All')) throw new BadRequestError(`dryRun: Unsupported value: ${JSON.stringify(values)}: supported values: "All"`);
  return true;
}

export function fieldValidationOf(q: URLSearchParams): FieldValidation {
  const v = q.get('fieldValidation');
  if (v === null || v === '') return 'Warn';
  if (v === 'Strict' || v === 'Warn' || v === 'Ignore') return v;
  throw new BadRequestError(`fieldValidation: Unsupported value: "${v}": supported values: "Ignore", "Strict", "Warn"`);
}

export function fieldManagerOf(q: URLSearchParams): string | undefined {
  const v = q.get('fieldManager');
  if (v === null || v === '') return undefined;
  if (v.length > 128) throw new BadRequestError('fieldManager: Too long: may not be longer than 128 characters');
  return v;
}

export function boolOf(q: URLSearchParams, name: string): boolean {
  const v = q.get(name);
  if (v === null || v === '' || v === 'false' || v === '0') return false;
  if (v === 'true' || v === '1') return true;
  throw new BadRequestError(`${name}: invalid boolean "${v}"`);
}

export function intOf(q: URLSearchParams, name: string): number | undefined {
  const v = q.get(name);
  if (v === null || v === '') return undefined;
  if (!/^-?\d+$/.test(v)) throw new BadRequestError(`${name}: invalid integer "${v}"`);
  return Number(v);
}

export function resourceVersionOf(q: URLSearchParams): string | undefined {
  const v = q.get('resourceVersion');
  if (v === null || v === '') return undefined;
  if (!/^\d+$/.test(v)) throw new BadRequestError(`resourceVersion: Invalid value: "${v}": must be a decimal revision`);
  return v;
}

export type IncludeObject = 'None' | 'Metadata' | 'Object';

export function includeObjectOf(q: URLSearchParams): IncludeObject {
  const v = q.get('includeObject');
  if (v === null || v === '') return 'Metadata';
  if (v === 'None' || v === 'Metadata' || v === 'Object') return v;
  throw new BadRequestError(`includeObject: Unsupported value: "${v}": supported values: "None", "Metadata", "Object"`);
}
