// All pods of this node: the desired set (from the API, or from the local store while the control plane is
// away), one worker per pod, engine events routed to the right worker, containers of unknown pods cleaned
// up, and a periodic resync so nothing stays broken (a restarted dockerd, a missed event).
import { findResource } from '../../api/resources/registry.js';
import type { KubeObject } from '../../api/types/meta.js';
import { Informer } from '../../client/informer.js';
import type { OfflinePodStore } from '../store/offline-store.js';
import type { PodDeps } from './deps.js';
import { PodWorker } from './worker.js';

const PODS = findResource('', 'v1', 'pods')!;

/** How long stop() waits for pod syncs under way (a termination can take its grace period). */
const STOP_WAIT_MS = 10_000;

export class PodManager {
  private readonly workers = new Map<string, PodWorker>();
  private readonly informer: Informer;
  private stopEvents: (() => void) | undefined;
  private timers: NodeJS.Timeout[] = [];
  private stopped = false;

  constructor(private readonly deps: PodDeps, private readonly store: OfflinePodStore, private readonly resyncMs = 10_000) {
    this.informer = new Informer(deps.transport, PODS, { fieldSelector: `spec.nodeName=${deps.nodeName}`, log: deps.log });
    this.informer.addEventHandler({
      onAdd: (p) => this.desire(p),
      onUpdate: (_o, p) => this.desire(p),
      onDelete: (p) => this.forget(p.metadata.uid!),
    });
  }

  get podCount(): number {
    return this.workers.size;
  }

  worker(uid: string): PodWorker | undefined {
    return this.workers.get(uid);
  }

  async start(): Promise<void> {
    for (const pod of await this.store.load((f, err) => this.deps.log.warn({ file: f, err: String(err) }, 'unreadable pod in the local store; ignored'))) {
      this.ensureWorker(pod.metadata.uid!).update(pod);
    }
    this.subscribeEvents();
    this.informer.start();
    void this.informer.waitForSync().then(() => this.afterSync());
    const resync = (): void => {
      if (this.stopped) return;
      void this.collectOrphans();
      for (const w of this.workers.values()) w.kick();
      this.timers.push(setTimeout(resync, this.resyncMs));
    };
    this.timers.push(setTimeout(resync, this.resyncMs));
    await this.collectOrphans();
  }

  /** Pods that were deleted while the agent could not hear about it. */
  private afterSync(): void {
    const live = new Set(this.informer.list().map((p) => p.metadata.uid));
    for (const [uid, w] of this.workers) if (!live.has(uid) && w.current) this.forget(uid);
  }

  /** Whether the API has been listed since start (false while the control plane is unreachable). */
  get connected(): boolean {
    return this.informer.synced;
  }

  private desire(pod: KubeObject): void {
    const uid = pod.metadata.uid!;
    void this.store.save(pod).catch((err) => this.deps.log.warn({ err: String(err) }, 'could not save pod locally'));
    this.ensureWorker(uid).update(pod);
  }

  private forget(uid: string): void {
    this.workers.get(uid)?.update(undefined);
  }

  private ensureWorker(uid: string): PodWorker {
    let w = this.workers.get(uid);
    if (!w) {
      w = new PodWorker(uid, this.deps, (done) => {
        this.workers.delete(done);
        void this.store.remove(done);
      });
      this.workers.set(uid, w);
    }
    return w;
  }

  /** Kicks a pod's worker (probe results, image back-off expiry). */
  kick(uid: string): void {
    this.workers.get(uid)?.kick();
  }

  private subscribeEvents(): void {
    if (this.stopped) return;
    this.stopEvents = this.deps.runtime.events((e) => {
      if (e.podUid) this.workers.get(e.podUid)?.kick();
    }, (err) => {
      this.deps.log.warn({ err: String(err) }, 'engine event stream lost; resubscribing');
      this.stopEvents?.();
      this.timers.push(setTimeout(() => this.subscribeEvents(), 1000));
    });
  }

  /** Containers of pods this node no longer runs (deleted while the agent was down): stopped and removed. */
  private async collectOrphans(): Promise<void> {
    try {
      const all = await this.deps.runtime.list();
      for (const c of all) {
        if (this.workers.has(c.pod.uid) || !c.pod.uid) continue;
        this.ensureWorker(c.pod.uid).update(undefined);
      }
    } catch (err) {
      this.deps.log.debug({ err: String(err) }, 'orphan scan failed');
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.informer.stop();
    this.stopEvents?.();
    for (const t of this.timers) clearTimeout(t);
    // Wait (bounded) for syncs under way, so nothing writes to the data dir after stop() returns.
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise<void>((r) => { timer = setTimeout(r, STOP_WAIT_MS); });
    await Promise.race([Promise.all([...this.workers.values()].map((w) => w.halt())), bound]);
    clearTimeout(timer);
  }
}
