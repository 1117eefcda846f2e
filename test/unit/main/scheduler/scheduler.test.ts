// The scheduler's loop against a scripted transport: assume-then-bind, a failed bind that is forgotten and
// retried, and the writes and events a user would see.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import { ConflictError } from '../../../../api/errors/status-error.js';
import type { ResourceType } from '../../../../api/resources/registry.js';
import type { KubeList, KubeObject, WatchEvent } from '../../../../api/types/meta.js';
import { InformerFactory } from '../../../../client/informer-factory.js';
import type { Transport, WatchHandle, WriteOptions } from '../../../../client/transport.js';
import { DEFAULT_CONTROLLER_CONFIG } from '../../../../main/controllers/context.js';
import { Scheduler } from '../../../../main/scheduler/scheduler.js';
import { waitFor } from '../../../helpers/wait.js';
import { node, pod } from './fixtures.js';

/** Serves fixed objects per resource and records writes; bindings fail while `failBindings` > 0. */
class ScriptedTransport implements Transport {
  readonly objects = new Map<string, KubeObject[]>();
  readonly watchers = new Map<string, (e: WatchEvent) => void>();
  readonly bindings: { pod: string; node: string; fieldManager?: string }[] = [];
  readonly statusPatches: { pod: string; patch: unknown; fieldManager?: string }[] = [];
  failBindings = 0;

  async list(rt: ResourceType): Promise<KubeList> {
    return { apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '1' }, items: this.objects.get(rt.resource) ?? [] };
  }
  watch(rt: ResourceType, _ns: string | undefined, _o: unknown, onEvent: (e: WatchEvent) => void): WatchHandle {
    this.watchers.set(rt.resource, onEvent);
    return { stop: () => this.watchers.delete(rt.resource) };
  }
  async get(): Promise<KubeObject> { throw new Error('not used'); }
  async create(_rt: ResourceType, ns: string | undefined, obj: KubeObject, opts: WriteOptions & { name?: string } = {}): Promise<KubeObject> {
    assert.equal(opts.subresource, 'binding');
    const target = (obj.target as { name: string }).name;
    if (this.failBindings > 0) {
      this.failBindings--;
      throw new ConflictError('pods', '', opts.name!, 'the object has been modified; please apply your changes to the latest version and try again');
    }
    this.bindings.push({ pod: `${ns}/${opts.name}`, node: target, fieldManager: opts.fieldManager });
    // The API server's answer arrives as a watch event, as it would.
    const current = (this.objects.get('pods') ?? []).find((p) => p.metadata.name === opts.name)!;
    const bound = { ...current, metadata: { ...current.metadata, resourceVersion: String(Date.now()) }, spec: { ...(current.spec as object), nodeName: target } };
    this.watchers.get('pods')?.({ type: 'MODIFIED', object: bound });
    return bound;
  }
  async update(): Promise<KubeObject> { throw new Error('not used'); }
  async patch(_rt: ResourceType, ns: string | undefined, name: string, _t: unknown, patch: unknown, opts: WriteOptions = {}): Promise<KubeObject> {
    assert.equal(opts.subresource, 'status');
    this.statusPatches.push({ pod: `${ns}/${name}`, patch, fieldManager: opts.fieldManager });
    return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: ns } };
  }
  async delete(): Promise<undefined> { return undefined; }
}

describe('scheduler loop', () => {
  const stops: (() => Promise<void>)[] = [];
  after(async () => { for (const s of stops) await s(); });

  async function start(transport: ScriptedTransport, initialBackoffMs = 10) {
    const informers = new InformerFactory(transport);
    const events: { reason: string; type: string; message: string }[] = [];
    const scheduler = new Scheduler({
      transport, informers, clock: () => new Date(), log: pino({ level: 'silent' }), config: DEFAULT_CONTROLLER_CONFIG,
      events: () => ({ record: (_o, type, reason, message) => { events.push({ type, reason, message }); } }),
    }, { initialBackoffMs, maxBackoffMs: initialBackoffMs * 2 });
    informers.start();
    await informers.waitForSync();
    scheduler.start();
    stops.push(async () => { await scheduler.stop(); informers.stop(); });
    return { scheduler, events };
  }

  test('binds through pods/binding as kube-scheduler and records Scheduled', async () => {
    const t = new ScriptedTransport();
    t.objects.set('nodes', [node('n1')]);
    t.objects.set('pods', [pod({ name: 'web', requests: { cpu: '1' } })]);
    const { scheduler, events } = await start(t);
    await waitFor('bound', () => t.bindings.length === 1 && scheduler.idle);
    assert.deepEqual(t.bindings, [{ pod: 'default/web', node: 'n1', fieldManager: 'kube-scheduler' }]);
    assert.deepEqual(events, [{ type: 'Normal', reason: 'Scheduled', message: 'Successfully assigned default/web to n1' }]);
    assert.equal(scheduler.cache.node('n1')!.requested.milliCpu, 1000);
    assert.equal(scheduler.cache.isAssumed(t.objects.get('pods')![0].metadata.uid!), false, 'confirmed by the watch event');
  });

  test('a failed bind forgets the reservation, reports SchedulerError, and is retried after back-off', async () => {
    const t = new ScriptedTransport();
    t.failBindings = 1;
    t.objects.set('nodes', [node('n1')]);
    t.objects.set('pods', [pod({ name: 'web', requests: { cpu: '1' } })]);
    const { scheduler, events } = await start(t, 300);
    const failed = await waitFor('bind failure reported', () => events.find((e) => e.reason === 'FailedScheduling'));
    assert.equal(scheduler.cache.node('n1')!.requested.milliCpu, 0, 'the reservation is forgotten');
    assert.equal(scheduler.queue.counts.backoff, 1, 'waiting out its back-off');
    await waitFor('bound on retry', () => t.bindings.length === 1 && scheduler.idle);
    assert.equal(failed?.type, 'Warning');
    assert.match(failed.message, /^running Bind plugin "DefaultBinder": Operation cannot be fulfilled on pods "web"/);
    const cond = (t.statusPatches[0].patch as { status: { conditions: { reason: string; status: string }[] } }).status.conditions[0];
    assert.deepEqual({ reason: cond.reason, status: cond.status, by: t.statusPatches[0].fieldManager }, { reason: 'SchedulerError', status: 'False', by: 'kube-scheduler' });
    assert.equal(events.at(-1)?.reason, 'Scheduled');
    assert.equal(scheduler.cache.node('n1')!.requested.milliCpu, 1000, 'counted once, not twice');
  });
});
