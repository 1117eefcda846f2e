// The pod status the agent reports, computed from what the engine says and what the probes found, in the
// shape kubectl and controllers expect (pkg/kubelet/kubelet_pods.go: generateAPIPodStatus, getPhase).
import type { ContainerStatus, PodCondition, PodStatus } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../../api/types/meta.js';
import type { ContainerInfo } from '../runtime/types.js';

export interface Waiting {
  reason: string;
  message?: string;
}

export interface StatusInput {
  pod: KubeObject;
  /** The pod's containers in the engine, all instances (the newest per name is current). */
  containers: ContainerInfo[];
  sandboxReady: boolean;
  podIP?: string;
  hostIP: string;
  /** Why a container is not running when the engine alone cannot tell (image pull, back-off, config). */
  waiting: Map<string, Waiting>;
  ready(name: string): boolean;
  started(name: string): boolean;
  now: Date;
}

interface SpecContainer { name: string; image?: string; restartPolicy?: string }

const rfc3339 = (s: string | Date | undefined): string | undefined => {
  if (s === undefined) return undefined;
  const d = typeof s === 'string' ? new Date(s) : s;
  return Number.isFinite(d.getTime()) ? d.toISOString().replace(/\.\d{3}Z$/, 'Z') : undefined;
};

/** Instances of one container, newest first (by restart count, then creation). */
export function instancesOf(all: ContainerInfo[], name: string, role: 'init' | 'app'): ContainerInfo[] {
  return all.filter((c) => c.name === name && c.role === role).sort((a, b) => b.restartCount - a.restartCount || String(b.createdAt).localeCompare(String(a.createdAt)));
}

function terminatedOf(c: ContainerInfo): NonNullable<ContainerStatus['state']>['terminated'] {
  const reason = c.oomKilled ? 'OOMKilled' : c.exitCode === 0 ? 'Completed' : 'Error';
  return { exitCode: c.exitCode ?? 0, reason, startedAt: rfc3339(c.startedAt), finishedAt: rfc3339(c.finishedAt), containerID: `docker://${c.id}`, message: c.error };
}

function containerStatus(spec: SpecContainer, role: 'init' | 'app', input: StatusInput, defaultWaiting: string): ContainerStatus {
  const [current, previous] = instancesOf(input.containers, spec.name, role);
  const override = input.waiting.get(spec.name);
  const base: ContainerStatus = { name: spec.name, image: spec.image ?? '', imageID: current ? `docker://${current.imageId}` : '', ready: false, restartCount: current?.restartCount ?? 0, started: false, state: {}, lastState: {} };
  if (current) base.containerID = `docker://${current.id}`;
  if (current?.state === 'running') {
    base.state = { running: { startedAt: rfc3339(current.startedAt) } };
    base.ready = input.ready(spec.name);
    base.started = input.started(spec.name);
    if (previous?.state === 'exited') base.lastState = { terminated: terminatedOf(previous) };
  } else if (current?.state === 'exited' && override) {
    base.state = { waiting: { reason: override.reason, message: override.message } };
    base.lastState = { terminated: terminatedOf(current) };
  } else if (current?.state === 'exited') {
    base.state = { terminated: terminatedOf(current) };
    if (previous?.state === 'exited') base.lastState = { terminated: terminatedOf(previous) };
  } else {
    base.state = { waiting: { reason: override?.reason ?? defaultWaiting, message: override?.message } };
  }
  return base;
}

/** getPhase of the kubelet: Pending, Running, Succeeded or Failed. */
export function podPhase(pod: KubeObject, init: ContainerStatus[], app: ContainerStatus[]): string {
  const restartPolicy = (pod.spec as { restartPolicy?: string }).restartPolicy ?? 'Always';
  for (const s of init) {
    if (s.state?.terminated?.exitCode === 0) continue;
    if (s.state?.running && (pod.spec as { initContainers?: SpecContainer[] }).initContainers?.find((c) => c.name === s.name)?.restartPolicy === 'Always') continue;
    if (s.state?.terminated && restartPolicy === 'Never') return 'Failed';
    if (s.state?.waiting && s.lastState?.terminated && restartPolicy === 'Never') return 'Failed';
    return 'Pending';
  }
  let waiting = 0, running = 0, stopped = 0, succeeded = 0;
  for (const s of app) {
    if (s.state?.running) running++;
    else if (s.state?.terminated) {
      stopped++;
      if (s.state.terminated.exitCode === 0) succeeded++;
    } else if (s.state?.waiting) {
      if (s.lastState?.terminated) stopped++;
      else waiting++;
    }
  }
  if (waiting > 0) return 'Pending';
  if (running > 0) return 'Running';
  if (stopped > 0) {
    if (restartPolicy === 'Always') return 'Running';
    if (stopped === succeeded) return 'Succeeded';
    if (restartPolicy === 'Never') return 'Failed';
    return 'Running';
  }
  return 'Pending';
}

