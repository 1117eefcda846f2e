// Protobuf field tables for k8s.io/api batch/v1: Job, CronJob.
// Field numbers are upstream's (generated.proto of Kubernetes v1.32); JSON names and the zero-value flags
// follow the Go struct tags. Row format: see ../message-table.ts.
import type { MessageTable } from '../message-table.js';

export const batchV1Messages: MessageTable = {
  Job: [[1, 'metadata', 'ObjectMeta'], [2, 'spec', 'JobSpec'], [3, 'status', 'JobStatus']],
  JobSpec: [[1, 'parallelism', 'int32', 'z'], [2, 'completions', 'int32', 'z'],
    [3, 'activeDeadlineSeconds', 'int64', 'z'], [11, 'podFailurePolicy', 'PodFailurePolicy'],
    [16, 'successPolicy', 'SuccessPolicy'], [7, 'backoffLimit', 'int32', 'z'],
    [12, 'backoffLimitPerIndex', 'int32', 'z'], [13, 'maxFailedIndexes', 'int32', 'z'],
    [4, 'selector', 'LabelSelector'], [5, 'manualSelector', 'bool', 'z'], [6, 'template', 'PodTemplateSpec'],
    [8, 'ttlSecondsAfterFinished', 'int32', 'z'], [9, 'completionMode', 'string', 'z'], [10, 'suspend', 'bool', 'z'],
    [14, 'podReplacementPolicy', 'string', 'z'], [15, 'managedBy', 'string', 'z']],
  PodFailurePolicy: [[1, 'rules', 'PodFailurePolicyRule', 'r']],
  PodFailurePolicyRule: [[1, 'action', 'string', 'z'], [2, 'onExitCodes', 'PodFailurePolicyOnExitCodesRequirement'],
    [3, 'onPodConditions', 'PodFailurePolicyOnPodConditionsPattern', 'r']],
  PodFailurePolicyOnExitCodesRequirement: [[1, 'containerName', 'string', 'z'], [2, 'operator', 'string', 'z'],
    [3, 'values', 'int32', 'r']],
  PodFailurePolicyOnPodConditionsPattern: [[1, 'type', 'string', 'z'], [2, 'status', 'string', 'z']],
  SuccessPolicy: [[1, 'rules', 'SuccessPolicyRule', 'r']],
  SuccessPolicyRule: [[1, 'succeededIndexes', 'string', 'z'], [2, 'succeededCount', 'int32', 'z']],
  JobStatus: [[1, 'conditions', 'JobCondition', 'r'], [2, 'startTime', 'Time'], [3, 'completionTime', 'Time'],
    [4, 'active', 'int32'], [5, 'succeeded', 'int32'], [6, 'failed', 'int32'], [11, 'terminating', 'int32', 'z'],
    [7, 'completedIndexes', 'string'], [10, 'failedIndexes', 'string', 'z'],
    [8, 'uncountedTerminatedPods', 'UncountedTerminatedPods'], [9, 'ready', 'int32', 'z']],
  JobCondition: [[1, 'type', 'string', 'z'], [2, 'status', 'string', 'z'], [3, 'lastProbeTime', 'Time'],
    [4, 'lastTransitionTime', 'Time'], [5, 'reason', 'string'], [6, 'message', 'string']],
  UncountedTerminatedPods: [[1, 'succeeded', 'string', 'r'], [2, 'failed', 'string', 'r']],
  CronJob: [[1, 'metadata', 'ObjectMeta'], [2, 'spec', 'CronJobSpec'], [3, 'status', 'CronJobStatus']],
  CronJobSpec: [[1, 'schedule', 'string', 'z'], [8, 'timeZone', 'string', 'z'],
    [2, 'startingDeadlineSeconds', 'int64', 'z'], [3, 'concurrencyPolicy', 'string'], [4, 'suspend', 'bool', 'z'],
    [5, 'jobTemplate', 'JobTemplateSpec'], [6, 'successfulJobsHistoryLimit', 'int32', 'z'],
    [7, 'failedJobsHistoryLimit', 'int32', 'z']],
  JobTemplateSpec: [[1, 'metadata', 'ObjectMeta'], [2, 'spec', 'JobSpec']],
  CronJobStatus: [[1, 'active', 'ObjectReference', 'r'], [4, 'lastScheduleTime', 'Time'],
    [5, 'lastSuccessfulTime', 'Time']],
};
