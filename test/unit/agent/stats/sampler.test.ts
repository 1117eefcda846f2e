// The sampler's sweeps over a fake engine: which containers it asks about, how pods are summarised,
// and what happens when containers come, go, restart or fail to answer.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import { StatsSampler } from '../../../../agent/stats/sampler.js';
import type { ContainerInfo, PodRef } from '../../../../agent/runtime/types.js';

const WEB: PodRef = { namespace: 'default', name: 'web', uid: 'uid-web' };
const DB: PodRef = { namespace: 'apps', name: 'db', uid: 'uid-db' };

function ctr(id: string, pod: PodRef, name: string, state: ContainerInfo['state'] = 'running', role: ContainerInfo['role'] = 'app'): ContainerInfo {
  return { id, pod, name, role, restartCount: 0, specHash: '', state, oomKilled: false, image: 'busybox', imageId: 'sha256:1' };
}

/** An engine whose containers and counters the test sets between sweeps. */
function fakeEngine() {
  const e = {
    containers: [] as ContainerInfo[],
    cpu: new Map<string, number>(),
    mem: new Map<string, number>(),
    failing: new Set<string>(),
    asked: [] as string[],
    runtime: {
      list: async () => e.containers,
      stats: async (id: string) => {
        e.asked.push(id);
        if (e.failing.has(id)) throw new Error('engine hiccup');
        const cpu = e.cpu.get(id);
        return cpu === undefined ? undefined : { cpuUsageNanos: cpu, memoryWorkingSetBytes: e.mem.get(id) ?? 0 };
      },
    },
  };
  return e;
}

function setup() {
  const engine = fakeEngine();
  const clock = { ms: Date.parse('2025-03-01T10:00:00Z') };
  const host = { counters: { cpuUsageNanos: 1_000_000_000_000, memoryWorkingSetBytes: 2 * 2 ** 30 } as { cpuUsageNanos: number; memoryWorkingSetBytes: number } | undefined };
  const sampler = new StatsSampler({ runtime: engine.runtime, host: async () => host.counters, now: () => clock.ms, log: pino({ level: 'silent' }) });
  return { engine, clock, host, sampler };
}

describe('stats sampler', () => {
  test('asks the engine about running app containers only, and summarises pods after two sweeps', async () => {
    const { engine, clock, host, sampler } = setup();
    engine.containers = [ctr('sb-web', WEB, 'POD', 'running', 'sandbox'), ctr('web-main', WEB, 'main'), ctr('web-side', WEB, 'side'), ctr('web-old', WEB, 'main', 'exited'), ctr('db-main', DB, 'db')];
    for (const id of ['web-main', 'web-side', 'db-main']) engine.cpu.set(id, 1_000_000_000);
    engine.mem.set('web-main', 50 << 20);
    await sampler.sample();
    assert.deepEqual(engine.asked.sort(), ['db-main', 'web-main', 'web-side']);
    assert.deepEqual(sampler.summary(), { pods: [] }, 'one sample is no rate');

    clock.ms += 10_000;
    engine.cpu.set('web-main', 1_000_000_000 + 5_000_000_000); // half a core
    engine.cpu.set('web-side', 1_000_000_000 + 10_000_000); // 1m
    host.counters = { cpuUsageNanos: 1_000_000_000_000 + 12_000_000_000, memoryWorkingSetBytes: 3 * 2 ** 30 };
    await sampler.sample();
    const at = '2025-03-01T10:00:10.000Z';
    assert.deepEqual(sampler.summary(), {
      node: { timestamp: at, windowMs: 10_000, cpuNanoCores: 1_200_000_000, memoryWorkingSetBytes: 3 * 2 ** 30 },
      pods: [
        { namespace: 'apps', name: 'db', uid: 'uid-db', containers: [{ name: 'db', usage: { timestamp: at, windowMs: 10_000, cpuNanoCores: 0, memoryWorkingSetBytes: 0 } }] },
        { namespace: 'default', name: 'web', uid: 'uid-web', containers: [
          { name: 'main', usage: { timestamp: at, windowMs: 10_000, cpuNanoCores: 500_000_000, memoryWorkingSetBytes: 50 << 20 } },
          { name: 'side', usage: { timestamp: at, windowMs: 10_000, cpuNanoCores: 1_000_000, memoryWorkingSetBytes: 0 } },
        ] },
      ],
    });
  });

  test('a container that stopped or went away drops out; a restarted one (new id) waits for its second sample', async () => {
    const { engine, clock, sampler } = setup();
    engine.containers = [ctr('web-main', WEB, 'main'), ctr('db-main', DB, 'db')];
    engine.cpu.set('web-main', 0).set('db-main', 0);
    await sampler.sample();
    clock.ms += 10_000;
    await sampler.sample();
    assert.deepEqual(sampler.summary().pods.map((p) => p.name), ['db', 'web']);

    // db stopped; web's container restarted as a new engine container.
    engine.containers = [ctr('db-main', DB, 'db', 'exited'), ctr('web-main-2', WEB, 'main')];
    engine.cpu.set('web-main-2', 0);
    clock.ms += 10_000;
    await sampler.sample();
    assert.deepEqual(sampler.summary().pods, []);
    clock.ms += 10_000;
    engine.cpu.set('web-main-2', 2_000_000_000);
    await sampler.sample();
    assert.deepEqual(sampler.summary().pods.map((p) => [p.name, p.containers[0].usage.cpuNanoCores]), [['web', 200_000_000]]);
  });

  test('a container the engine cannot report on is left out of that sweep without stopping the others', async () => {
    const { engine, clock, host, sampler } = setup();
    host.counters = undefined; // no procfs: no node usage, pods still reported
    engine.containers = [ctr('web-main', WEB, 'main'), ctr('web-side', WEB, 'side'), ctr('db-main', DB, 'db')];
    engine.cpu.set('web-main', 0).set('web-side', 0);
    engine.failing.add('db-main');
    await sampler.sample();
    clock.ms += 10_000;
    engine.cpu.set('web-main', 1_000_000_000);
    engine.cpu.delete('web-side'); // gone between list and stats
    await sampler.sample();
    const s = sampler.summary();
    assert.equal(s.node, undefined);
    assert.deepEqual(s.pods.map((p) => [p.name, p.containers.map((c) => c.name)]), [['web', ['main']]]);
  });
});
