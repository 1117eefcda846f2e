// kubectl logs, exec, attach and port-forward against real pods on the Docker engine, through the
// agent's tunnel to the API server.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import Dockerode from 'dockerode';
import { WebSocket } from 'ws';
import { TUNNEL_SUBPROTOCOL, tunnelPath } from '../../../client/tunnel/index.js';
import { issueClientCert } from '../../../main/pki/index.js';
import { nodeIpamController } from '../../../main/controllers/node/node-ipam-controller.js';
import { startApiServer, type RunningApiServer } from '../../../main/apiserver/server.js';
import { createLogger } from '../../../main/logger.js';
import { startTestAgent, type TestAgent } from '../../helpers/agent.js';
import { startTestCluster, type TestCluster } from '../../helpers/cluster.js';
import { BUSYBOX_IMAGE, ensureBusyboxImage } from '../../helpers/images.js';
import { tempDir } from '../../helpers/tmp.js';
import { waitFor } from '../../helpers/wait.js';
import { httpGet } from '../../helpers/http-get.js';

interface PodJson {
  status: { phase?: string; podIP?: string; containerStatuses?: { name: string; restartCount: number; state: { running?: object } }[] };
}


describe('agent tunnel: kubectl logs, exec, attach, port-forward', () => {
  let c: TestCluster;
  let a: TestAgent;
  const home = tempDir('skiff-kubectl-home-');
  const children: ChildProcess[] = [];
  const env = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({ PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home.path, KUBECACHEDIR: join(home.path, 'cache'), ...extra });
  /** A long-running kubectl whose output the test watches. */
  const spawnKubectl = (args: string[], extraEnv: Record<string, string> = {}): { child: ChildProcess; out: () => string; err: () => string } => {
    const child = spawn('kubectl', ['--kubeconfig', c.kubeconfig, ...args], { env: env(extraEnv) });
    children.push(child);
    let out = '', err = '';
    child.stdout?.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr?.on('data', (d: Buffer) => { err += d.toString(); });
    return { child, out: () => out, err: () => err };
  };
  const pod = async (name: string): Promise<PodJson> => JSON.parse(await c.k('get', 'pod', name, '-o', 'json')) as PodJson;
  const apply = async (yaml: string): Promise<void> => {
    const r = await c.kubectl(['apply', '-f', '-'], { input: yaml });
    assert.equal(r.code, 0, r.stderr);
  };
  const running = (name: string): Promise<PodJson> => waitFor(`${name} to run`, async () => {
    const p = await pod(name);
    return p.status.phase === 'Running' && (p.status.containerStatuses ?? []).every((s) => s.state.running) ? p : undefined;
  }, { timeoutMs: 30_000 });

  before(async () => {
    await ensureBusyboxImage();
    // A podCIDR of its own, away from other tests' 10.244.0.0/24 bridges on this machine.
    c = await startTestCluster({ controllers: [nodeIpamController] });
    a = await startTestAgent(c);
    await waitFor('the agent tunnel', () => c.cp.api.tunnels.get(a.nodeName), { timeoutMs: 15_000 });
    await apply(`apiVersion: v1
kind: Pod
metadata: {name: talker}
spec:
  nodeName: ${a.nodeName}
  containers:
  - name: a
    image: ${BUSYBOX_IMAGE}
    command: ["sh", "-c", "echo a-err >&2; sleep 0.5; for i in 1 2 3; do echo a-$i; done; while true; do if [ -f /tmp/go ]; then echo after-$(cat /tmp/go); rm /tmp/go; fi; sleep 0.1; done"]
  - name: b
    image: ${BUSYBOX_IMAGE}
    command: ["sh", "-c", "echo b-only; exec sleep 3600"]
---
apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  nodeName: ${a.nodeName}
  containers:
  - name: main
    image: ${BUSYBOX_IMAGE}
    command: ["sh", "-c", "mkdir -p /www && echo hello-from-web > /www/index.html && exec httpd -f -p 8080 -h /www"]
`);
    await running('talker');
    await running('web');
  });

  after(async () => {
    for (const ch of children) ch.kill('SIGKILL');
    await a?.destroy();
    await c?.stop();
    home.remove();
  });

  test('logs: one container, --tail, --timestamps, --limit-bytes, --all-containers, and the API errors', async () => {
    await waitFor('talker a to log', async () => (await c.kubectl(['logs', 'talker', '-c', 'a'])).stdout.includes('a-3'));
    // stdout and stderr, in the order written (the engine orders them only by time, hence the pause).
    assert.equal(await c.k('logs', 'talker', '-c', 'a'), 'a-err\na-1\na-2\na-3\n');
    assert.equal(await c.k('logs', 'talker', '-c', 'b'), 'b-only\n');
    assert.equal(await c.k('logs', 'talker', '-c', 'a', '--tail=2'), 'a-2\na-3\n');
    assert.equal(await c.k('logs', 'talker', '-c', 'a', '--limit-bytes=8'), 'a-err\na-');
    const stamped = (await c.k('logs', 'talker', '-c', 'a', '--timestamps')).trimEnd().split('\n');
    assert.equal(stamped.length, 4);
    for (const [i, line] of stamped.entries()) assert.match(line, new RegExp(`^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d+Z ${['a-err', 'a-1', 'a-2', 'a-3'][i]}$`));
    const all = await c.k('logs', 'talker', '--all-containers');
    assert.match(all, /a-err\na-1\na-2\na-3\n/);
    assert.match(all, /b-only\n/);
    // kubectl resolves the container itself; the server's own checks, as any client sees them:
    const none = await c.kubectl(['get', '--raw', '/api/v1/namespaces/default/pods/talker/log']);
    assert.match(none.stderr, /a container name must be specified for pod talker, choose one of: \[a b\]/);
    const bad = await c.kubectl(['get', '--raw', '/api/v1/namespaces/default/pods/talker/log?container=nope']);
    assert.match(bad.stderr, /container nope is not valid for pod talker/);
    const prev = await c.kubectl(['logs', 'web', '--previous']);
    assert.notEqual(prev.code, 0);
    assert.match(prev.stderr, /Error from server \(BadRequest\): previous terminated container "main" in pod "web" not found/);
  });

  test('logs -f receives lines written after it started, and stops the agent stream when interrupted', async () => {
    const f = spawnKubectl(['logs', '-f', 'talker', '-c', 'a']);
    await waitFor('the existing lines', () => f.out().includes('a-3'), { timeoutMs: 15_000 });
    assert.equal(f.out().includes('after-'), false);
    await c.k('exec', 'talker', '-c', 'a', '--', 'sh', '-c', 'echo 1 > /tmp/go');
    await waitFor('a line written after kubectl started', () => f.out().includes('after-1\n'), { timeoutMs: 15_000 });
    const tunnel = c.cp.api.tunnels.get(a.nodeName)!;
    assert.equal(tunnel.streamCount, 1);
    f.child.kill('SIGINT');
    await waitFor('the agent stream to close', () => tunnel.streamCount === 0, { timeoutMs: 10_000 });
  });

  test('logs --since leaves out older lines', async () => {
    await apply(`apiVersion: v1
kind: Pod
metadata: {name: late}
spec:
  nodeName: ${a.nodeName}
  containers:
  - name: main
    image: ${BUSYBOX_IMAGE}
    command: ["sh", "-c", "echo old; sleep 5; echo new; exec sleep 3600"]
`);
    await running('late');
    await waitFor('the new line', async () => (await c.kubectl(['logs', 'late'])).stdout.includes('new'), { timeoutMs: 20_000, intervalMs: 100 });
    assert.equal(await c.k('logs', 'late', '--since=3s'), 'new\n');
    assert.equal(await c.k('logs', 'late'), 'old\nnew\n');
  });

  test('logs --previous shows the instance before the last restart', async () => {
    await apply(`apiVersion: v1
kind: Pod
metadata: {name: crashy}
spec:
  nodeName: ${a.nodeName}
  volumes: [{name: data, emptyDir: {}}]
  containers:
  - name: main
    image: ${BUSYBOX_IMAGE}
    volumeMounts: [{name: data, mountPath: /data}]
    command: ["sh", "-c", "if [ -f /data/ran ]; then echo second-life; exec sleep 3600; fi; touch /data/ran; echo first-life; exit 1"]
`);
    await waitFor('crashy to restart', async () => {
      const s = (await pod('crashy')).status.containerStatuses?.[0];
      return s && s.restartCount >= 1 && s.state.running;
    }, { timeoutMs: 30_000 });
    assert.equal(await c.k('logs', 'crashy', '--previous'), 'first-life\n');
    assert.equal(await c.k('logs', 'crashy'), 'second-life\n');
  });

  test('exec splits stdout and stderr and passes the exit code on', async () => {
    const r = await c.kubectl(['exec', 'talker', '-c', 'b', '--', 'sh', '-c', 'echo out; echo err >&2; exit 3']);
    assert.equal(r.code, 3);
    assert.equal(r.stdout, 'out\n');
    assert.equal(r.stderr, 'err\ncommand terminated with exit code 3\n');
    const ok = await c.kubectl(['exec', 'talker', '-c', 'b', '--', 'true']);
    assert.deepEqual(ok, { code: 0, stdout: '', stderr: '' });
    // Only the WebSocket protocol is served; a kubectl told to use SPDY hears why.
    const spdy = await c.kubectl(['exec', 'talker', '-c', 'b', '--', 'true'], { env: { KUBECTL_REMOTE_COMMAND_WEBSOCKETS: 'false' } });
    assert.equal(spdy.code, 1);
    assert.match(spdy.stderr, /^Error from server \(BadRequest\): pods\/exec over SPDY\/3\.1 is not supported by Skiff; use the WebSocket protocol v5\.channel\.k8s\.io/);
  });

  test('exec -i passes piped stdin and its end', async () => {
    const input = Array.from({ length: 2000 }, (_, i) => `line ${i}`).join('\n') + '\n';
    const r = await c.kubectl(['exec', '-i', 'talker', '-c', 'b', '--', 'sh', '-c', 'wc -l; echo done'], { input });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim().split(/\s+/).join(' '), '2000 done');
    const echo = await c.kubectl(['exec', '-i', 'talker', '-c', 'b', '--', 'cat'], { input: 'piped stdin\n' });
    assert.equal(echo.stdout, 'piped stdin\n');
  });

  test('exec -it runs under a terminal of the local size (resize reaches the engine)', async () => {
    // script(1) gives kubectl a terminal of 33x111. busybox's stty cannot read a terminal size, so
    // the size is read from the host, on the container's pts.
    const cmd = `stty rows 33 cols 111; kubectl --kubeconfig ${c.kubeconfig} exec -it talker -c b -- sh -c 'tty; sleep 5'`;
    const child = spawn('script', ['-qec', cmd, '/dev/null'], { env: env() });
    children.push(child);
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    const pts = await waitFor('the remote tty', () => /\/dev\/pts\/\d+/.exec(out)?.[0], { timeoutMs: 15_000 });
    const docker = new Dockerode();
    const [b] = await docker.listContainers({ filters: { label: [`io.skiff.pod.name=talker`, `io.skiff.container.name=b`] } });
    const pid = (await docker.getContainer(b.Id).inspect()).State.Pid;
    const size = await new Promise<string>((resolve) => execFile('stty', ['-F', `/proc/${pid}/root${pts}`, 'size'], (_err, stdout) => resolve(stdout.trim())));
    assert.equal(size, '33 111');
    await new Promise((resolve) => child.once('exit', resolve));
  });

  test('attach -i feeds a container started with stdin', async () => {
    await apply(`apiVersion: v1
kind: Pod
metadata: {name: reader}
spec:
  nodeName: ${a.nodeName}
  restartPolicy: Never
  containers:
  - name: main
    image: ${BUSYBOX_IMAGE}
    stdin: true
    stdinOnce: true
    command: ["sh", "-c", "while read l; do echo got-$l; done; echo bye"]
`);
    await running('reader');
    const r = await c.kubectl(['attach', '-i', 'reader'], { input: 'x\ny\n' });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'got-x\ngot-y\nbye\n');
  });

  for (const transport of ['WebSocket', 'SPDY'] as const) {
    test(`port-forward (${transport}) carries two concurrent connections to the pod`, async () => {
      await waitFor('httpd to listen', async () => (await c.kubectl(['exec', 'web', '--', 'wget', '-qO-', 'http://127.0.0.1:8080/'])).stdout === 'hello-from-web\n');
      const pf = spawnKubectl(['port-forward', 'pod/web', '0:8080'], transport === 'SPDY' ? { KUBECTL_PORT_FORWARD_WEBSOCKETS: 'false' } : {});
      const port = await waitFor('kubectl to listen', () => /Forwarding from 127\.0\.0\.1:(\d+) -> 8080/.exec(pf.out())?.[1], { timeoutMs: 15_000 });
      const answers = await Promise.all([httpGet(`http://127.0.0.1:${port}/`), httpGet(`http://127.0.0.1:${port}/`)]);
      assert.deepEqual(answers, ['hello-from-web\n', 'hello-from-web\n']);
      assert.equal(await httpGet(`http://127.0.0.1:${port}/`), 'hello-from-web\n');
      pf.child.kill('SIGINT');
      assert.equal(pf.err(), '');
    });
  }

  test('port-forward to a closed port reports the agent\'s error on the error stream', async () => {
    const pf = spawnKubectl(['port-forward', 'pod/web', '0:9999']);
    const port = await waitFor('kubectl to listen', () => /Forwarding from 127\.0\.0\.1:(\d+) -> 9999/.exec(pf.out())?.[1], { timeoutMs: 15_000 });
    await httpGet(`http://127.0.0.1:${port}/`).catch(() => '');
    await waitFor('the error', () => /an error occurred forwarding \d+ -> 9999: error forwarding port 9999 to pod web_default, uid \S+: failed to connect to [\d.]+:9999: connect ECONNREFUSED/.test(pf.err()), { timeoutMs: 10_000 });
    pf.child.kill('SIGKILL');
  });

  test('a pod on a node without a tunnel gets a clear 503', async () => {
    await apply(`apiVersion: v1
kind: Pod
metadata: {name: stranded}
spec:
  nodeName: ghost-node
  containers: [{name: main, image: ${BUSYBOX_IMAGE}}]
`);
    const logs = await c.kubectl(['logs', 'stranded']);
    assert.equal(logs.code, 1);
    assert.equal(logs.stderr.trim(), 'Error from server (ServiceUnavailable): no agent connection for node "ghost-node"');
    const exec = await c.kubectl(['exec', 'stranded', '--', 'true']);
    assert.equal(exec.code, 1);
    assert.match(exec.stderr, /Error from server \(ServiceUnavailable\): no agent connection for node "ghost-node"/);
  });

  test('only the node itself may open its tunnel', async () => {
    const refusal = (cert: { certPem: string; keyPem: string }): Promise<{ status: number; body: string }> => new Promise((resolve, reject) => {
      const ws = new WebSocket(new URL(tunnelPath(a.nodeName), c.cp.url.replace('https', 'wss')), [TUNNEL_SUBPROTOCOL], { ca: c.cp.pki.caCertPem, cert: cert.certPem, key: cert.keyPem });
      ws.on('unexpected-response', (_req, res) => {
        let body = '';
        res.on('data', (d: Buffer) => { body += d.toString(); });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      ws.on('open', () => { ws.close(); reject(new Error('the tunnel was accepted')); });
      ws.on('error', () => {});
    });
    const admin = await refusal(c.cp.pki.admin);
    assert.equal(admin.status, 403);
    assert.match(admin.body, /cannot connect the tunnel of node/);
    const other = await refusal(await issueClientCert(c.cp.pki.ca, { commonName: 'system:node:someone-else', organizations: ['system:nodes'] }));
    assert.equal(other.status, 403);
    assert.equal((JSON.parse(other.body) as { message: string }).message, `User "system:node:someone-else" cannot connect the tunnel of node "${a.nodeName}": only the node itself (system:node:${a.nodeName} in group system:nodes) may`);
    // The real agent's tunnel is untouched.
    assert.ok(c.cp.api.tunnels.get(a.nodeName));
  });

  test('the agent reconnects after the API server restarts', async () => {
    const old = c.cp.api;
    await old.close(2000);
    let restarted: RunningApiServer | undefined;
    try {
      restarted = await startApiServer({
        host: '127.0.0.1', port: old.port,
        tls: { caCertPem: c.cp.pki.caCertPem, certPem: c.cp.pki.serving.certPem, keyPem: c.cp.pki.serving.keyPem },
        registry: c.cp.registry, tokens: c.cp.tokens, log: createLogger('test-restarted', process.env.SKIFF_LOG_LEVEL ?? 'warn'),
      });
      await restarted.tunnels.waitFor(a.nodeName, 20_000);
      assert.equal(await c.k('logs', 'talker', '-c', 'b'), 'b-only\n');
    } finally {
      await restarted?.close(2000);
    }
  });
});
