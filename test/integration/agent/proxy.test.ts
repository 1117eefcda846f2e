// The service proxy on this machine's real iptables (nft backend), in front of real pods run by a real
// agent: ClusterIP balancing, NodePort on 127.0.0.1 and the node IP, a LoadBalancer, hairpin traffic,
// immediate refusal without endpoints, a newly ready endpoint taking traffic, and cleanup on stop.
// Traffic goes only to loopback, the node's own address, the service range and the test's own pods.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { endpointSliceController } from '../../../main/controllers/endpoints/index.js';
import { nodeIpamController } from '../../../main/controllers/node/node-ipam-controller.js';
import { HttpTransport } from '../../../client/http-transport.js';
import { loadKubeconfig } from '../../../client/kubeconfig.js';
import { ServiceProxy } from '../../../agent/proxy/index.js';
import { createAgentLogger } from '../../../agent/logger.js';
import { startTestAgent, type TestAgent } from '../../helpers/agent.js';
import { startTestCluster, type TestCluster } from '../../helpers/cluster.js';
import { BUSYBOX_IMAGE, ensureBusyboxImage } from '../../helpers/images.js';
import { waitFor } from '../../helpers/wait.js';

/** GETs a URL on a fresh connection; resolves with the body, rejects with the socket error (err.code). */
function httpGet(url: string, timeoutMs = 3000): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: false, timeout: timeoutMs }, (res) => {
      let s = '';
      res.on('data', (d: Buffer) => { s += d.toString(); });
      res.on('end', () => resolve(s.trim()));
    });
    req.on('error', reject);
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
    req.end();
  });
}

const errorCode = (p: Promise<unknown>): Promise<string> => p.then(() => 'answered', (err: NodeJS.ErrnoException) => err.code ?? err.message);

/** A pod serving its own name on :8080; it exits on SIGTERM so deletions are quick. */
const webPod = (name: string, node: string, labels: Record<string, string>): string => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  labels: ${JSON.stringify(labels)}
spec:
  nodeName: ${node}
  terminationGracePeriodSeconds: 2
  containers:
  - name: web
    image: ${BUSYBOX_IMAGE}
    command: ["sh", "-c", "mkdir -p /www && hostname > /www/index.html && trap 'exit 0' TERM && httpd -f -p 8080 -h /www & wait"]
    ports:
    - {name: http, containerPort: 8080}
`;

describe('agent: service proxy on real iptables', () => {
  let c: TestCluster;
  let a: TestAgent;
  let proxy: ServiceProxy;
  let nodeIP: string;
  let podCidr = '';
  const prefix = `IT${randomBytes(3).toString('hex').toUpperCase()}`;
  const ips: Record<string, string> = {};
  const apply = async (yaml: string): Promise<void> => {
    const r = await c.kubectl(['apply', '-f', '-'], { input: yaml });
    assert.equal(r.code, 0, r.stderr);
  };
  const svc = async (name: string): Promise<{ spec: { clusterIP: string; ports: { port: number; nodePort?: number }[] }; status: { loadBalancer: { ingress?: { ip: string }[] } } }> =>
    JSON.parse(await c.k('get', 'svc', name, '-o', 'json'));
  const newProxy = (): ServiceProxy => {
    const transport = new HttpTransport({ ...loadKubeconfig(a.kubeconfig), userAgent: 'proxy-test' });
    return new ServiceProxy({ transport, nodeName: a.nodeName, nodeIPs: [nodeIP], podCidr, chainPrefix: prefix, log: createAgentLogger('proxy-it', process.env.SKIFF_LOG_LEVEL ?? 'warn') });
  };
  /** Distinct answers over `n` requests. */
  const answers = async (url: string, n: number): Promise<string[]> => {
    const seen = new Set<string>();
    for (let i = 0; i < n; i++) seen.add(await httpGet(url));
    return [...seen].sort();
  };

  before(async () => {
    await ensureBusyboxImage();
    // A podCIDR of its own, away from other tests' 10.244.0.0/24 bridges on this machine.
    c = await startTestCluster({ controllers: [nodeIpamController, endpointSliceController] });
    a = await startTestAgent(c, { proxy: false }); // the test runs its own proxy instance
    const node = JSON.parse(await c.k('get', 'node', a.nodeName, '-o', 'json')) as { spec: { podCIDR: string }; status: { addresses: { type: string; address: string }[] } };
    podCidr = node.spec.podCIDR;
    nodeIP = node.status.addresses.find((x) => x.type === 'InternalIP')!.address;
    proxy = newProxy();
    await proxy.start();
    for (const [name, labels] of [['web-1', { app: 'web', solo: 'yes' }], ['web-2', { app: 'web' }]] as const) await apply(webPod(name, a.nodeName, labels));
    await apply(`apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  type: NodePort
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: http}]
---
apiVersion: v1
kind: Service
metadata: {name: solo}
spec:
  selector: {solo: "yes"}
  ports: [{port: 80, targetPort: 8080}]
