// Create and update validation for every served kind, returning metav1.StatusCauses with upstream's
// reasons, messages and field paths. Call after defaulting (api/defaults) and after the server has set
// uid/name; assertValid turns causes into the 422 Invalid error kubectl prints.
import type { KubeObject, StatusCause } from '../types/meta.js';
import type { ResourceType } from '../resources/registry.js';
import { InvalidError } from '../errors/status-error.js';
import type { Pod, ReplicationController, Service, Endpoints, Secret, ConfigMap, Namespace, Node, ServiceAccount, Event } from 'kubernetes-types/core/v1.js';
import type { ReplicaSet, Deployment, DaemonSet, ControllerRevision } from 'kubernetes-types/apps/v1.js';
import type { Job, CronJob } from 'kubernetes-types/batch/v1.js';
import type { Lease } from 'kubernetes-types/coordination/v1.js';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import type { Cause } from './field-error.js';
import { validatePodCreate, validatePodUpdate } from './pod.js';
import { validateReplicationController, validateReplicaSet, validateDeployment, validateDaemonSet, validateControllerRevision } from './workloads.js';
import { validateJob, validateCronJob } from './batch.js';
import { validateService, validateServiceUpdate } from './service.js';
import { validateEndpoints, validateEndpointSlice } from './endpoints.js';
import { validateSecret, validateConfigMap, validateNamespace, validateNode, validateServiceAccount, validateEvent, validateLease } from './core-kinds.js';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.js';
import { nameIsDNSSubdomain } from './names.js';

export { parseCronSchedule, CronParseError, type CronSchedule } from './cron-schedule.js';
export type { Cause } from './field-error.js';
export {
  isDNS1123Label, isDNS1123Subdomain, isDNS1035Label, isQualifiedName, isValidLabelValue, isConfigMapKey,
  isValidPortNum, isValidPortName, isCIdentifier, isEnvVarName, isRelaxedEnvVarName,
} from './names.js';

type Validator = (obj: KubeObject, old?: KubeObject) => Cause[];
const as = <T>(fn: (o: T, old?: T) => Cause[]): Validator => (o, old) => fn(o as unknown as T, old as unknown as T | undefined);

const VALIDATORS: Record<string, Validator> = {
  '/Pod': (o, old) => (old ? validatePodUpdate(o as unknown as Pod, old as unknown as Pod) : validatePodCreate(o as unknown as Pod)),
  '/ReplicationController': as<ReplicationController>(validateReplicationController),
  '/Service': (o, old) => (old ? validateServiceUpdate(o as unknown as Service, old as unknown as Service) : validateService(o as unknown as Service)),
  '/Endpoints': as<Endpoints>(validateEndpoints),
  '/Secret': as<Secret>(validateSecret),
  '/ConfigMap': as<ConfigMap>(validateConfigMap),
  '/Namespace': as<Namespace>(validateNamespace),
  '/Node': as<Node>(validateNode),
  '/ServiceAccount': as<ServiceAccount>(validateServiceAccount),
  '/Event': (o) => validateEvent(o as unknown as Event),
  'apps/ReplicaSet': as<ReplicaSet>(validateReplicaSet),
  'apps/Deployment': as<Deployment>(validateDeployment),
  'apps/DaemonSet': as<DaemonSet>(validateDaemonSet),
  'apps/ControllerRevision': as<ControllerRevision>(validateControllerRevision),
  'batch/Job': as<Job>(validateJob),
  'batch/CronJob': as<CronJob>(validateCronJob),
  'coordination.k8s.io/Lease': as<Lease>(validateLease),
  'discovery.k8s.io/EndpointSlice': as<EndpointSlice>(validateEndpointSlice),
};

/** Kinds without specific rules still get ObjectMeta checks. */
const generic = (type: ResourceType): Validator => (o, old) => [
  ...(old ? validateObjectMetaUpdate(o.metadata, old.metadata) : []),
  ...validateObjectMeta(o.metadata, type.namespaced, nameIsDNSSubdomain),
];

function validatorFor(type: ResourceType): Validator {
  return VALIDATORS[`${type.group}/${type.kind}`] ?? generic(type);
}

export function validateCreate(obj: KubeObject, type: ResourceType): StatusCause[] {
  return validatorFor(type)(obj);
}

export function validateUpdate(obj: KubeObject, old: KubeObject, type: ResourceType): StatusCause[] {
  return validatorFor(type)(obj, old);
}

/** Throws the 422 `<Kind> "<name>" is invalid: ...` Status when there are causes. */
export function assertValid(causes: StatusCause[], obj: KubeObject, type: ResourceType): void {
  if (causes.length === 0) return;
  throw new InvalidError(type.kind, type.group, obj.metadata?.name ?? obj.metadata?.generateName ?? '', causes);
}
