// Which apiVersion/kind pairs have protobuf tables, and the error for the ones that do not.
import { StatusError } from '../../errors/status-error.js';

const OBJECT_KINDS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'v1': {
    Secret: 'Secret', ConfigMap: 'ConfigMap', Namespace: 'Namespace', ServiceAccount: 'ServiceAccount', Service: 'Service',
    Pod: 'Pod', PodTemplate: 'PodTemplate', Node: 'Node', Event: 'Event', Endpoints: 'Endpoints',
    ReplicationController: 'ReplicationController', Binding: 'Binding', PersistentVolumeClaim: 'PersistentVolumeClaim',
  },
  'apps/v1': { Deployment: 'Deployment', ReplicaSet: 'ReplicaSet', DaemonSet: 'DaemonSet', StatefulSet: 'StatefulSet' },
  'batch/v1': { Job: 'Job', CronJob: 'CronJob' },
  'coordination.k8s.io/v1': { Lease: 'Lease' },
  'discovery.k8s.io/v1': { EndpointSlice: 'EndpointSlice' },
  'events.k8s.io/v1': { Event: 'events.v1.Event' },
  'autoscaling/v1': { Scale: 'Scale' },
  'policy/v1': { Eviction: 'Eviction' },
};

/**
 * The message table for an apiVersion/kind, or undefined. DeleteOptions (the body of a typed client's
 * DELETE) is registered in every group, so it is accepted under any apiVersion.
 */
export function protobufMessageFor(apiVersion: string, kind: string): string | undefined {
  if (kind === 'DeleteOptions') return 'DeleteOptions';
  const kinds = OBJECT_KINDS[apiVersion];
  return kinds && Object.hasOwn(kinds, kind) ? kinds[kind] : undefined;
}

/** 415, as the apiserver answers protobuf for types it has no protobuf for; the client can resend as JSON. */
export class UnsupportedProtobufKindError extends StatusError {
  constructor(apiVersion: string, kind: string) {
    super(415, 'UnsupportedMediaType',
      `the body of the request was in an unknown format - application/vnd.kubernetes.protobuf is not supported for ${kind} (${apiVersion}); send it as application/json`);
  }
}
