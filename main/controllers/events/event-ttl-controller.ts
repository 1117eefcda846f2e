// Events expire eventTtlMs after they were last written (kube-apiserver does this with an etcd lease per
// write, --event-ttl=1h; LevelDB has no leases, so a controller sweeps). One timer, set for the earliest
// expiry but never more often than a fraction of the TTL, finds the expired ones; the queue deletes them,
// each guarded by its resourceVersion so an Event updated meanwhile (count++) lives on.
import { StatusError } from '../../../api/errors/status-error.js';
import { findResource } from '../../../api/resources/registry.js';
import type { KubeObject } from '../../../api/types/meta.js';
import { Controller } from '../../../client/controller.js';
import { objectKey, splitKey } from '../../../client/keys.js';
import type { ControllerFactory } from '../context.js';

const EVENTS = findResource('', 'v1', 'events')!;
const MIN_SWEEP_MS = 100;
const MAX_SWEEP_MS = 10_000;

/** When the event was last written: the latest of its timestamps and managed-field times (ms; -Infinity if none). */
export function lastWrite(ev: KubeObject): number {
  const e = ev as KubeObject & { lastTimestamp?: string | null; firstTimestamp?: string | null; eventTime?: string | null; series?: { lastObservedTime?: string } | null };
  const times = [e.lastTimestamp, e.eventTime, e.firstTimestamp, e.series?.lastObservedTime, ev.metadata.creationTimestamp, ...(ev.metadata.managedFields ?? []).map((m) => m.time)];
  return Math.max(...times.map((t) => (t ? Date.parse(t) : NaN)).filter((n) => Number.isFinite(n)));
}

export const eventTtlController: ControllerFactory = (ctx) => {
  const ttl = ctx.config.eventTtlMs;
  const granularity = Math.min(MAX_SWEEP_MS, Math.max(MIN_SWEEP_MS, Math.floor(ttl / 60)));
  const events = ctx.informers.informerFor(EVENTS);
  const log = ctx.log.child({ controller: 'event-ttl' });
  const controller = new Controller({ name: 'event-ttl', reconcile, log, workers: 2 });
  let timer: NodeJS.Timeout | undefined;
  let timerAt = Infinity;
  let lastSweep = 0;
  let running = false;
  /** key → when we saw it written (ms), for writes while running: timestamps only have whole seconds. */
  const seenWritten = new Map<string, number>();

  const expiry = (ev: KubeObject): number => {
    const t = Math.max(lastWrite(ev), seenWritten.get(objectKey(ev)) ?? -Infinity);
    return Number.isFinite(t) ? t + ttl : ctx.clock().getTime(); // an event with no time at all is expired
  };
  const written = (ev: KubeObject): void => {
    if (running) seenWritten.set(objectKey(ev), ctx.clock().getTime());
    scheduleSweep(expiry(ev));
  };

  /** Makes sure a sweep happens by `at` (later by at most the granularity). */
  function scheduleSweep(at: number): void {
    if (!running) return;
    const when = Math.max(at, lastSweep + granularity);
    if (when >= timerAt) return;
    clearTimeout(timer);
    timerAt = when;
    timer = setTimeout(sweep, Math.max(0, when - ctx.clock().getTime()));
    timer.unref();
  }

  function sweep(): void {
    timerAt = Infinity;
    const now = ctx.clock().getTime();
    lastSweep = now;
    let next = Infinity;
    let expired = 0;
    for (const ev of events.list()) {
      const at = expiry(ev);
      if (at <= now) {
        controller.enqueue(objectKey(ev));
        expired++;
      } else {
        next = Math.min(next, at);
      }
    }
    if (expired > 0) log.debug({ expired }, 'expired events queued for deletion');
    if (next < Infinity) scheduleSweep(next);
  }

  events.addEventHandler({
    onAdd: written,
    onUpdate: (o, ev) => { if (o.metadata.resourceVersion !== ev.metadata.resourceVersion) written(ev); },
    onDelete: (ev) => seenWritten.delete(objectKey(ev)),
  });

  async function reconcile(key: string): Promise<void> {
    const ev = events.get(key);
    if (!ev || expiry(ev) > ctx.clock().getTime()) return;
    const { namespace, name } = splitKey(key);
    try {
      await ctx.transport.delete(EVENTS, namespace, name, { preconditions: { uid: ev.metadata.uid, resourceVersion: ev.metadata.resourceVersion } });
    } catch (err) {
      // Gone already, or written again since we looked (then it has a new expiry and a new sweep).
      if (!(err instanceof StatusError && (err.code === 404 || err.code === 409))) throw err;
    }
  }

  return {
    name: 'event-ttl',
    start(): void {
      running = true;
      controller.start();
      sweep();
    },
    async stop(): Promise<void> {
      running = false;
      clearTimeout(timer);
      await controller.stop();
    },
    get idle() { return controller.idle; },
  };
};
