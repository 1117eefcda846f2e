// The Deployment and ReplicaSet shapes the deployment controller reads, and the names it shares with upstream
// (pkg/controller/deployment/util/deployment_util.go).
import type { DeploymentCondition, DeploymentSpec, DeploymentStatus, ReplicaSetCondition, ReplicaSetSpec, ReplicaSetStatus } from 'kubernetes-types/apps/v1.js';
import type { KubeObject } from '../../../api/types/meta.js';

export type DeploymentObject = KubeObject & { spec: DeploymentSpec; status?: DeploymentStatus };
export type ReplicaSetObject = KubeObject & { spec: ReplicaSetSpec; status?: ReplicaSetStatus };
export type { DeploymentCondition, DeploymentSpec, DeploymentStatus, ReplicaSetCondition };

export const asDeployment = (obj: KubeObject): DeploymentObject => obj as DeploymentObject;
export const asReplicaSet = (obj: KubeObject): ReplicaSetObject => obj as ReplicaSetObject;

export const COMPONENT = 'deployment-controller';

/** Label on a Deployment's ReplicaSets and pods telling the pod templates apart. */
export const POD_TEMPLATE_HASH = 'pod-template-hash';
export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY_ANNOTATION = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/max-replicas';
export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';
export const DEPRECATED_ROLLBACK_TO = 'deprecated.deployment.rollback.to';

/** Condition reasons (deployment_util.go). */
export const Reason = {
  NewReplicaSetCreated: 'NewReplicaSetCreated',
  FoundNewReplicaSet: 'FoundNewReplicaSet',
  ReplicaSetUpdated: 'ReplicaSetUpdated',
  NewReplicaSetAvailable: 'NewReplicaSetAvailable',
  ProgressDeadlineExceeded: 'ProgressDeadlineExceeded',
  ReplicaSetCreateError: 'ReplicaSetCreateError',
  DeploymentPaused: 'DeploymentPaused',
  DeploymentResumed: 'DeploymentResumed',
  MinimumReplicasAvailable: 'MinimumReplicasAvailable',
  MinimumReplicasUnavailable: 'MinimumReplicasUnavailable',
} as const;

/** A Go *int32 that the API defaults: spec.replicas of a Deployment or ReplicaSet. */
export const replicasOf = (obj: { spec?: { replicas?: number } }): number => obj.spec?.replicas ?? 1;

/** Longest revision-history annotation kept (upstream's maxRevHistoryLengthInChars). */
export const MAX_REVISION_HISTORY_CHARS = 2000;

export function isRollingUpdate(d: DeploymentObject): boolean {
  return (d.spec.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
}

export function isRecreate(d: DeploymentObject): boolean {
  return d.spec.strategy?.type === 'Recreate';
}
