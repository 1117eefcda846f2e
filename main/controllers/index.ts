// Every controller the control plane runs, in start order.
import { schedulerController } from '../scheduler/index.js';
import type { ControllerFactory } from './context.js';
import { cronJobController } from './cronjob/cronjob-controller.js';
import { daemonSetController } from './daemonset/index.js';
import { deploymentController } from './deployment/deployment-controller.js';
import { endpointsController, endpointSliceController } from './endpoints/index.js';
import { eventTtlController } from './events/event-ttl-controller.js';
import { garbageCollector } from './gc/garbage-collector.js';
import { jobController } from './job/job-controller.js';
import { ttlAfterFinishedController } from './job/ttl-after-finished-controller.js';
import { namespaceController } from './namespace/namespace-controller.js';
import { nodeIpamController } from './node/node-ipam-controller.js';
import { nodeLifecycleController } from './node/node-lifecycle-controller.js';
import { taintEvictionController } from './node/taint-eviction-controller.js';
import { replicaSetController } from './replicas/replicaset-controller.js';
import { replicationControllerController } from './replicas/replicationcontroller-controller.js';

export const ALL_CONTROLLERS: readonly ControllerFactory[] = [
  namespaceController,
  garbageCollector,
  nodeIpamController,
  nodeLifecycleController,
  taintEvictionController,
  replicationControllerController,
  replicaSetController,
  deploymentController,
  daemonSetController,
  jobController,
  ttlAfterFinishedController,
  cronJobController,
  endpointsController,
  endpointSliceController,
  eventTtlController,
  schedulerController,
];

export { ControllerManager } from './manager.js';
export { DEFAULT_CONTROLLER_CONFIG, type ControllerConfig, type ControllerContext, type ControllerFactory, type RunnableController } from './context.js';
