// The PATCH bodies Kubernetes clients send, applied to a stored object. Every function returns a new value
// and leaves its inputs alone; malformed patches throw BadRequestError, operations that do not apply throw
// the 422 StatusError kube-apiserver answers with.
//
//   application/json-patch+json            applyJsonPatch(obj, ops)
//   application/merge-patch+json           applyMergePatch(obj, patch)
//   application/strategic-merge-patch+json applyStrategicMergePatch(obj, patch, schema, registry)
//   application/apply-patch+yaml           see api/apply (server-side apply)
export { applyJsonPatch, parseJsonPatch, JsonPatchFailedError, MAX_JSON_PATCH_OPERATIONS, PATCH_NOT_APPLIED_MESSAGE } from './json-patch.js';
export type { JsonPatchOperation, JsonPatchOp } from './json-patch.js';
export { applyMergePatch, mergePatch } from './merge-patch.js';
export { applyStrategicMergePatch } from './strategic-merge.js';
