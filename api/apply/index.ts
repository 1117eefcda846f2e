// Server-side apply and managedFields (field ownership), modelled on sigs.k8s.io/structured-merge-diff and
// kube-apiserver's fieldmanager. The API server calls:
//   apply(live, applied, manager, force, schema, registry, now)     PATCH application/apply-patch+yaml
//   recordUpdate(old, new, manager, 'Update', apiVersion, schema, registry, now)   every other write
//   fieldManagerName(query.fieldManager, userAgent)                  the manager of a write
// `schema` is the kind's component from the SchemaRegistry (registry.forKind(group, version, kind)).
export { apply, BEFORE_FIRST_APPLY } from './apply.js';
export type { ApplyOptions, ApplyResult } from './apply.js';
export { recordUpdate } from './update.js';
export type { UpdateOptions } from './update.js';
export { MAIN_RESOURCE_IGNORED } from './ownership.js';
export { fieldManagerName } from './field-manager-name.js';
export { fieldSetOf } from './to-field-set.js';
export { compareObjects } from './compare.js';
export type { Comparison } from './compare.js';
export { FieldSet } from './field-set.js';
export { fieldSetFromFieldsV1, fieldSetToFieldsV1 } from './fields-v1.js';
export { formatPath } from './path-element.js';
export type { PathElement, FieldPath } from './path-element.js';
export { decodeManagedFields, encodeManagedFields } from './managed-fields.js';
export type { ManagerEntry } from './managed-fields.js';
export { LAST_APPLIED_ANNOTATION } from './last-applied.js';
