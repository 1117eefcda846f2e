// The 409 a server-side apply answers when it would change fields other managers own, worded as
// kube-apiserver's fieldmanager does (kubectl prints the message and adds its own advice).
import { ApplyConflictError } from '../errors/status-error.js';
import type { StatusCause } from '../types/meta.js';
import { describeManager, type ManagerEntry } from './managed-fields.js';
import { formatPath, type FieldPath } from './path-element.js';

export interface Conflict {
  manager: ManagerEntry;
  path: FieldPath;
}

const byManager = (a: ManagerEntry, b: ManagerEntry): number => {
  const ka = [a.manager, a.operation, a.apiVersion, a.subresource ?? ''].join('\0');
  const kb = [b.manager, b.operation, b.apiVersion, b.subresource ?? ''].join('\0');
  return ka < kb ? -1 : ka > kb ? 1 : 0;
};

/** `conflicts` grouped per manager, managers sorted, each manager's paths in field-set order. */
export function applyConflictError(conflicts: readonly Conflict[]): ApplyConflictError {
  const managers = [...new Set(conflicts.map((c) => c.manager))].sort(byManager);
  const ordered = managers.flatMap((m) => conflicts.filter((c) => c.manager === m));
  const causes: StatusCause[] = ordered.map((c) => ({
    reason: 'FieldManagerConflict',
    message: `conflict with ${describeManager(c.manager)}`,
    field: formatPath(c.path),
  }));
  let message: string;
  if (ordered.length === 1) {
    message = `Apply failed with 1 conflict: conflict with ${describeManager(ordered[0].manager)}: ${formatPath(ordered[0].path)}`;
  } else {
    const lines = managers.flatMap((m) => [
      `conflicts with ${describeManager(m)}:`,
      ...ordered.filter((c) => c.manager === m).map((c) => `- ${formatPath(c.path)}`),
    ]);
    message = `Apply failed with ${ordered.length} conflicts: ${lines.join('\n')}`;
  }
  return new ApplyConflictError(message, {}, causes);
}
