// Filesystem-path checks used by volumes and mounts (validateLocalDescendingPath and friends).
import { type Cause, invalid } from './field-error.js';

export function validatePathNoBacksteps(target: string, field: string): Cause[] {
  return target.replace(/\\/g, '/').split('/').includes('..') ? [invalid(field, target, "must not contain '..'")] : [];
}

export function validateLocalDescendingPath(target: string, field: string): Cause[] {
  const errs: Cause[] = [];
  if (target.startsWith('/')) errs.push(invalid(field, target, 'must be a relative path'));
  return [...errs, ...validatePathNoBacksteps(target, field)];
}

export function validateLocalNonReservedPath(target: string, field: string): Cause[] {
  const errs = validateLocalDescendingPath(target, field);
  if (target.startsWith('..') && !target.startsWith('../')) errs.push(invalid(field, target, "must not start with '..'"));
  return errs;
}
