// Offline autonomy and restarts: an agent restart adopts running pods; pods deleted while it was down are
// cleaned up; with the control plane away pods keep running and are restarted per policy — even across an
// agent restart — and on reconnect the agent reports again; a killed sandbox brings the pod back.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { join } from 'node:path';
import Dockerode from 'dockerode';
import { nodeIpamController } from '../../../main/controllers/node/node-ipam-controller.js';
import { startTestAgent, type TestAgent } from '../../helpers/agent.js';
import { startTestCluster, type TestCluster } from '../../helpers/cluster.js';
import { BUSYBOX_IMAGE, ensureBusyboxImage } from '../../helpers/images.js';
import { tempDir } from '../../helpers/tmp.js';
import { waitFor } from '../../helpers/wait.js';

const freePort = (): Promise<number> => new Promise((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const port = (s.address() as { port: number }).port;
    s.close(() => resolve(port));
  });
});

describe('agent restarts and offline autonomy', () => {
  const docker = new Dockerode();
  const dir = tempDir('skiff-offline-');
  const dataDir = join(dir.path, 'cp');
  let port = 0;
  let c: TestCluster;
  let a: TestAgent;
  const start = () => startTestCluster({ port, dataDir, controllers: [nodeIpamController] });
  const containers = async (pod: string, name = 'main') => (await docker.listContainers({ all: true, filters: { label: [`io.skiff.node=${a.nodeName}`, `io.skiff.pod.name=${pod}`, `io.skiff.container.name=${name}`] } }));
  const running = async (pod: string) => (await containers(pod)).filter((x) => x.State === 'running');
  const podYaml = (name: string, command: string) => `apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
  nodeName: NODE
  terminationGracePeriodSeconds: 1
  containers:
  - name: main
    image: ${BUSYBOX_IMAGE}
    command: ["sh", "-c", "${command}"]
`;
  const create = async (name: string, command: string) => {
    const r = await c.kubectl(['apply', '-f', '-'], { input: podYaml(name, command).replace('NODE', a.nodeName) });
    assert.equal(r.code, 0, r.stderr);
    await waitFor(`${name} to run`, async () => (await running(name)).length === 1, { timeoutMs: 30_000 });
  };
  before(async () => {
    await ensureBusyboxImage();
    port = await freePort();
    c = await start();
    a = await startTestAgent(c);
  });
  after(async () => {
    await a?.destroy();
    await c?.stop();
    dir.remove();
  });

  test('a restarted agent adopts its running pods instead of recreating them', async () => {
    await create('keep', 'sleep 3600');
    const [before] = await running('keep');
    await a.stop();
    await a.restart();
    await new Promise((r) => setTimeout(r, 3000));
    const after = await running('keep');
    assert.deepEqual(after.map((x) => x.Id), [before.Id]);
    assert.equal(await c.k('get', 'pod', 'keep', '-o', 'jsonpath={.status.phase} {.status.containerStatuses[0].restartCount}'), 'Running 0');
  });

  test('a pod deleted while the agent was down is cleaned up when it returns', async () => {
    await create('gone', 'sleep 3600');
    await a.stop();
    await c.k('delete', 'pod', 'gone', '--force', '--grace-period=0');
    await a.restart();
    await waitFor('the orphaned containers to go', async () => (await containers('gone')).length === 0, { timeoutMs: 20_000 });
  });

  test('without the control plane, pods keep running and restart per policy, even across an agent restart', async () => {
    await create('steady', 'sleep 3600');
    await create('flaky', 'sleep 1; exit 1');
    const [steady] = await running('steady');
    await c.stop();
    await waitFor('flaky to be restarted offline', async () => (await containers('flaky')).some((x) => Number(x.Labels['io.skiff.container.restart-count']) >= 1), { timeoutMs: 20_000 });
    await a.stop();
    await a.restart();
    await waitFor('flaky restarted again by the new agent', async () => (await containers('flaky')).some((x) => Number(x.Labels['io.skiff.container.restart-count']) >= 2), { timeoutMs: 20_000 });
    assert.deepEqual((await running('steady')).map((x) => x.Id), [steady.Id], 'steady kept running throughout');
    c = await start();
    await waitFor('the agent to report again', async () => Number(await c.k('get', 'pod', 'flaky', '-o', 'jsonpath={.status.containerStatuses[0].restartCount}')) >= 2, { timeoutMs: 45_000, intervalMs: 500 });
    assert.equal(await c.k('get', 'pod', 'steady', '-o', 'jsonpath={.status.phase}'), 'Running');
  });

  test('a killed sandbox brings the pod back with new containers', async () => {
    const [sandbox] = await containers('steady', 'POD');
    await docker.getContainer(sandbox.Id).kill();
    await waitFor('a new sandbox and container', async () => {
      const sb = (await containers('steady', 'POD')).filter((x) => x.State === 'running');
      return sb.length === 1 && sb[0].Id !== sandbox.Id && (await running('steady')).length === 1;
    }, { timeoutMs: 30_000 });
    await waitFor('Running again', async () => (await c.k('get', 'pod', 'steady', '-o', 'jsonpath={.status.phase}')) === 'Running', { timeoutMs: 15_000 });
  });
});
