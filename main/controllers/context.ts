// What every controller gets from the manager.
import type { Logger } from 'pino';
import type { InformerFactory } from '../../client/informer-factory.js';
import type { Transport } from '../../client/transport.js';
import type { EventSink } from '../registry/events.js';

export interface ControllerConfig {
  /** A node whose Lease is not renewed for this long becomes Ready=Unknown (upstream: 40 s). */
  nodeMonitorGracePeriodMs: number;
  /** How often node health is checked (upstream: 5 s). */
  nodeMonitorPeriodMs: number;
  /** Toleration seconds the not-ready/unreachable taints get by default (upstream: 300). */
  defaultEvictionSeconds: number;
  /** Cluster CIDR nodes' podCIDRs are carved from. */
  clusterCidr: string;
  /** Prefix length of each node's podCIDR. */
  nodeCidrMaskSize: number;
  /** How long Events live (upstream: 1 h). */
  eventTtlMs: number;
}

export const DEFAULT_CONTROLLER_CONFIG: ControllerConfig = {
  nodeMonitorGracePeriodMs: 40_000,
  nodeMonitorPeriodMs: 5_000,
  defaultEvictionSeconds: 300,
  clusterCidr: '10.244.0.0/16',
  nodeCidrMaskSize: 24,
  eventTtlMs: 3_600_000,
};

export interface ControllerContext {
  /** In-process client; writes are recorded under the field manager "kube-controller-manager". */
  transport: Transport;
  informers: InformerFactory;
  /** Events recorded as coming from `component` (the From column of kubectl describe). */
  events(component: string): EventSink;
  clock: () => Date;
  log: Logger;
  config: ControllerConfig;
}

/** What the manager runs: each controller file exports a factory returning one of these. */
export interface RunnableController {
  name: string;
  start(): void;
  stop(): Promise<void>;
  /** Nothing queued or in progress (tests wait on this). */
  readonly idle: boolean;
}

export type ControllerFactory = (ctx: ControllerContext) => RunnableController;
