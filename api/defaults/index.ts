// Upstream v1.32 defaulting for every served kind, applied in place to an object the caller owns
// (a decoded request body). prepareForCreate adds the create-time strategy effects that depend on
// the server having assigned metadata.uid; call it after applyDefaults and before validateCreate.
import type { KubeObject } from '../types/meta.js';
import type { ResourceType } from '../resources/registry.js';
import { type Obj, objAt } from './record.js';
import { defaultPodSpec } from './pod-spec.js';
import { defaultReplicationController, defaultReplicaSet, defaultDeployment, defaultDaemonSet, defaultJob, defaultCronJob, generateJobSelector } from './workloads.js';
import { defaultService, defaultSecret, defaultNamespace, defaultNode, defaultEndpoints, defaultEndpointSlice } from './core-kinds.js';

export { applyPodAdmissionDefaults } from './pod-admission.js';
export { imageTag, defaultPullPolicy } from './image-reference.js';

const DEFAULTERS: Record<string, (o: Obj) => void> = {
  '/Pod': (o) => defaultPodSpec(objAt(o, 'spec'), true),
  '/ReplicationController': defaultReplicationController,
  '/Service': defaultService,
  '/Secret': defaultSecret,
  '/Namespace': defaultNamespace,
  '/Node': defaultNode,
  '/Endpoints': defaultEndpoints,
  'apps/ReplicaSet': defaultReplicaSet,
  'apps/Deployment': defaultDeployment,
  'apps/DaemonSet': defaultDaemonSet,
  'batch/Job': defaultJob,
  'batch/CronJob': defaultCronJob,
  'discovery.k8s.io/EndpointSlice': defaultEndpointSlice,
};

/** Mutates `obj` with the defaults upstream applies when decoding a `type` object. */
export function applyDefaults<T extends KubeObject>(obj: T, type: ResourceType): T {
  DEFAULTERS[`${type.group}/${type.kind}`]?.(obj as unknown as Obj);
  return obj;
}

/** Create-time strategy defaults: Job selector and labels, Namespace's "kubernetes" finalizer. */
export function prepareForCreate<T extends KubeObject>(obj: T, type: ResourceType): T {
  const o = obj as unknown as Obj;
  if (type.group === 'batch' && type.kind === 'Job') generateJobSelector(o);
  if (type.group === '' && type.kind === 'Namespace') objAt(o, 'spec').finalizers = ['kubernetes'];
  return obj;
}
