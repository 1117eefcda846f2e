// Test-only scaffolding for the Job and CronJob integration tests: a control plane with the given
// controllers, fake nodes whose `outcome` the test sets per pod, and a binder that stands in for the
// scheduler (it puts every unscheduled pod on a node through pods/binding).
import { findResource } from '../../../api/resources/registry.js';
import type { KubeObject } from '../../../api/types/meta.js';
import type { Transport } from '../../../client/transport.js';
import type { ControllerFactory } from '../../../main/controllers/index.js';
import { InProcessTransport } from '../../../main/controllers/inprocess-transport.js';
import { PodBinder } from '../../helpers/binder.js';
import { startTestCluster, type TestCluster } from '../../helpers/cluster.js';
import { FakeNode, type PodOutcome } from '../../helpers/fake-node.js';
import { waitFor } from '../../helpers/wait.js';

export const PODS = findResource('', 'v1', 'pods')!;
export const JOBS = findResource('batch', 'v1', 'jobs')!;
export const CRONJOBS = findResource('batch', 'v1', 'cronjobs')!;
export const EVENTS = findResource('', 'v1', 'events')!;

export interface BatchCluster {
  c: TestCluster;
  transport: Transport;
  /** What the fake kubelets do with each pod (default: run it, Ready, forever). */
  outcome: (pod: KubeObject) => PodOutcome;
  nodes: FakeNode[];
  get(rt: typeof JOBS, name: string, namespace?: string): Promise<KubeObject | undefined>;
  list(rt: typeof JOBS, namespace?: string, labelSelector?: string): Promise<KubeObject[]>;
  /** Events recorded for the named object. */
  eventsFor(name: string, namespace?: string): Promise<{ reason: string; message: string; type: string; source?: { component?: string } }[]>;
  stop(): Promise<void>;
}

export interface BatchClusterOptions {
  controllers: readonly ControllerFactory[];
  dataDir?: string;
  /** Fake nodes to start (default node-1 and node-2). */
  nodeNames?: readonly string[];
}

export async function startBatchCluster(opts: BatchClusterOptions): Promise<BatchCluster> {
  const c = await startTestCluster({ controllers: opts.controllers, dataDir: opts.dataDir });
  const transport = new InProcessTransport(c.cp.registry, 'test');
  const names = opts.nodeNames ?? ['node-1', 'node-2'];
  const cluster: BatchCluster = {
    c, transport, nodes: [],
    outcome: () => ({ phase: 'Running' }),
    async get(rt, name, namespace = 'default') {
      return transport.get(rt, namespace, name).catch(() => undefined);
    },
    async list(rt, namespace = 'default', labelSelector) {
      return (await transport.list(rt, namespace, { labelSelector })).items;
    },
    async eventsFor(name, namespace = 'default') {
      const items = (await transport.list(EVENTS, namespace)).items as unknown as { involvedObject: { name: string }; reason: string; message: string; type: string; source?: { component?: string } }[];
      return items.filter((e) => e.involvedObject.name === name);
    },
    async stop() {
      binder.stop();
      for (const n of cluster.nodes) n.stop();
      await c.stop();
    },
  };
  for (const name of names) {
    const node = new FakeNode(transport, { name, outcome: (p) => cluster.outcome(p), leaseRenewMs: 5_000 });
    await node.start();
    cluster.nodes.push(node);
  }
  const binder = new PodBinder(transport, names);
  await binder.start();
  return cluster;
}

/**
 * A Job manifest for kubectl: `spec` holds the lines of its spec before the template (indented two spaces); the
 * pod runs busybox once, never restarted, with `command` (a YAML flow list) if given.
 */
export function jobManifest(name: string, spec: string, command?: string): string {
  return `apiVersion: batch/v1
kind: Job
metadata:
  name: ${name}
spec:
${spec}
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: main
        image: busybox
${command === undefined ? '' : `        command: ${command}\n`}`;
}

export const phaseOf = (pod: KubeObject): string | undefined => (pod.status as { phase?: string } | undefined)?.phase;

export interface JobStatusView {
  active?: number; ready?: number; succeeded?: number; failed?: number; terminating?: number;
  startTime?: string; completionTime?: string; completedIndexes?: string;
  uncountedTerminatedPods?: { succeeded?: string[]; failed?: string[] };
  conditions?: { type: string; status: string; reason?: string; message?: string }[];
}

/** Ends a pod the way a kubelet reports it: phase and a terminated container with this exit code. */
export async function finishPod(transport: Transport, pod: KubeObject, phase: 'Succeeded' | 'Failed', exitCode = phase === 'Succeeded' ? 0 : 1): Promise<void> {
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  const containers = (pod.spec as { containers: { name: string; image: string }[] }).containers;
  await transport.patch(PODS, pod.metadata.namespace, pod.metadata.name!, 'merge', {
    status: {
      phase,
      conditions: [{ type: 'Ready', status: 'False', lastProbeTime: null, lastTransitionTime: now, reason: 'PodCompleted' }],
      containerStatuses: containers.map((c) => ({ name: c.name, image: c.image, imageID: '', ready: false, restartCount: 0, state: { terminated: { exitCode, reason: exitCode === 0 ? 'Completed' : 'Error', startedAt: now, finishedAt: now } } })),
    },
  }, { subresource: 'status', fieldManager: 'test-kubelet' });
}

export const jobStatus = (job: KubeObject | undefined): JobStatusView => (job?.status ?? {}) as JobStatusView;

export function condition(job: KubeObject | undefined, type: string): { type: string; status: string; reason?: string; message?: string } | undefined {
  return jobStatus(job).conditions?.find((c) => c.type === type);
}

/** Waits until an event with this reason (and message, if given) is recorded for the object; events are written asynchronously. */
export async function waitForEvent(b: BatchCluster, name: string, reason: string, message?: string): Promise<{ reason: string; message: string; type: string; source?: { component?: string } }> {
  return waitFor(`event ${reason} for ${name}`, async () => (await b.eventsFor(name)).find((e) => e.reason === reason && (message === undefined || e.message === message)));
}

/** Waits until the Job has a True condition of this type; returns the Job. */
export async function waitForCondition(b: BatchCluster, name: string, type: string, timeoutMs = 15_000): Promise<KubeObject> {
  return waitFor(`job ${name} condition ${type}`, async () => {
    const job = await b.get(JOBS, name);
    return condition(job, type)?.status === 'True' ? job : undefined;
  }, { timeoutMs });
}
