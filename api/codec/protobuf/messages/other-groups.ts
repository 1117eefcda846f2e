// Protobuf field tables for coordination.k8s.io/v1 Lease, discovery.k8s.io/v1 EndpointSlice, events.k8s.io/v1 Event, autoscaling/v1 Scale, policy/v1 Eviction.
// Field numbers are upstream's (generated.proto of Kubernetes v1.32); JSON names and the zero-value flags
// follow the Go struct tags. Row format: see ../message-table.ts.
import type { MessageTable } from '../message-table.js';

export const otherGroupMessages: MessageTable = {
  Lease: [[1, 'metadata', 'ObjectMeta'], [2, 'spec', 'LeaseSpec']],
  LeaseSpec: [[1, 'holderIdentity', 'string', 'z'], [2, 'leaseDurationSeconds', 'int32', 'z'],
    [3, 'acquireTime', 'MicroTime'], [4, 'renewTime', 'MicroTime'], [5, 'leaseTransitions', 'int32', 'z'],
    [6, 'strategy', 'string', 'z'], [7, 'preferredHolder', 'string', 'z']],
  EndpointSlice: [[1, 'metadata', 'ObjectMeta'], [4, 'addressType', 'string', 'z'],
    [2, 'endpoints', 'Endpoint', 'r'], [3, 'ports', 'discovery.v1.EndpointPort', 'r']],
  Endpoint: [[1, 'addresses', 'string', 'r'], [2, 'conditions', 'EndpointConditions'],
    [3, 'hostname', 'string', 'z'], [4, 'targetRef', 'ObjectReference'], [5, 'deprecatedTopology', 'map:string'],
    [6, 'nodeName', 'string', 'z'], [7, 'zone', 'string', 'z'], [8, 'hints', 'EndpointHints']],
  EndpointConditions: [[1, 'ready', 'bool', 'z'], [2, 'serving', 'bool', 'z'], [3, 'terminating', 'bool', 'z']],
  EndpointHints: [[1, 'forZones', 'ForZone', 'r']],
  ForZone: [[1, 'name', 'string', 'z']],
  'discovery.v1.EndpointPort': [[1, 'name', 'string', 'z'], [2, 'protocol', 'string', 'z'],
    [3, 'port', 'int32', 'z'], [4, 'appProtocol', 'string', 'z']],
  'events.v1.Event': [[1, 'metadata', 'ObjectMeta'], [2, 'eventTime', 'MicroTime'],
    [3, 'series', 'events.v1.EventSeries'], [4, 'reportingController', 'string'], [5, 'reportingInstance', 'string'],
    [6, 'action', 'string'], [7, 'reason', 'string'], [8, 'regarding', 'ObjectReference'],
    [9, 'related', 'ObjectReference'], [10, 'note', 'string'], [11, 'type', 'string'],
    [12, 'deprecatedSource', 'EventSource'], [13, 'deprecatedFirstTimestamp', 'Time'],
    [14, 'deprecatedLastTimestamp', 'Time'], [15, 'deprecatedCount', 'int32']],
  'events.v1.EventSeries': [[1, 'count', 'int32', 'z'], [2, 'lastObservedTime', 'MicroTime']],
  Scale: [[1, 'metadata', 'ObjectMeta'], [2, 'spec', 'ScaleSpec'], [3, 'status', 'ScaleStatus']],
  ScaleSpec: [[1, 'replicas', 'int32']],
  ScaleStatus: [[1, 'replicas', 'int32', 'z'], [2, 'selector', 'string']],
  Eviction: [[1, 'metadata', 'ObjectMeta'], [2, 'deleteOptions', 'DeleteOptions']],
};