`);
    for (const name of ['web-1', 'web-2']) {
      ips[name] = await waitFor(`${name} ready`, async () => {
        const p = JSON.parse(await c.k('get', 'pod', name, '-o', 'json')) as { status: { podIP?: string; conditions?: { type: string; status: string }[] } };
        return p.status.conditions?.find((x) => x.type === 'Ready')?.status === 'True' ? p.status.podIP : undefined;
      }, { timeoutMs: 60_000 });
    }
  });
  after(async () => {
    await proxy?.stop().catch(() => {});
    await a?.destroy();
    await c?.stop();
  });

  test('the ClusterIP reaches both pods, from the host, over many requests', async () => {
    const { spec } = await svc('web');
    assert.match(spec.clusterIP, /^10\.(9[6-9]|10[0-9]|11[01])\./);
    const seen = await waitFor('both pods behind the ClusterIP', async () => {
      const s = await answers(`http://${spec.clusterIP}/`, 30);
      return s.length === 2 ? s : undefined;
    }, { timeoutMs: 20_000 });
    assert.deepEqual(seen, ['web-1', 'web-2']);
  });

  test('with ClientIP session affinity every request of a client goes to the same pod', async () => {
    await apply(`apiVersion: v1
kind: Service
metadata: {name: sticky}
spec:
  selector: {app: web}
  sessionAffinity: ClientIP
  ports: [{port: 80, targetPort: 8080}]
`);
    const ip = (await svc('sticky')).spec.clusterIP;
    await waitFor('the service answering', () => httpGet(`http://${ip}/`).catch(() => ''), { timeoutMs: 10_000 });
    assert.equal((await answers(`http://${ip}/`, 30)).length, 1);
    await c.k('delete', 'svc', 'sticky');
  });

  test('the NodePort answers on 127.0.0.1 and on the node IP', async () => {
    const nodePort = (await svc('web')).spec.ports[0].nodePort!;
    assert.ok(nodePort >= 30000 && nodePort <= 32767);
    for (const host of ['127.0.0.1', nodeIP]) {
      assert.deepEqual(await answers(`http://${host}:${nodePort}/`, 30), ['web-1', 'web-2'], host);
    }
  });

  test('a pod reaching a service that lands on itself (hairpin) gets its answer', async () => {
    const ip = (await svc('solo')).spec.clusterIP;
    const out = execFileSync('docker', ['ps', '-q', '--filter', 'label=io.skiff.pod.name=web-1', '--filter', `label=io.skiff.node=${a.nodeName}`, '--filter', 'label=io.skiff.container.name=web']).toString().trim();
    // busybox's wget crashes in this static image; nc speaks the HTTP request itself.
    const answer = await new Promise<string>((resolve, reject) => execFile('docker', ['exec', out, 'sh', '-c', `printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 3 ${ip} 80`],
      (err, stdout, stderr) => (err ? reject(new Error(stderr || err.message)) : resolve(stdout.trim().split('\n').at(-1)!))));
    assert.equal(answer, 'web-1');
  });

  test('a LoadBalancer answers on the node\'s addresses at its port and lists the node IP in its status', async () => {
    const port = 18_000 + Math.floor(Math.random() * 1000);
    await apply(`apiVersion: v1
kind: Service
metadata: {name: lb}
spec:
  type: LoadBalancer
  selector: {app: web}
  ports: [{port: ${port}, targetPort: 8080}]
`);
    const ingress = await waitFor('the node IP in status', async () => (await svc('lb')).status.loadBalancer.ingress);
    assert.deepEqual(ingress, [{ ip: nodeIP }]);
    assert.match(await c.k('get', 'svc', 'lb'), new RegExp(`\\nlb\\s+LoadBalancer\\s+\\S+\\s+${nodeIP.replaceAll('.', '\\.')}\\s+${port}:3\\d{4}/TCP`));
    assert.deepEqual(await waitFor('LoadBalancer on 127.0.0.1', async () => {
      const s = await answers(`http://127.0.0.1:${port}/`, 30);
      return s.length === 2 ? s : undefined;
    }), ['web-1', 'web-2']);
    await c.k('delete', 'svc', 'lb');
  });

  test('with no endpoints left a connection is refused at once; an endpoint turning ready takes traffic', async (t) => {
    const ip = (await svc('web')).spec.clusterIP;
    await c.k('label', 'pod', 'web-1', 'web-2', 'app=paused', '--overwrite');
    // Refused (REJECT), not left to time out: the request's own timeout would say ETIMEDOUT.
    assert.equal(await waitFor('refusal', async () => {
      const code = await errorCode(httpGet(`http://${ip}/`, 5000));
      return code === 'answered' ? undefined : code;
    }, { timeoutMs: 10_000 }), 'ECONNREFUSED');
    await c.k('label', 'pod', 'web-1', 'web-2', 'app=web', '--overwrite');
    await waitFor('endpoints back', async () => (await answers(`http://${ip}/`, 10)).length === 2, { timeoutMs: 10_000 });

    // A selector-less Service whose EndpointSlice we write: the time from the API accepting "ready" to the
    // first request reaching the pod is the proxy's own reaction time.
    await apply(`apiVersion: v1
kind: Service
metadata: {name: manual}
spec:
  ports: [{name: http, port: 80, targetPort: 8080}]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: manual-1
  labels: {kubernetes.io/service-name: manual}
addressType: IPv4
ports: [{name: http, port: 8080, protocol: TCP}]
endpoints:
- addresses: ["${ips['web-2']}"]
  conditions: {ready: false}
`);
    const manualIP = (await svc('manual')).spec.clusterIP;
    await waitFor('refused while not ready', async () => (await errorCode(httpGet(`http://${manualIP}/`))) === 'ECONNREFUSED');
    const r = await c.kubectl(['patch', 'endpointslice', 'manual-1', '--type=json', '-p', '[{"op":"replace","path":"/endpoints/0/conditions/ready","value":true}]']);
    assert.equal(r.code, 0, r.stderr);
    const t0 = performance.now();
    assert.equal(await waitFor('traffic to the ready endpoint', () => httpGet(`http://${manualIP}/`, 1000).catch(() => ''), { timeoutMs: 10_000, intervalMs: 10 }), 'web-2');
    t.diagnostic(`endpoint ready -> traffic: ${Math.round(performance.now() - t0)} ms (after kubectl patch returned)`);
  });

  test('a second proxy over a crashed one\'s rules leaves no duplicates; stop removes every chain and jump', async () => {
    const saveOurs = (): string[] => execFileSync('iptables-save').toString().split('\n').filter((l) => l.includes(`${prefix}-`));
    // The first proxy "crashes" (its rules stay); another starts with the same prefix.
    const second = newProxy();
    await second.start();
    const jumps = saveOurs().filter((l) => /^-A (PREROUTING|OUTPUT|POSTROUTING|INPUT|FORWARD) /.test(l));
    assert.equal(jumps.length, 10);
    assert.equal(new Set(jumps).size, jumps.length);
    const ip = (await svc('web')).spec.clusterIP;
    assert.equal((await answers(`http://${ip}/`, 20)).length, 2);
    await second.stop();
    await proxy.stop();
    assert.deepEqual(saveOurs(), []);
  });
});
