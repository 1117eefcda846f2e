// The ReplicationController controller (core/v1): the shared replica manager with a map selector.
import { findResource } from '../../../api/resources/registry.js';
import { selectorFromSet } from '../../../api/selectors/index.js';
import type { ControllerFactory } from '../context.js';
import { ReplicaManager, type ReplicaManagerOptions } from './replica-manager.js';

const REPLICATION_CONTROLLERS = findResource('', 'v1', 'replicationcontrollers')!;

export function replicationControllerControllerWith(opts: ReplicaManagerOptions = {}): ControllerFactory {
  return (ctx) => new ReplicaManager(ctx, {
    name: 'replicationcontroller',
    component: 'replication-controller',
    rt: REPLICATION_CONTROLLERS,
    selectorOf: (rc) => selectorFromSet((rc.spec as { selector?: Record<string, string> } | undefined)?.selector),
  }, opts);
}

export const replicationControllerController: ControllerFactory = replicationControllerControllerWith();
