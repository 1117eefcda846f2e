// Probes against the real engine: an exec readiness probe that fails until a file appears, and an exec
// liveness probe that outlives its timeout and asks for the container to be killed.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import Dockerode from 'dockerode';
import { ProbeManager, type ProbeEvent, type ProbeKind, type ProbeResult } from '../../../agent/probes/index.js';
import { DockerRuntime } from '../../../agent/runtime/docker-runtime.js';
import type { ContainerSpec } from '../../../agent/runtime/types.js';
import { ensureBusyboxImage } from '../../helpers/images.js';
import { waitFor } from '../../helpers/wait.js';

describe('probes on the Docker engine', () => {
  const docker = new Dockerode();
  const rt = new DockerRuntime(docker, `probe-test-${randomUUID().slice(0, 8)}`);
  const pod = { uid: randomUUID(), namespace: 'default', name: 'probed' };
  let image = '';
  const managers: ProbeManager[] = [];

  before(async () => { image = await ensureBusyboxImage(docker); });
  after(async () => {
    for (const m of managers) m.stop();
    for (const c of await rt.list()) await rt.removeContainer(c.id);
  });

  async function runContainer(name: string): Promise<string> {
    const sandbox = await rt.runSandbox({ pod, hostname: pod.name, hostNetwork: false });
    const spec: ContainerSpec = {
      pod, sandboxId: sandbox.id, name, role: 'app', image, args: ['sh', '-c', 'sleep 3600'], env: [], mounts: [], tmpfs: {},
      tty: false, stdin: false, stdinOnce: false, privileged: false, readOnlyRootFilesystem: false, capAdd: [], capDrop: [],
      restartCount: 0, specHash: 'h', terminationGraceSeconds: 0, sharePid: false,
    };
    const id = await rt.createContainer(spec);
    await rt.startContainer(id);
    return id;
  }

  function manager() {
    const changes: { name: string; kind: ProbeKind; result: ProbeResult }[] = [];
    const events: ProbeEvent[] = [];
    const mgr = new ProbeManager({ runtime: rt, onChange: (_uid, name, kind, result) => changes.push({ name, kind, result }), onEvent: (_uid, _name, e) => events.push(e) });
    managers.push(mgr);
    return { mgr, changes, events };
  }

  test('an exec readiness probe fails until /tmp/ready exists, then the container is ready', async () => {
    const id = await runContainer('app');
    const { mgr, changes, events } = manager();
    mgr.addContainer(pod.uid, 'app', id, { readiness: { exec: { command: ['test', '-f', '/tmp/ready'] }, periodSeconds: 1, failureThreshold: 1 } }, { podIP: () => undefined });
    await waitFor('a failed readiness run', () => events.some((e) => e.reason === 'Unhealthy' && e.message === 'Readiness probe failed: '));
    assert.equal(mgr.isReady(pod.uid, 'app'), false);
    assert.deepEqual(await rt.execSync(id, ['touch', '/tmp/ready'], 5000), { exitCode: 0, output: '' });
    await waitFor('the container to turn ready', () => mgr.isReady(pod.uid, 'app'));
    assert.deepEqual(changes.map((c) => [c.name, c.kind, c.result.success]), [['app', 'readiness', true]]);
  });

  test('an exec liveness probe that outlives timeoutSeconds fails and asks for a kill', async () => {
    const id = await runContainer('slow');
    const { mgr, changes, events } = manager();
    mgr.addContainer(pod.uid, 'slow', id, { liveness: { exec: { command: ['sleep', '5'] }, timeoutSeconds: 1, periodSeconds: 1, failureThreshold: 1 } }, { podIP: () => undefined });
    await waitFor('the liveness failure', () => mgr.livenessFailed(pod.uid, 'slow'), { timeoutMs: 15_000 });
    assert.deepEqual(changes.map((c) => c.result), [{ kind: 'liveness', success: false, output: 'command "sleep 5" timed out', kill: true }]);
    assert.deepEqual(events[0], { type: 'Warning', reason: 'Unhealthy', message: 'Liveness probe failed: command "sleep 5" timed out' });
  });
});
