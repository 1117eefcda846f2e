// What a pod sees of the cluster's services: the Docker-link style environment variables of services that
// existed before it started, a resolv.conf pointing at the node's DNS server, and service names resolving
// (short names through the search path) to ClusterIPs that the node's proxy serves.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Dockerode from 'dockerode';
import { DockerRuntime } from '../../../agent/runtime/docker-runtime.js';
import { endpointSliceController } from '../../../main/controllers/endpoints/index.js';
import { nodeIpamController } from '../../../main/controllers/node/node-ipam-controller.js';
import { startTestAgent, type TestAgent } from '../../helpers/agent.js';
import { startTestCluster, type TestCluster } from '../../helpers/cluster.js';
import { BUSYBOX_IMAGE, ensureBusyboxImage } from '../../helpers/images.js';
import { waitFor } from '../../helpers/wait.js';

describe('agent: pod networking (service env, DNS, ClusterIP from a pod)', () => {
  let c: TestCluster;
  let a: TestAgent;
  const exec = async (pod: string, cmd: string[]): Promise<{ exitCode: number; output: string }> => {
    const [ctr] = await new Dockerode().listContainers({ filters: { label: [`io.skiff.node=${a.nodeName}`, `io.skiff.pod.name=${pod}`, 'io.skiff.container.name=main'] } });
    return new DockerRuntime(new Dockerode(), a.nodeName).execSync(ctr.Id, cmd, 10_000);
  };
  const run = async (yaml: string, name: string): Promise<void> => {
    const r = await c.kubectl(['apply', '-f', '-'], { input: yaml });
    assert.equal(r.code, 0, r.stderr);
    await waitFor(`${name} to run`, async () => (await c.k('get', 'pod', name, '-o', 'jsonpath={.status.phase}')) === 'Running', { timeoutMs: 30_000 });
  };
  before(async () => {
    await ensureBusyboxImage();
    c = await startTestCluster({ controllers: [nodeIpamController, endpointSliceController] });
    a = await startTestAgent(c);
  });
  after(async () => {
    await a?.destroy();
    await c?.stop();
  });

  test('service variables, resolv.conf and DNS names of services', async () => {
    await run(`apiVersion: v1
kind: Pod
metadata: {name: redis, labels: {app: redis, role: master}}
spec:
  nodeName: ${a.nodeName}
  containers:
  - name: main
    image: ${BUSYBOX_IMAGE}
    command: ["sh", "-c", "mkdir -p /www; echo pong > /www/ping; httpd -f -p 6379 -h /www"]
    ports: [{containerPort: 6379}]
`, 'redis');
    await c.kubectl(['apply', '-f', '-'], { input: 'apiVersion: v1\nkind: Service\nmetadata: {name: redis-master}\nspec:\n  selector: {app: redis, role: master}\n  ports: [{port: 6379, targetPort: 6379}]\n' });
    const ip = await c.k('get', 'svc', 'redis-master', '-o', 'jsonpath={.spec.clusterIP}');
    await run(`apiVersion: v1
kind: Pod
metadata: {name: client}
spec:
  nodeName: ${a.nodeName}
  containers:
  - name: main
    image: ${BUSYBOX_IMAGE}
    command: ["sleep", "3600"]
`, 'client');
    const env = (await exec('client', ['env'])).output;
    assert.match(env, new RegExp(`^REDIS_MASTER_SERVICE_HOST=${ip.replaceAll('.', '\\.')}$`, 'm'));
    assert.match(env, /^REDIS_MASTER_SERVICE_PORT=6379$/m);
    assert.match(env, new RegExp(`^REDIS_MASTER_PORT_6379_TCP=tcp://${ip.replaceAll('.', '\\.')}:6379$`, 'm'));
    assert.match(env, /^KUBERNETES_SERVICE_HOST=10\.96\.0\.1$/m);
    const resolv = (await exec('client', ['cat', '/etc/resolv.conf'])).output;
    assert.match(resolv, /^search default\.svc\.cluster\.local svc\.cluster\.local cluster\.local/m);
    assert.match(resolv, /^options ndots:5$/m);
    assert.match((await exec('client', ['cat', '/etc/hosts'])).output, /\tclient$/m);
    const lookup = await waitFor('the short name to resolve', async () => {
      // busybox nslookup tries every search domain and exits 1 when any of them is NXDOMAIN: read its answer.
      const r = await exec('client', ['nslookup', 'redis-master']);
      return r.output.includes(`Address: ${ip}`) ? r : undefined;
    }, { timeoutMs: 15_000 });
    assert.match(lookup.output, /redis-master\.default\.svc\.cluster\.local/);
    const viaService = await waitFor('the ClusterIP from inside a pod', async () => {
      const r = await exec('client', ['wget', '-q', '-O', '-', `http://redis-master:6379/ping`]);
      return r.exitCode === 0 ? r : undefined;
    }, { timeoutMs: 15_000 });
    assert.equal(viaService.output, 'pong\n');
    const missing = await exec('client', ['nslookup', 'nothing-here.default.svc.cluster.local']);
    assert.notEqual(missing.exitCode, 0, 'unknown cluster names do not resolve');
  });
});
