// One pod's worker: serialises every sync of the pod (spec changes, engine events, probe results, timers)
// and runs the kubelet's loop — sandbox and network, volumes, init containers in order, app containers
// with restart policy and crash-loop back-off — then reports the status. Deleted pods are stopped within
// their grace period, their network released, and their API object finally removed.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Container } from 'kubernetes-types/core/v1.js';
import { findResource } from '../../api/resources/registry.js';
import type { KubeObject } from '../../api/types/meta.js';
import { deepEqual } from '../../api/util/deep-equal.js';
import type { AttachRequest } from '../cni/cni.js';
import type { ContainerInfo } from '../runtime/types.js';
import { containerHash } from './container-spec.js';
import type { PodDeps } from './deps.js';
import { startContainer } from './start-container.js';
import { computePodStatus, instancesOf, type Waiting } from './status.js';

const PODS = findResource('', 'v1', 'pods')!;

interface PodSpecLike {
  containers: Container[];
  initContainers?: Container[];
  restartPolicy?: string;
  hostNetwork?: boolean;
  hostname?: string;
  terminationGracePeriodSeconds?: number;
}

interface NetworkState {
  sandboxId: string;
  ip: string;
  result: unknown;
  request: AttachRequest;
}

export class PodWorker {
  private pod: KubeObject | undefined;
  /** The last pod object seen: a pod deleted from the API is still stopped with its own grace period. */
  private lastKnown: KubeObject | undefined;
  private running = false;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly waiting = new Map<string, Waiting>();
  /** The container instance whose death the back-off already counted, per container name. */
  private readonly counted = new Map<string, string>();
  private network: NetworkState | undefined;
  private volumesReadyAt = 0;
  private lastReported: unknown;
  private finished = false;
  /** Set when the agent stops: no new sync starts; the one under way finishes. */
  private halted = false;
  private loopDone: Promise<void> | undefined;
  readonly podDir: string;

  constructor(readonly uid: string, private readonly deps: PodDeps, private readonly onFinished: (uid: string) => void) {
    this.podDir = join(deps.podsDir, uid);
  }

  get current(): KubeObject | undefined {
    return this.pod;
  }

  /** New desired state (undefined: the pod is gone from the API). */
  update(pod: KubeObject | undefined): void {
    this.pod = pod;
    if (pod) this.lastKnown = pod;
    this.kick();
  }

