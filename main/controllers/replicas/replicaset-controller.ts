// The ReplicaSet controller (apps/v1): the shared replica manager with a LabelSelector.
import { findResource } from '../../../api/resources/registry.js';
import { selectorFromLabelSelector } from '../../../api/selectors/index.js';
import type { LabelSelector } from '../../../api/types/meta.js';
import type { ControllerFactory } from '../context.js';
import { ReplicaManager, type ReplicaManagerOptions } from './replica-manager.js';

const REPLICASETS = findResource('apps', 'v1', 'replicasets')!;

export function replicaSetControllerWith(opts: ReplicaManagerOptions = {}): ControllerFactory {
  return (ctx) => new ReplicaManager(ctx, {
    name: 'replicaset',
    component: 'replicaset-controller',
    rt: REPLICASETS,
    selectorOf: (rs) => selectorFromLabelSelector((rs.spec as { selector?: LabelSelector } | undefined)?.selector),
  }, opts);
}

export const replicaSetController: ControllerFactory = replicaSetControllerWith();
