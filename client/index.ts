// client/: a small client-go. Transports (HTTPS, or in-process in the control plane), informers with
// shared caches and indexes, a rate-limited work queue, and the reconcile loop.
export * from './transport.js';
export { objectKey, splitKey } from './keys.js';
export { Informer, type EventHandler, type InformerOptions, type IndexFunc } from './informer.js';
export { InformerFactory } from './informer-factory.js';
export { WorkQueue, type WorkQueueOptions } from './workqueue.js';
export { KeyTimers } from './key-timers.js';
export { Controller, TerminalError, type ControllerOptions, type ReconcileResult, type ControllerLog } from './controller.js';
export { HttpTransport, type HttpCredentials } from './http-transport.js';
export { loadKubeconfig, KubeconfigError } from './kubeconfig.js';
export { statusErrorFrom } from './status-error.js';