  kick(delayMs = 0): void {
    if (this.finished || this.halted) return;
    if (delayMs > 0) {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.kick(), delayMs);
      this.timer.unref?.();
      return;
    }
    this.again = true;
    if (!this.running) this.loopDone = this.loop();
  }

  /** Stops syncing (the pod's containers keep running) once the sync under way, if any, is done. */
  async halt(): Promise<void> {
    this.halted = true;
    clearTimeout(this.timer);
    await this.loopDone;
  }

  private async loop(): Promise<void> {
    this.running = true;
    try {
      while (this.again && !this.finished && !this.halted) {
        this.again = false;
        try {
          await this.sync();
        } catch (err) {
          this.deps.log.warn({ pod: this.label(), err: (err as Error).message }, 'pod sync failed; retrying');
          this.kick(2000);
        }
      }
    } finally {
      this.running = false;
    }
  }

  private label(): string {
    return this.pod ? `${this.pod.metadata.namespace}/${this.pod.metadata.name}` : this.uid;
  }

  private async sync(): Promise<void> {
    const pod = this.pod;
    const containers = await this.deps.runtime.list(this.uid);
    if (!pod || pod.metadata.deletionTimestamp !== undefined) return this.terminate(pod, containers);
    const spec = pod.spec as PodSpecLike;
    if (!this.network && !spec.hostNetwork) this.network = await this.loadNetwork();
    let sandbox = containers.filter((c) => c.role === 'sandbox').sort((a, b) => String(b.createdAt).localeCompare(String(a.createdAt)))[0];
    const apiPhase = (pod.status as { phase?: string } | undefined)?.phase;
    const terminal = apiPhase === 'Succeeded' || apiPhase === 'Failed';
    if (terminal) {
      await this.releaseSandbox(containers);
      return;
    }
    if (sandbox?.state !== 'running') {
      sandbox = await this.newSandbox(pod, containers);
      await this.report(pod, await this.deps.runtime.list(this.uid), true);
    }
    const podIP = spec.hostNetwork ? this.deps.hostIP : this.network?.ip;
    if (this.volumesReadyAt === 0 || Date.now() - this.volumesReadyAt > 60_000) {
      const failures = await this.deps.volumes.prepare(pod, this.podDir, podIP);
      if (failures.length > 0) {
        for (const f of failures) this.deps.events.record(pod, 'Warning', 'FailedMount', f);
        await this.report(pod, containers, true);
        this.kick(2000);
        return;
      }
      this.volumesReadyAt = Date.now();
    }
    const all = await this.deps.runtime.list(this.uid);
    if (!(await this.syncInit(pod, spec, sandbox, all, podIP))) {
      await this.report(pod, await this.deps.runtime.list(this.uid), true);
      return;
    }
    await this.syncApps(pod, spec, sandbox, all, podIP);
    const after = await this.deps.runtime.list(this.uid);
    await this.pruneDead(after);
    await this.report(pod, after, true);
  }

  /** Runs init containers in order; true when all are done (or running sidecars). */
  private async syncInit(pod: KubeObject, spec: PodSpecLike, sandbox: ContainerInfo, all: ContainerInfo[], podIP: string | undefined): Promise<boolean> {
    for (const c of spec.initContainers ?? []) {
      const [cur] = instancesOf(all, c.name, 'init');
      const sidecar = c.restartPolicy === 'Always';
      if (cur?.state === 'exited' && cur.exitCode === 0 && !sidecar) continue;
      if (cur?.state === 'running') {
        if (sidecar) continue;
        return false;
      }
      if (cur?.state === 'exited' && (spec.restartPolicy ?? 'Always') === 'Never' && !sidecar) return false;
      if (cur?.state === 'exited' && !this.backoffAllows(pod, c.name, cur)) return false;
      await this.start(pod, c, 'init', sandbox, cur ? cur.restartCount + 1 : 0, podIP);
      if (!sidecar) return false;
    }
    return true;
  }

  private async syncApps(pod: KubeObject, spec: PodSpecLike, sandbox: ContainerInfo, all: ContainerInfo[], podIP: string | undefined): Promise<void> {
    const policy = spec.restartPolicy ?? 'Always';
    await Promise.all(spec.containers.map(async (c) => {
      const [cur] = instancesOf(all, c.name, 'app');
      if (cur?.state === 'running' || cur?.state === 'created') {
        // Adopted containers (after an agent restart) get their probes too.
        this.deps.probes.add(this.uid, c, cur.id, this.podIPGetter(pod), cur.startedAt ? new Date(cur.startedAt) : undefined);
        const failed = this.deps.probes.failed(this.uid, c.name, cur.id);
        const changed = cur.specHash !== containerHash(c);
        if (!failed && !changed) return;
        const why = changed ? `Container ${c.name} definition changed, will be restarted` : `Container ${c.name} failed ${failed!.kind} probe, will be restarted`;
        this.deps.events.record(pod, 'Normal', 'Killing', why);
        this.deps.probes.removeContainer(this.uid, c.name);
        await this.deps.runtime.stopContainer(cur.id, spec.terminationGracePeriodSeconds ?? 30);
        if (changed || policy !== 'Never') await this.start(pod, c, 'app', sandbox, cur.restartCount + 1, podIP);
        return;
      }
      if (cur?.state === 'exited') {
        this.deps.probes.removeContainer(this.uid, c.name);
        const restart = policy === 'Always' || (policy === 'OnFailure' && cur.exitCode !== 0);
        if (!restart) return;
        if (!this.backoffAllows(pod, c.name, cur)) return;
        await this.start(pod, c, 'app', sandbox, cur.restartCount + 1, podIP);
        return;
      }
      await this.start(pod, c, 'app', sandbox, 0, podIP);
    }));
  }

  /** Crash-loop back-off: false (and the CrashLoopBackOff waiting state) while the container must wait. */
  private backoffAllows(pod: KubeObject, name: string, dead: ContainerInfo): boolean {
    const key = `${this.uid}/${name}`;
    const now = this.deps.clock().getTime();
    if (this.counted.get(name) !== dead.id) {
      this.counted.set(name, dead.id);
      const finished = dead.finishedAt ? Date.parse(dead.finishedAt) : now;
      const started = dead.startedAt ? Date.parse(dead.startedAt) : finished;
      this.deps.backoff.next(key, finished, finished - started);
    }
    const remaining = this.deps.backoff.remaining(key, now);
    if (remaining <= 0) return true;
    const delay = Math.round((this.deps.backoff.delayOf(key) ?? 0) / 1000);
    this.waiting.set(name, { reason: 'CrashLoopBackOff', message: `back-off ${delay}s restarting failed container=${name} pod=${pod.metadata.name}_${pod.metadata.namespace}(${this.uid})` });
    this.deps.events.record(pod, 'Warning', 'BackOff', 'Back-off restarting failed container');
    this.kick(remaining + 10);
    return false;
  }

  private async start(pod: KubeObject, c: Container, role: 'init' | 'app', sandbox: ContainerInfo, restartCount: number, podIP: string | undefined): Promise<void> {
    const r = await startContainer(this.deps, { pod, container: c, role, sandboxId: sandbox.id, restartCount, podIP, podDir: this.podDir });
    if (r.waiting) {
      this.waiting.set(c.name, r.waiting);
      if (r.waiting.reason === 'ErrImagePull' || r.waiting.reason === 'ImagePullBackOff') this.kick(this.deps.imageBackoff.remaining(`${this.uid}/pull/${c.name}`, Date.now()) + 10);
      else this.kick(5000);
      return;
    }
    this.waiting.delete(c.name);
    if (r.id && role === 'app') this.deps.probes.add(this.uid, c, r.id, this.podIPGetter(pod), new Date());
  }

  private podIPGetter(pod: KubeObject): () => string | undefined {
    const hostNetwork = (pod.spec as PodSpecLike).hostNetwork ?? false;
    return () => (hostNetwork ? this.deps.hostIP : this.network?.ip);
  }

  private async newSandbox(pod: KubeObject, existing: ContainerInfo[]): Promise<ContainerInfo> {
    const spec = pod.spec as PodSpecLike;
    // A new sandbox means new namespaces: whatever ran in the old one is stopped (and restarted after).
    for (const c of existing.filter((x) => x.state === 'running')) await this.deps.runtime.stopContainer(c.id, 0);
    await this.detachNetwork();
    for (const c of existing.filter((x) => x.role === 'sandbox')) await this.deps.runtime.removeContainer(c.id);
    await mkdir(this.podDir, { recursive: true, mode: 0o750 });
    const sandbox = await this.deps.runtime.runSandbox({ pod: { uid: this.uid, name: pod.metadata.name!, namespace: pod.metadata.namespace! }, hostname: spec.hostname ?? pod.metadata.name!, hostNetwork: spec.hostNetwork ?? false });
    const net = this.deps.network();
    if (!spec.hostNetwork) {
      if (!net) throw new Error('the node has no pod network yet (no podCIDR assigned)');
      const request: AttachRequest = { containerId: sandbox.id, netns: `/proc/${sandbox.pid}/ns/net`, podNamespace: pod.metadata.namespace!, podName: pod.metadata.name!, podUid: this.uid, portMappings: hostPorts(spec) };
      const attached = await net.attach(request);
      this.network = { sandboxId: sandbox.id, ip: attached.ip, result: attached.result, request };
      await writeFile(join(this.podDir, 'network.json'), JSON.stringify(this.network));
    }
    return sandbox;
  }

  private async loadNetwork(): Promise<NetworkState | undefined> {
    try {
      return JSON.parse(await readFile(join(this.podDir, 'network.json'), 'utf8')) as NetworkState;
    } catch {
      return undefined;
    }
  }

  private async detachNetwork(): Promise<void> {
    const state = this.network ?? (await this.loadNetwork());
    const net = this.deps.network();
    if (state && net) {
      try {
        await net.detach(state.request, state.result);
      } catch (err) {
        this.deps.log.warn({ pod: this.label(), err: (err as Error).message }, 'CNI DEL failed');
      }
    }
    this.network = undefined;
    await rm(join(this.podDir, 'network.json'), { force: true });
  }

  /** A finished pod keeps its containers (for logs) but gives back its sandbox and address. */
  private async releaseSandbox(containers: ContainerInfo[]): Promise<void> {
    for (const c of containers.filter((x) => x.state === 'running')) await this.deps.runtime.stopContainer(c.id, 0);
    await this.detachNetwork();
    this.deps.probes.removePod(this.uid);
  }

  /** Keeps the current and the previous instance of each container (for --previous logs), removes older ones. */
  private async pruneDead(all: ContainerInfo[]): Promise<void> {
    const byName = new Map<string, ContainerInfo[]>();
    for (const c of all) if (c.role !== 'sandbox') byName.set(`${c.role}/${c.name}`, [...(byName.get(`${c.role}/${c.name}`) ?? []), c]);
    for (const list of byName.values()) {
      list.sort((a, b) => b.restartCount - a.restartCount);
      for (const old of list.slice(2)) if (old.state === 'exited') await this.deps.runtime.removeContainer(old.id);
    }
  }

  private async terminate(pod: KubeObject | undefined, containers: ContainerInfo[]): Promise<void> {
    const known = pod ?? this.lastKnown;
    const grace = known?.metadata.deletionGracePeriodSeconds ?? (known?.spec as PodSpecLike | undefined)?.terminationGracePeriodSeconds ?? 30;
    const apps = containers.filter((c) => c.role !== 'sandbox' && c.state === 'running');
    if (pod) for (const c of apps) this.deps.events.record(pod, 'Normal', 'Killing', `Stopping container ${c.name}`);
    this.deps.probes.terminating(this.uid);
    await Promise.all(apps.map((c) => this.deps.runtime.stopContainer(c.id, grace)));
    this.deps.probes.removePod(this.uid);
    await this.detachNetwork();
    for (const c of containers) await this.deps.runtime.removeContainer(c.id);
    await this.deps.volumes.cleanup(this.podDir);
    await rm(this.podDir, { recursive: true, force: true });
    this.deps.backoff.forgetPod(`${this.uid}/`);
    if (pod) {
      try {
        await this.deps.transport.delete(PODS, pod.metadata.namespace, pod.metadata.name!, { gracePeriodSeconds: 0, preconditions: { uid: this.uid } });
      } catch (err) {
        const code = (err as { code?: number }).code;
        if (code !== 404 && code !== 409) throw err;
      }
    }
    this.finished = true;
    clearTimeout(this.timer);
    this.onFinished(this.uid);
  }

  private async report(pod: KubeObject, containers: ContainerInfo[], sandboxReady: boolean): Promise<void> {
    const spec = pod.spec as PodSpecLike;
    const status = computePodStatus({
      pod, containers, sandboxReady, podIP: spec.hostNetwork ? this.deps.hostIP : this.network?.ip, hostIP: this.deps.hostIP, waiting: this.waiting,
      ready: (n) => this.deps.probes.ready(this.uid, n), started: (n) => this.deps.probes.started(this.uid, n), now: this.deps.clock(),
    });
    if (deepEqual(status, this.lastReported)) return;
    try {
      const updated = await this.deps.transport.patch(PODS, pod.metadata.namespace, pod.metadata.name!, 'merge', { metadata: { uid: this.uid }, status }, { subresource: 'status', fieldManager: 'skiff-agent' });
      this.lastReported = status;
      if (this.pod && this.pod.metadata.uid === updated.metadata.uid) this.pod = { ...this.pod, status: updated.status };
    } catch (err) {
      this.deps.log.debug({ pod: this.label(), err: (err as Error).message }, 'status report failed; will retry');
      this.kick(3000);
    }
  }
}

function hostPorts(spec: PodSpecLike): AttachRequest['portMappings'] {
  const out: AttachRequest['portMappings'] = [];
  for (const c of spec.containers) {
    for (const p of c.ports ?? []) {
      if (p.hostPort) out.push({ hostPort: p.hostPort, containerPort: p.containerPort, protocol: (p.protocol ?? 'TCP').toLowerCase() as 'tcp', hostIP: p.hostIP });
    }
  }
  return out;
}
