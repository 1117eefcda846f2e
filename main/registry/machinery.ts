// The API machinery the registry applies to every write: defaults, validation, patches, server-side
// apply and managed-field bookkeeping. One adapter, so the registry reads as the pipeline it is.
import type { StatusCause } from '../../api/types/meta.js';
import { InvalidError } from '../../api/errors/status-error.js';
import type { ResourceType } from '../../api/resources/registry.js';
import { apiVersionOfType } from '../../api/resources/registry.js';
import type { JSONSchema, SchemaRegistry } from '../../api/schema/types.js';
import type { KubeObject } from '../../api/types/meta.js';
import { applyDefaults, applyPodAdmissionDefaults, prepareForCreate } from '../../api/defaults/index.js';
import { validateCreate, validateUpdate } from '../../api/validation/index.js';
import { applyJsonPatch, applyMergePatch, applyStrategicMergePatch } from '../../api/patch/index.js';
import { apply as serverSideApply, recordUpdate as recordManagedUpdate } from '../../api/apply/index.js';
import type { Subresource } from './resource-registry.js';

/** Managed-field ownership of a status write covers status only. */
function ignoredFor(obj: KubeObject, sub: Subresource): readonly (readonly string[])[] | undefined {
  if (sub !== 'status') return undefined;
  return Object.keys(obj).filter((k) => k !== 'status' && k !== 'apiVersion' && k !== 'kind').map((k) => [k]);
}

export const machinery = {
  applyDefaults(obj: KubeObject, rt: ResourceType): void {
    applyDefaults(obj, rt);
  },
  /** Create-time defaults that need the uid (Job selectors), and admission defaults of pods. */
  prepareForCreate(obj: KubeObject, rt: ResourceType): void {
    prepareForCreate(obj, rt);
    if (rt.group === '' && rt.resource === 'pods') applyPodAdmissionDefaults(obj);
  },
  validateCreate(obj: KubeObject, rt: ResourceType): StatusCause[] {
    return validateCreate(obj, rt);
  },
  validateUpdate(obj: KubeObject, old: KubeObject, rt: ResourceType): StatusCause[] {
    return validateUpdate(obj, old, rt);
  },
  invalidError(kind: string, group: string, name: string, causes: StatusCause[]): InvalidError {
    return new InvalidError(kind, group, name, causes);
  },
  /** Sets obj.metadata.managedFields for a create/update/patch by `manager` (not for apply). */
  recordUpdate(old: KubeObject | undefined, obj: KubeObject, manager: string, rt: ResourceType, schemas: SchemaRegistry, now: Date, sub: Subresource = undefined): void {
    const result = recordManagedUpdate(old, obj, manager, 'Update', apiVersionOfType(rt), schemas.get(rt.schema), schemas, now, {
      subresource: sub === 'status' ? 'status' : undefined,
      ignoredFields: ignoredFor(obj, sub),
    });
    if (result.metadata.managedFields === undefined) delete obj.metadata.managedFields;
    else obj.metadata.managedFields = result.metadata.managedFields;
  },
  /** Server-side apply of `applied` onto `live` (or a new object); throws ApplyConflictError. */
  apply(live: KubeObject | undefined, applied: unknown, manager: string, force: boolean, rt: ResourceType, schema: JSONSchema, schemas: SchemaRegistry, now: Date, sub: Subresource = undefined): KubeObject {
    const ignoredFields = sub === 'status' && live ? ignoredFor(live, sub) : undefined;
    return serverSideApply(live, applied, manager, force, schema, schemas, now, { subresource: sub === 'status' ? 'status' : undefined, ignoredFields }).object;
  },
  applyJsonPatch(obj: unknown, ops: unknown): unknown {
    return applyJsonPatch(obj, ops);
  },
  applyMergePatch(obj: Record<string, unknown>, patch: unknown): unknown {
    return applyMergePatch(obj, patch);
  },
  applyStrategicMergePatch(obj: Record<string, unknown>, patch: Record<string, unknown>, schema: JSONSchema, schemas: SchemaRegistry): unknown {
    return applyStrategicMergePatch(obj, patch, schema, schemas);
  },
};
