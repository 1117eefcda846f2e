// Every controller the control plane runs, in start order.
import type { ControllerFactory } from './context.js';

export const ALL_CONTROLLERS: readonly ControllerFactory[] = [];

export { ControllerManager } from './manager.js';
export { DEFAULT_CONTROLLER_CONFIG, type ControllerConfig, type ControllerContext, type ControllerFactory, type RunnableController } from './context.js';
