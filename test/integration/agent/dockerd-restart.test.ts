// A restart of the Docker engine under a running agent (as a package upgrade or `systemctl restart docker`
// does): the engine stops every container; when it is back, the agent brings each pod back — a new sandbox
// with a new network, its containers started again — and reports it Ready. The engine is a private dockerd
// of the test's own, so the machine's engine and the other tests are not disturbed.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Dockerode from 'dockerode';
import { nodeIpamController } from '../../../main/controllers/node/node-ipam-controller.js';
import { startTestAgent, type TestAgent } from '../../helpers/agent.js';
import { startTestCluster, type TestCluster } from '../../helpers/cluster.js';
import { httpGet } from '../../helpers/http-get.js';
import { BUSYBOX_IMAGE, ensureBusyboxImage } from '../../helpers/images.js';
import { startPrivateDockerd, type PrivateDockerd } from '../../helpers/private-dockerd.js';
import { waitFor } from '../../helpers/wait.js';

interface PodJson {
  status: {
    phase: string; podIP?: string;
    conditions?: { type: string; status: string }[];
    containerStatuses?: { name: string; ready: boolean; restartCount: number; containerID?: string; state: { running?: object } }[];
  };
}

describe('a restart of dockerd', () => {
  let engine: PrivateDockerd;
  let c: TestCluster;
  let a: TestAgent;
  const pod = async (name: string): Promise<PodJson> => JSON.parse(await c.k('get', 'pod', name, '-o', 'json')) as PodJson;
  const ready = (p: PodJson): boolean => p.status.phase === 'Running' && p.status.conditions?.find((x) => x.type === 'Ready')?.status === 'True';
  const running = async (name: string, container: string) => (await engine.docker.listContainers({ filters: { status: ['running'], label: [`io.skiff.node=${a.nodeName}`, `io.skiff.pod.name=${name}`, `io.skiff.container.name=${container}`] } }));

  before(async () => {
    await ensureBusyboxImage();
    engine = await startPrivateDockerd();
    await engine.loadFrom(new Dockerode(), [BUSYBOX_IMAGE]);
    c = await startTestCluster({ controllers: [nodeIpamController] });
    a = await startTestAgent(c, { docker: engine.docker });
  });
  after(async () => {
    await a?.destroy();
    await c?.stop();
    await engine?.destroy();
  });

  test('brings the pods back: new sandboxes and networks, containers restarted, Ready again, serving', async () => {
    const r = await c.kubectl(['apply', '-f', '-'], { input: `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  nodeName: ${a.nodeName}
  terminationGracePeriodSeconds: 1
  containers:
  - name: httpd
    image: ${BUSYBOX_IMAGE}
    command: ["sh", "-c", "mkdir -p /www && echo \\"up since $(date +%s%N)\\" > /www/index.html && exec httpd -f -p 8080 -h /www"]
    readinessProbe:
      httpGet: {path: /, port: 8080}
      periodSeconds: 1
---
apiVersion: v1
kind: Pod
metadata: {name: worker}
spec:
  nodeName: ${a.nodeName}
  terminationGracePeriodSeconds: 1
  containers:
  - name: main
    image: ${BUSYBOX_IMAGE}
    command: ["sh", "-c", "echo working; exec sleep 3600"]
` });
    assert.equal(r.code, 0, r.stderr);
    const before = await waitFor('both pods Ready', async () => {
      const [web, worker] = [await pod('web'), await pod('worker')];
      return ready(web) && ready(worker) ? { web, worker } : undefined;
    }, { timeoutMs: 30_000 });
    const firstPage = await waitFor('web to answer', () => httpGet(`http://${before.web.status.podIP}:8080/`).catch(() => ''));
    const [oldSandbox] = await running('web', 'POD');
    assert.ok(oldSandbox, 'the web pod has a running sandbox');

    const t0 = Date.now();
    await engine.stop();
    await engine.start();
    assert.equal((await running('web', 'POD')).length, 0, 'the engine stopped its containers on the way down');

    const after = await waitFor('both pods Ready again with new containers', async () => {
      const [web, worker] = [await pod('web'), await pod('worker')];
      const fresh = web.status.containerStatuses?.[0]?.containerID !== before.web.status.containerStatuses?.[0]?.containerID
        && worker.status.containerStatuses?.[0]?.containerID !== before.worker.status.containerStatuses?.[0]?.containerID;
      return fresh && ready(web) && ready(worker) ? { web, worker } : undefined;
    }, { timeoutMs: 60_000 });
    process.stdout.write(`# pods Ready again ${Date.now() - t0} ms after the engine was stopped\n`);
    const [newSandbox] = await running('web', 'POD');
    assert.ok(newSandbox && newSandbox.Id !== oldSandbox.Id, 'a new sandbox');
    assert.equal((await running('web', 'POD')).length, 1, 'exactly one sandbox');
    assert.equal((await running('worker', 'main')).length, 1, 'exactly one app container');
    for (const p of [after.web, after.worker]) assert.ok((p.status.containerStatuses?.[0]?.restartCount ?? 0) >= 1, 'the restart is counted');
    const page = await waitFor('web to answer on its new address', () => httpGet(`http://${after.web.status.podIP}:8080/`).catch(() => ''));
    assert.match(page, /^up since \d+/);
    assert.notEqual(page, firstPage, 'a new process served it');
    assert.match(await c.k('logs', 'worker'), /working/);
  });
});
