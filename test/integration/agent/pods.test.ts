// The agent running real pods on the Docker engine, driven through the API with kubectl.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { nodeIpamController } from '../../../main/controllers/node/node-ipam-controller.js';
import { startTestAgent, type TestAgent } from '../../helpers/agent.js';
import { startTestCluster, type TestCluster } from '../../helpers/cluster.js';
import { BUSYBOX_IMAGE, ensureBusyboxImage } from '../../helpers/images.js';
import { waitFor } from '../../helpers/wait.js';
import { httpGet } from '../../helpers/http-get.js';

interface PodJson {
  status: {
    phase: string; podIP?: string; hostIP?: string;
    conditions?: { type: string; status: string }[];
    containerStatuses?: { name: string; ready: boolean; restartCount: number; state: { running?: object; waiting?: { reason: string; message?: string }; terminated?: { exitCode: number; reason: string } }; lastState: { terminated?: { exitCode: number } } }[];
  };
}


describe('agent: pods on the Docker engine', () => {
  let c: TestCluster;
  let a: TestAgent;
  const pod = async (name: string): Promise<PodJson> => JSON.parse(await c.k('get', 'pod', name, '-o', 'json')) as PodJson;
  const apply = async (yaml: string): Promise<void> => {
    const r = await c.kubectl(['apply', '-f', '-'], { input: yaml });
    assert.equal(r.code, 0, r.stderr);
  };
  before(async () => {
    await ensureBusyboxImage();
    c = await startTestCluster({ controllers: [nodeIpamController] });
    a = await startTestAgent(c);
  });
  after(async () => {
    await a?.destroy();
    await c?.stop();
  });

  test('the node registers with capacity, nodeInfo and a podCIDR, and is Ready', async () => {
    const node = JSON.parse(await c.k('get', 'node', a.nodeName, '-o', 'json')) as { spec: { podCIDR: string }; status: { capacity: Record<string, string>; nodeInfo: { containerRuntimeVersion: string; kernelVersion: string }; conditions: { type: string; status: string }[] } };
    assert.match(node.spec.podCIDR, new RegExp(`^${c.clusterCidr.split('.').slice(0, 2).join('\\.')}\\.\\d+\\.0/24$`));
    assert.equal(node.status.capacity.pods, '110');
    assert.match(node.status.nodeInfo.containerRuntimeVersion, /^docker:\/\/\d+/);
    assert.equal(node.status.conditions.find((x) => x.type === 'Ready')?.status, 'True');
    assert.match(await c.k('get', 'nodes'), new RegExp(`\\n${a.nodeName}\\s+Ready\\s+<none>\\s+\\S+\\s+v1\\.32\\.4-skiff\\n`));
  });

  test('two containers share an emptyDir and localhost (the sidecar pattern); secrets as env and files', async () => {
    await c.k('create', 'secret', 'generic', 'creds', '--from-literal=password=hunter2');
    await apply(`apiVersion: v1
kind: Pod
metadata:
  name: duo
spec:
  nodeName: ${a.nodeName}
  volumes:
  - name: logs
    emptyDir: {}
  - name: mem
    emptyDir: {medium: Memory, sizeLimit: 8Mi}
  - name: creds
    secret:
      secretName: creds
  containers:
  - name: web
    image: ${BUSYBOX_IMAGE}
    command: ["sh", "-c", "echo shared > /mem/hello; mkdir -p /www && echo \\"pw=$PASSWORD file=$(cat /etc/creds/password)\\" > /www/index.html && httpd -f -p 8080 -h /www -vv 2>>/var/log/web/access.log"]
    env:
    - name: PASSWORD
      valueFrom:
        secretKeyRef: {name: creds, key: password}
    ports:
    - containerPort: 8080
    volumeMounts:
    - {name: logs, mountPath: /var/log/web}
    - {name: mem, mountPath: /mem}
    - {name: creds, mountPath: /etc/creds, readOnly: true}
  - name: sidecar
    image: ${BUSYBOX_IMAGE}
    command: ["sh", "-c", "touch /logs/access.log; while true; do wget -q -O /dev/null http://127.0.0.1:8080/ ; sleep 0.5; done & tail -f /logs/access.log"]
    volumeMounts:
    - {name: logs, mountPath: /logs}
    - {name: mem, mountPath: /mem}
`);
    const p = await waitFor('duo to run', async () => {
      const s = await pod('duo');
      return s.status.phase === 'Running' && s.status.containerStatuses?.every((x) => x.ready) ? s : undefined;
    }, { timeoutMs: 30_000 });
    assert.ok((p.status.podIP ?? '').startsWith(c.clusterCidr.split('.').slice(0, 2).join('.') + '.'), p.status.podIP);
    assert.equal(await waitFor('the pod to answer', () => httpGet(`http://${p.status.podIP}:8080/`).catch(() => '')), 'pw=hunter2 file=hunter2\n');
    assert.match(await c.k('get', 'pod', 'duo'), /\nduo\s+2\/2\s+Running\s+0\s+/);
    const { default: Dockerode } = await import('dockerode');
    const [side] = await new Dockerode().listContainers({ filters: { label: [`io.skiff.node=${a.nodeName}`, 'io.skiff.pod.name=duo', 'io.skiff.container.name=sidecar'] } });
    const { DockerRuntime } = await import('../../../agent/runtime/docker-runtime.js');
    const shared = await new DockerRuntime(new Dockerode(), a.nodeName).execSync(side.Id, ['sh', '-c', 'cat /mem/hello; grep " /mem " /proc/mounts | cut -d" " -f3'], 5000);
    assert.deepEqual(shared, { exitCode: 0, output: 'shared\ntmpfs\n' }, 'the memory emptyDir is one tmpfs shared by both containers');
    assert.equal(p.status.conditions?.find((x) => x.type === 'Ready')?.status, 'True');
  });

  test('a crash-looping container restarts with back-off and shows CrashLoopBackOff', async () => {
    await apply(`apiVersion: v1
kind: Pod
metadata:
  name: crasher
spec:
  nodeName: ${a.nodeName}
  containers:
  - name: main
    image: ${BUSYBOX_IMAGE}
    command: ["sh", "-c", "echo dying; exit 3"]
`);
    const s = await waitFor('restarts', async () => {
      const p = await pod('crasher');
      const cs = p.status.containerStatuses?.[0];
      return cs && cs.restartCount >= 2 && cs.state.waiting?.reason === 'CrashLoopBackOff' ? cs : undefined;
    }, { timeoutMs: 30_000 });
    assert.equal(s.lastState.terminated?.exitCode, 3);
    assert.match(s.state.waiting?.message ?? '', /^back-off \d+s restarting failed container=main pod=crasher_default\(/);
    assert.match(await c.k('get', 'pod', 'crasher'), /\ncrasher\s+0\/1\s+CrashLoopBackOff\s+\d+ \(\S+ ago\)\s+/);
  });

  test('a failing readiness probe keeps the pod Running but not Ready; fixing it makes it Ready', async () => {
    await apply(`apiVersion: v1
kind: Pod
metadata:
  name: unready
spec:
  nodeName: ${a.nodeName}
  containers:
  - name: main
    image: ${BUSYBOX_IMAGE}
    command: ["sleep", "3600"]
    readinessProbe:
      exec: {command: ["test", "-f", "/tmp/ready"]}
      periodSeconds: 1
`);
    await waitFor('running but unready', async () => {
      const p = await pod('unready');
      return p.status.phase === 'Running' && p.status.containerStatuses?.[0].state.running && !p.status.containerStatuses[0].ready;
    }, { timeoutMs: 30_000 });
    assert.match(await c.k('get', 'pod', 'unready'), /\nunready\s+0\/1\s+Running\s+0\s+/);
    const { default: Dockerode } = await import('dockerode');
    const docker = new Dockerode();
    const [ctr] = await docker.listContainers({ filters: { label: ['io.skiff.pod.name=unready', 'io.skiff.container.name=main'] } });
    const exec = await docker.getContainer(ctr.Id).exec({ Cmd: ['touch', '/tmp/ready'] });
    await exec.start({});
    await waitFor('ready', async () => (await pod('unready')).status.containerStatuses?.[0].ready, { timeoutMs: 15_000 });
  });

  test('a missing image ends in ErrImagePull / ImagePullBackOff with the engine\'s message', async () => {
    await apply(`apiVersion: v1
kind: Pod
metadata:
  name: noimage
spec:
  nodeName: ${a.nodeName}
  containers:
  - name: main
    image: registry.invalid/nothing:1
`);
    const w = await waitFor('pull failure', async () => {
      const r = (await pod('noimage')).status.containerStatuses?.[0].state.waiting;
      return r && (r.reason === 'ErrImagePull' || r.reason === 'ImagePullBackOff') ? r : undefined;
    }, { timeoutMs: 20_000 });
    assert.ok(w.reason === 'ErrImagePull' ? /registry\.invalid/.test(w.message ?? '') : true);
    const out = await c.k('describe', 'pod', 'noimage');
    assert.match(out, /Failed to pull image "registry\.invalid\/nothing:1"/);
  });

  test('deleting a pod stops its containers within the grace period and removes it', async () => {
    await c.k('delete', 'pod', 'duo', '--grace-period=3', '--wait=true', '--timeout=30s');
    const { default: Dockerode } = await import('dockerode');
    const left = await new Dockerode().listContainers({ all: true, filters: { label: ['io.skiff.pod.name=duo', `io.skiff.node=${a.nodeName}`] } });
    assert.equal(left.length, 0);
  });
});
