// The DaemonSet controller: one pod per eligible node, ControllerRevision history, rolling and OnDelete updates.
export { daemonSetController, daemonSetControllerWith, type DaemonSetControllerOptions } from './daemonset-controller.js';
