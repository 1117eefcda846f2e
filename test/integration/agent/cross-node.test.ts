// Two nodes: one agent here, one in a network namespace of the test's own (its own address, bridge and
// podCIDR, sharing the Docker engine). Host routes (host-gw) join their pod networks: a pod on node A
// reaches a pod and a ClusterIP backed by node B, and node B's NodePort reaches a pod on node A.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Dockerode from 'dockerode';
import { DockerRuntime } from '../../../agent/runtime/docker-runtime.js';
import { AGENT_NODE_FLAGS } from '../../../main/agent-supervisor.js';
import { endpointSliceController } from '../../../main/controllers/endpoints/index.js';
import { nodeIpamController } from '../../../main/controllers/node/node-ipam-controller.js';
import { issueClientCert, renderKubeconfig, writeKubeconfig } from '../../../main/pki/index.js';
import { startTestAgent, type TestAgent } from '../../helpers/agent.js';
import { startTestCluster, type TestCluster } from '../../helpers/cluster.js';
import { BUSYBOX_IMAGE, ensureBusyboxImage } from '../../helpers/images.js';
import { createTestHost, type TestHost } from '../../helpers/netns.js';
import { repoPath } from '../../helpers/paths.js';
import { tempDir } from '../../helpers/tmp.js';
import { waitFor } from '../../helpers/wait.js';
import { httpGet } from '../../helpers/http-get.js';


describe('cross-node pod networking (host-gw)', () => {
  const docker = new Dockerode();
  const dir = tempDir('skiff-xnode-');
  let peer: TestHost;
  let c: TestCluster;
  let a: TestAgent;
  let b: ChildProcess | undefined;
  const nodeB = `xnode-b-${randomUUID().slice(0, 6)}`;
  const exec = async (node: string, pod: string, cmd: string[]) => {
    const [ctr] = await docker.listContainers({ filters: { label: [`io.skiff.node=${node}`, `io.skiff.pod.name=${pod}`, 'io.skiff.container.name=main'] } });
    return new DockerRuntime(docker, node).execSync(ctr.Id, cmd, 10_000);
  };
  const web = (name: string, node: string, body: string) => `apiVersion: v1
kind: Pod
metadata: {name: ${name}, labels: {app: ${name}}}
spec:
  nodeName: ${node}
  terminationGracePeriodSeconds: 0
  containers:
  - name: main
    image: ${BUSYBOX_IMAGE}
    command: ["sh", "-c", "mkdir -p /www; echo ${body} > /www/index.html; httpd -f -p 80 -h /www"]
---
apiVersion: v1
kind: Service
metadata: {name: ${name}}
spec:
  type: NodePort
  selector: {app: ${name}}
  ports: [{port: 80}]
`;
  before(async () => {
    await ensureBusyboxImage();
    peer = createTestHost();
    c = await startTestCluster({ host: peer.hostIP, controllers: [nodeIpamController, endpointSliceController] });
    a = await startTestAgent(c, { nodeIP: peer.hostIP });
    const cert = await issueClientCert(c.cp.pki.ca, { commonName: `system:node:${nodeB}`, organizations: ['system:nodes'] });
    const kubeconfig = join(dir.path, 'b.kubeconfig');
    await writeKubeconfig(kubeconfig, renderKubeconfig({ server: c.cp.url, caCertPem: c.cp.pki.caCertPem, clientCertPem: cert.certPem, clientKeyPem: cert.keyPem }));
    b = spawn('ip', ['netns', 'exec', peer.netns, process.execPath, ...AGENT_NODE_FLAGS, repoPath('bin', 'skiff.js'), 'agent', '--kubeconfig', kubeconfig, '--node-name', nodeB,
      '--data-dir', join(dir.path, 'b'), '--node-ip', peer.peerIP, '--bridge', 'skiff0', '--cluster-cidr', c.clusterCidr], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, SKIFF_LOG_LEVEL: 'warn' } });
    await waitFor('both nodes Ready', async () => (await c.k('get', 'nodes')).match(/\sReady\s/g)?.length === 2, { timeoutMs: 60_000, intervalMs: 500 });
  });
  after(async () => {
    if (b && b.exitCode === null) {
      b.kill('SIGTERM');
      await new Promise((r) => b!.once('exit', r));
    }
    for (const x of await docker.listContainers({ all: true, filters: { label: [`io.skiff.node=${nodeB}`] } })) await docker.getContainer(x.Id).remove({ force: true });
    await a?.destroy();
    await c?.stop();
    peer?.destroy();
    dir.remove();
  });

  test('pods on different nodes reach each other, their ClusterIPs and NodePorts', async () => {
    for (const y of [web('web-a', a.nodeName, 'from-a'), web('web-b', nodeB, 'from-b')]) {
      const r = await c.kubectl(['apply', '-f', '-'], { input: y });
      assert.equal(r.code, 0, r.stderr);
    }
    await waitFor('both pods running', async () => (await c.k('get', 'pods', '-o', 'jsonpath={.items[*].status.phase}')) === 'Running Running', { timeoutMs: 60_000, intervalMs: 500 });
    const ipB = await c.k('get', 'pod', 'web-b', '-o', 'jsonpath={.status.podIP}');
    const cidrs = await c.k('get', 'nodes', '-o', 'jsonpath={.items[*].spec.podCIDR}');
    assert.equal(new Set(cidrs.split(' ')).size, 2, `two podCIDRs: ${cidrs}`);
    // node A's pod → node B's pod, by pod IP
    const direct = await waitFor('a pod on A to reach the pod on B', async () => {
      const r = await exec(a.nodeName, 'web-a', ['wget', '-q', '-O', '-', `http://${ipB}/`]);
      return r.exitCode === 0 ? r.output : undefined;
    }, { timeoutMs: 20_000 });
    assert.equal(direct, 'from-b\n');
    // node A's pod → ClusterIP backed by node B
    const svcB = await c.k('get', 'svc', 'web-b', '-o', 'jsonpath={.spec.clusterIP}');
    const viaService = await waitFor('the ClusterIP backed by B', async () => {
      const r = await exec(a.nodeName, 'web-a', ['wget', '-q', '-O', '-', `http://${svcB}/`]);
      return r.exitCode === 0 ? r.output : undefined;
    }, { timeoutMs: 20_000 });
    assert.equal(viaService, 'from-b\n');
    // node B's NodePort → the pod on node A
    const portA = await c.k('get', 'svc', 'web-a', '-o', 'jsonpath={.spec.ports[0].nodePort}');
    const viaNodePort = await waitFor('B\'s NodePort to reach the pod on A', () => httpGet(`http://${peer.peerIP}:${portA}/`).catch(() => undefined), { timeoutMs: 20_000 });
    assert.equal(viaNodePort, 'from-a\n');
  });
});
