// Protobuf field tables for k8s.io/apimachinery meta/v1 (ObjectMeta, LabelSelector, DeleteOptions, ...).
// Field numbers are upstream's (generated.proto of Kubernetes v1.32); JSON names and the zero-value flags
// follow the Go struct tags. Row format: see ../message-table.ts.
import type { MessageTable } from '../message-table.js';

export const metaV1Messages: MessageTable = {
  ObjectMeta: [[1, 'name', 'string'], [2, 'generateName', 'string'], [3, 'namespace', 'string'],
    [4, 'selfLink', 'string'], [5, 'uid', 'string'], [6, 'resourceVersion', 'string'], [7, 'generation', 'int64'],
    [8, 'creationTimestamp', 'Time'], [9, 'deletionTimestamp', 'Time'],
    [10, 'deletionGracePeriodSeconds', 'int64', 'z'], [11, 'labels', 'map:string'],
    [12, 'annotations', 'map:string'], [13, 'ownerReferences', 'OwnerReference', 'r'],
    [14, 'finalizers', 'string', 'r'], [17, 'managedFields', 'ManagedFieldsEntry', 'r']],
  OwnerReference: [[5, 'apiVersion', 'string', 'z'], [1, 'kind', 'string', 'z'], [3, 'name', 'string', 'z'],
    [4, 'uid', 'string', 'z'], [6, 'controller', 'bool', 'z'], [7, 'blockOwnerDeletion', 'bool', 'z']],
  ManagedFieldsEntry: [[1, 'manager', 'string'], [2, 'operation', 'string'], [3, 'apiVersion', 'string'],
    [4, 'time', 'Time'], [6, 'fieldsType', 'string'], [7, 'fieldsV1', 'FieldsV1'], [8, 'subresource', 'string']],
  Condition: [[1, 'type', 'string', 'z'], [2, 'status', 'string', 'z'], [3, 'observedGeneration', 'int64'],
    [4, 'lastTransitionTime', 'Time'], [5, 'reason', 'string', 'z'], [6, 'message', 'string', 'z']],
  LabelSelector: [[1, 'matchLabels', 'map:string'], [2, 'matchExpressions', 'LabelSelectorRequirement', 'r']],
  LabelSelectorRequirement: [[1, 'key', 'string', 'z'], [2, 'operator', 'string', 'z'], [3, 'values', 'string', 'r']],
  DeleteOptions: [[1, 'gracePeriodSeconds', 'int64', 'z'], [2, 'preconditions', 'Preconditions'],
    [3, 'orphanDependents', 'bool', 'z'], [4, 'propagationPolicy', 'string', 'z'], [5, 'dryRun', 'string', 'r'],
    [6, 'ignoreStoreReadErrorWithClusterBreakingPotential', 'bool', 'z']],
  Preconditions: [[1, 'uid', 'string', 'z'], [2, 'resourceVersion', 'string', 'z']],
};
