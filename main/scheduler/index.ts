// main/scheduler/: kube-scheduler's default profile, run by the controller manager like a controller.
export { Scheduler, schedulerController, schedulerWith, SCHEDULER_NAME, SCHEDULER_FIELD_MANAGER, type SchedulerOptions } from './scheduler.js';
export { numFeasibleNodesToFind } from './algorithm.js';
