// The probe manager's kubelet semantics, driven by a fake clock and a scripted exec runtime: thresholds,
// readiness flapping, startup gating, initial delay and jitter, kills, restarts and pod termination.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Probe } from 'kubernetes-types/core/v1.js';
import { ProbeManager, probeKillMessage, type ContainerProbes, type ProbeEvent, type ProbeKind, type ProbeResult } from '../../../../agent/probes/index.js';
import { FakeClock, FakeRuntime } from './fakes.js';

const POD = 'pod-uid-1';
const target = { podIP: () => '10.244.0.5' };
const exec = (cmd: string, extra: Partial<Probe> = {}): Probe => ({ exec: { command: [cmd] }, periodSeconds: 10, ...extra });

function setup(opts: { agentJustStarted?: boolean } = {}) {
  const clock = new FakeClock();
  /** Exit codes per command, in order; the last one repeats. */
  const scripts: Record<string, number[]> = {};
  const runtime = new FakeRuntime((cmd) => {
    const q = scripts[cmd[0]] ?? [0];
    const exitCode = q.length > 1 ? (q.shift() as number) : q[0];
    return { exitCode, output: `${cmd[0]}: exit ${exitCode}\n` };
  });
  const changes: { name: string; kind: ProbeKind; result: ProbeResult }[] = [];
  const events: { name: string; event: ProbeEvent }[] = [];
  const mgr = new ProbeManager({
    runtime, clock,
    onChange: (uid, name, kind, result) => { assert.equal(uid, POD); changes.push({ name, kind, result }); },
    onEvent: (uid, name, event) => events.push({ name, event }),
  });
  // Unless a test says otherwise the agent has been up for a while, so first runs are not jittered.
  if (!opts.agentJustStarted) clock.t += 3_600_000;
  const add = (probes: ContainerProbes, id = 'c1', name = 'web'): void => mgr.addContainer(POD, name, id, probes, target);
  return { clock, scripts, runtime, changes, events, mgr, add };
}