function condition(prev: PodCondition[] | undefined, type: string, ok: boolean, now: Date, reason?: string, message?: string): PodCondition {
  const status = ok ? 'True' : 'False';
  const old = prev?.find((c) => c.type === type);
  const c: PodCondition = { type, status, lastProbeTime: null as unknown as string, lastTransitionTime: old?.status === status ? old.lastTransitionTime : rfc3339(now) };
  if (!ok && reason) c.reason = reason;
  if (!ok && message) c.message = message;
  return c;
}

export function computePodStatus(input: StatusInput): PodStatus {
  const spec = input.pod.spec as { initContainers?: SpecContainer[]; containers?: SpecContainer[]; readinessGates?: { conditionType: string }[] };
  const prev = (input.pod.status ?? {}) as PodStatus;
  const initSpecs = spec.initContainers ?? [];
  const init = initSpecs.map((c) => containerStatus(c, 'init', input, 'PodInitializing'));
  const initDone = init.every((s, i) => s.state?.terminated?.exitCode === 0 || (initSpecs[i].restartPolicy === 'Always' && s.started));
  const app = (spec.containers ?? []).map((c) => containerStatus(c, 'app', input, initDone ? 'ContainerCreating' : 'PodInitializing'));
  const phase = podPhase(input.pod, init, app);
  const terminal = phase === 'Succeeded' || phase === 'Failed';
  const unready = app.filter((s) => !s.ready).map((s) => s.name);
  const uninit = init.filter((s, i) => !(s.state?.terminated?.exitCode === 0 || (initSpecs[i].restartPolicy === 'Always' && s.started))).map((s) => s.name);
  const containersReady = !terminal && unready.length === 0;
  const gatesOk = (spec.readinessGates ?? []).every((g) => prev.conditions?.find((c) => c.type === g.conditionType)?.status === 'True');
  const now = input.now;
  const conditions: PodCondition[] = [
    condition(prev.conditions, 'PodReadyToStartContainers', input.sandboxReady, now),
    condition(prev.conditions, 'Initialized', initDone, now, terminal && phase === 'Succeeded' ? 'PodCompleted' : 'ContainersNotInitialized', `containers with incomplete status: [${uninit.join(' ')}]`),
    condition(prev.conditions, 'Ready', containersReady && gatesOk, now, terminal ? 'PodCompleted' : 'ContainersNotReady', terminal ? undefined : `containers with unready status: [${unready.join(' ')}]`),
    condition(prev.conditions, 'ContainersReady', containersReady, now, terminal ? 'PodCompleted' : 'ContainersNotReady', terminal ? undefined : `containers with unready status: [${unready.join(' ')}]`),
  ];
  const scheduled = prev.conditions?.find((c) => c.type === 'PodScheduled');
  if (scheduled) conditions.push(scheduled);
  for (const g of spec.readinessGates ?? []) {
    const c = prev.conditions?.find((x) => x.type === g.conditionType);
    if (c) conditions.push(c);
  }
  const status: PodStatus = {
    phase,
    conditions,
    hostIP: input.hostIP,
    hostIPs: [{ ip: input.hostIP }],
    startTime: prev.startTime ?? rfc3339(now),
    qosClass: prev.qosClass,
    containerStatuses: app,
  };
  if (init.length > 0) status.initContainerStatuses = init;
  if (input.podIP) {
    status.podIP = input.podIP;
    status.podIPs = [{ ip: input.podIP }];
  }
  return status;
}