describe('ProbeManager', () => {
  test('liveness fails after failureThreshold failures in a row, reports the kill once and stops probing', async () => {
    const { clock, scripts, runtime, changes, events, mgr, add } = setup();
    scripts.live = [1];
    add({ liveness: exec('live', { terminationGracePeriodSeconds: 5 }) });
    await clock.advance(0);
    await clock.advance(10_000);
    assert.equal(runtime.count('live'), 2);
    assert.deepEqual(changes, [], 'two failures are below the default threshold of 3');
    assert.equal(mgr.livenessFailed(POD, 'web'), false);
    await clock.advance(10_000);
    assert.equal(runtime.count('live'), 3);
    assert.deepEqual(changes, [{ name: 'web', kind: 'liveness', result: { kind: 'liveness', success: false, output: 'live: exit 1\n', kill: true, terminationGracePeriodSeconds: 5 } }]);
    assert.equal(mgr.livenessFailed(POD, 'web'), true);
    assert.deepEqual(events.map((e) => e.event), Array(3).fill({ type: 'Warning', reason: 'Unhealthy', message: 'Liveness probe failed: live: exit 1\n' }));
    assert.equal(probeKillMessage('web', 'liveness', true), 'Container web failed liveness probe, will be restarted');
    await clock.advance(60_000);
    assert.equal(runtime.count('live'), 3, 'a container about to be killed is not probed again');
    assert.equal(changes.length, 1);
  });

  test('a success resets the failure run', async () => {
    const { clock, scripts, runtime, changes, mgr, add } = setup();
    scripts.live = [1, 1, 0, 1, 1, 0];
    add({ liveness: exec('live') });
    await clock.advance(0);
    await clock.advance(50_000);
    assert.equal(runtime.count('live'), 6);
    assert.deepEqual(changes, []);
    assert.equal(mgr.livenessFailed(POD, 'web'), false);
    assert.equal(mgr.isReady(POD, 'web'), true, 'no readiness probe: ready');
  });

  test('readiness starts not ready and flips only after successThreshold / failureThreshold runs in a row', async () => {
    const { clock, scripts, changes, mgr, add } = setup();
    scripts.ready = [1, 0, 0, 1, 0, 1, 1, 0, 0];
    add({ readiness: exec('ready', { successThreshold: 2, failureThreshold: 2 }) });
    assert.equal(mgr.isReady(POD, 'web'), false, 'not ready before the first run');
    assert.equal(mgr.isStarted(POD, 'web'), true);
    const readiness: boolean[] = [];
    for (let i = 0; i < 9; i++) {
      await clock.advance(i === 0 ? 0 : 10_000);
      readiness.push(mgr.isReady(POD, 'web'));
    }
    assert.deepEqual(readiness, [false, false, true, true, true, true, false, false, true]);
    assert.deepEqual(changes.map((c) => [c.kind, c.result.success, c.result.kill]), [['readiness', true, false], ['readiness', false, false], ['readiness', true, false]]);
  });

  test('a container without probes is started and ready; an unknown one is neither', () => {
    const { mgr, add } = setup();
    add({});
    assert.equal(mgr.isStarted(POD, 'web'), true);
    assert.equal(mgr.isReady(POD, 'web'), true);
    assert.equal(mgr.isReady(POD, 'other'), false);
    assert.equal(mgr.isStarted('nope', 'web'), false);
    mgr.removeContainer(POD, 'web');
    assert.equal(mgr.isReady(POD, 'web'), false);
  });

  test('the startup probe gates liveness and readiness; readiness runs as soon as startup passes', async () => {
    const { clock, scripts, runtime, changes, mgr, add } = setup();
    scripts.start = [1, 1, 0];
    scripts.live = [0];
    scripts.ready = [0];
    add({ startup: exec('start', { failureThreshold: 5 }), liveness: exec('live'), readiness: exec('ready', { periodSeconds: 30 }) });
    await clock.advance(0);
    await clock.advance(10_000);
    assert.equal(runtime.count('start'), 2);
    assert.equal(runtime.count('live') + runtime.count('ready'), 0, 'nothing else runs before startup passes');
    assert.equal(mgr.isStarted(POD, 'web'), false);
    assert.equal(mgr.isReady(POD, 'web'), false);
    await clock.advance(10_000);
    assert.equal(mgr.isStarted(POD, 'web'), true);
    assert.equal(runtime.count('ready'), 1, 'readiness ran right after startup passed, not a period later');
    assert.equal(mgr.isReady(POD, 'web'), true);
    assert.deepEqual(changes.map((c) => [c.kind, c.result.success]), [['startup', true], ['readiness', true]]);
    await clock.advance(30_000);
    assert.equal(runtime.count('start'), 3, 'a passed startup probe runs no more');
    assert.ok(runtime.count('live') >= 1, 'liveness runs once started');
  });

  test('a startup probe that keeps failing kills the container; liveness never ran', async () => {
    const { clock, scripts, runtime, changes, mgr, add } = setup();
    scripts.start = [1];
    add({ startup: exec('start', { failureThreshold: 2, periodSeconds: 1 }), liveness: exec('live') });
    await clock.advance(0);
    await clock.advance(5_000);
    assert.equal(runtime.count('start'), 2);
    assert.equal(runtime.count('live'), 0);
    assert.equal(mgr.startupFailed(POD, 'web'), true);
    assert.deepEqual(changes.map((c) => [c.kind, c.result.success, c.result.kill]), [['startup', false, true]]);
  });

  test('initialDelaySeconds counts from the container start; probes then run every periodSeconds', async () => {
    const { clock, runtime, add } = setup();
    add({ readiness: exec('ready', { initialDelaySeconds: 15, periodSeconds: 5 }) });
    await clock.advance(14_999);
    assert.equal(runtime.count('ready'), 0);
    await clock.advance(1);
    assert.equal(runtime.count('ready'), 1);
    await clock.advance(10_000);
    assert.equal(runtime.count('ready'), 3);
  });

  test('a container that started long ago (agent restart) is probed without waiting for its initial delay again', async () => {
    const { clock, runtime, mgr } = setup();
    mgr.addContainer(POD, 'web', 'c1', { readiness: exec('ready', { initialDelaySeconds: 60 }) }, { ...target, startedAt: new Date(clock.now() - 120_000) });
    await clock.advance(0);
    assert.equal(runtime.count('ready'), 1);
  });

  test('right after the agent starts, first runs are spread over a random part of the period', async () => {
    const { clock, runtime, add } = setup({ agentJustStarted: true });
    clock.rand = 0.5;
    add({ readiness: exec('ready', { periodSeconds: 10 }) });
    await clock.advance(4_999);
    assert.equal(runtime.count('ready'), 0);
    await clock.advance(1);
    assert.equal(runtime.count('ready'), 1);
  });

  test('a new container instance gets fresh workers; removing the old id does not touch it', async () => {
    const { clock, scripts, runtime, mgr, add } = setup();
    scripts.live = [1];
    add({ liveness: exec('live', { failureThreshold: 1 }), readiness: exec('ready') });
    await clock.advance(0);
    assert.equal(mgr.livenessFailed(POD, 'web'), true);
    add({ liveness: exec('live', { failureThreshold: 1 }), readiness: exec('ready') }, 'c1');
    assert.equal(mgr.livenessFailed(POD, 'web'), true, 'adding the same instance again changes nothing');
    scripts.live = [0];
    add({ liveness: exec('live', { failureThreshold: 1 }), readiness: exec('ready') }, 'c2');
    assert.equal(mgr.livenessFailed(POD, 'web'), false);
    assert.equal(mgr.isReady(POD, 'web'), false, 'the new instance starts not ready');
    mgr.removeContainer(POD, 'web', 'c1');
    await clock.advance(0);
    assert.equal(mgr.isReady(POD, 'web'), true);
    assert.deepEqual(runtime.calls.slice(-2).map((c) => c.id), ['c2', 'c2']);
    mgr.removePod(POD);
    const before = runtime.calls.length;
    await clock.advance(60_000);
    assert.equal(runtime.calls.length, before, 'a removed pod is not probed');
  });

  test('pod termination stops liveness (no kill during the grace period) while readiness goes on', async () => {
    const { clock, scripts, runtime, changes, mgr, add } = setup();
    scripts.live = [1];
    scripts.ready = [0];
    add({ liveness: exec('live'), readiness: exec('ready') });
    await clock.advance(0);
    mgr.podTerminating(POD);
    await clock.advance(60_000);
    assert.equal(runtime.count('live'), 1);
    assert.equal(runtime.count('ready'), 7);
    assert.equal(mgr.livenessFailed(POD, 'web'), false);
    assert.ok(changes.every((c) => !c.result.kill));
  });

  test('exec commands expand $(VAR) from the container env and get the probe timeout', async () => {
    const { clock, runtime, mgr } = setup();
    const probe: Probe = { exec: { command: ['sh', '-c', 'test -f $(READY_FILE) && echo $$(HOME)'] }, timeoutSeconds: 3 };
    mgr.addContainer(POD, 'web', 'c9', { readiness: probe }, { ...target, env: [{ name: 'READY_FILE', value: '/tmp/ready' }] });
    await clock.advance(0);
    assert.deepEqual(runtime.calls, [{ id: 'c9', cmd: ['sh', '-c', 'test -f /tmp/ready && echo $(HOME)'], timeoutMs: 3000 }]);
  });

  test('a probe that cannot run is an error: reported, retried, but never counted', async () => {
    const { clock, changes, events, mgr } = setup();
    mgr.addContainer(POD, 'web', 'c1', { liveness: { httpGet: { port: 'metrics' }, failureThreshold: 1 } }, { podIP: () => '127.0.0.1', ports: [{ name: 'http', containerPort: 8080 }] });
    await clock.advance(0);
    await clock.advance(10_000);
    assert.equal(mgr.livenessFailed(POD, 'web'), false);
    assert.deepEqual(changes, []);
    assert.equal(events.length, 2);
    assert.equal(events[0].event.message, 'Liveness probe errored and resulted in unknown state: port "metrics" is not a number and no container port has that name');
  });
});
