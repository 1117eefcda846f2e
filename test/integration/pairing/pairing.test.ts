// Pairing a second node end to end: a real `skiff agent pair` and then `skiff agent` in a network
// namespace of the test's own (its own address and bridge, sharing the Docker engine), against a
// control plane listening on the test network. Tokens and the CA pin come from the real CLI.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID, X509Certificate } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import Dockerode from 'dockerode';
import type { PairingToken } from '../../../api/pairing/protocol.js';
import { loadKubeconfig } from '../../../client/kubeconfig.js';
import { AGENT_NODE_FLAGS } from '../../../main/agent-supervisor.js';
import { endpointSliceController } from '../../../main/controllers/endpoints/index.js';
import { nodeIpamController } from '../../../main/controllers/node/node-ipam-controller.js';
import { createCa, issueClientCert } from '../../../main/pki/index.js';
import { claimTestClusterCidr } from '../../helpers/cidr.js';
import { startTestCluster, type TestCluster } from '../../helpers/cluster.js';
import { apiClient } from '../../helpers/http.js';
import { BUSYBOX_IMAGE, ensureBusyboxImage } from '../../helpers/images.js';
import { createTestHost, type TestHost } from '../../helpers/netns.js';
import { repoPath } from '../../helpers/paths.js';
import { tempDir } from '../../helpers/tmp.js';
import { waitFor } from '../../helpers/wait.js';

interface Run { code: number; stdout: string; stderr: string }

/** Node certificates live this long here, so the agent rotates during the test. */
const CERT_SECONDS = 30;

describe('pairing an edge device', () => {
  const docker = new Dockerode();
  const dir = tempDir('skiff-pairing-');
  const nodeB = `edge-${randomUUID().slice(0, 6)}`;
  const configB = join(dir.path, 'b', 'agent.yaml');
  const kubeconfigB = join(dir.path, 'b', 'kubeconfig');
  let peer: TestHost;
  let c: TestCluster;
  let agentB: ChildProcess | undefined;
  let api: ReturnType<typeof apiClient>;
  let firstToken: PairingToken;
  // The control plane restarts in one test: its data, port and pod network stay the same across it.
  const network = claimTestClusterCidr();
  const startCluster = (port = 0): Promise<TestCluster> => startTestCluster({
    host: peer.hostIP, port, dataDir: join(dir.path, 'cp'), controllers: [nodeIpamController, endpointSliceController],
    controllerConfig: { clusterCidr: network.cidr }, pairing: { nodeCertValiditySeconds: CERT_SECONDS },
  });
  const startAgentB = (): ChildProcess => spawn('ip', ['netns', 'exec', peer.netns, process.execPath, ...AGENT_NODE_FLAGS, repoPath('bin', 'skiff.js'), 'agent', '--config', configB],
    { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, SKIFF_LOG_LEVEL: 'warn' } });
  const stopAgentB = async (): Promise<void> => {
    if (!agentB || agentB.exitCode !== null) return;
    const exited = new Promise((r) => agentB!.once('exit', r));
    agentB.kill('SIGTERM');
    await exited;
  };
  /** Cuts the device's link for the duration of `during` (its pods' veths stay: they live in its namespace). */
  const withLinkCut = async (during: () => Promise<void>): Promise<void> => {
    const addrs = execFileSync('ip', ['-n', peer.netns, '-o', '-4', 'addr', 'show'], { encoding: 'utf8' });
    const link = addrs.split('\n').find((l) => l.includes(` ${peer.peerIP}/`))!.split(/\s+/)[1];
    execFileSync('ip', ['-n', peer.netns, 'link', 'set', link, 'down']);
    try {
      await during();
    } finally {
      execFileSync('ip', ['-n', peer.netns, 'link', 'set', link, 'up']);
    }
  };

  const skiff = (args: string[], inNetns = false): Promise<Run> => new Promise((resolve) => {
    const [cmd, argv] = inNetns
      ? ['ip', ['netns', 'exec', peer.netns, process.execPath, repoPath('bin', 'skiff.js'), ...args]]
      : [process.execPath, [repoPath('bin', 'skiff.js'), ...args]];
    execFile(cmd, argv, { env: { ...process.env, SKIFF_LOG_LEVEL: 'warn' }, timeout: 120_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
  const admin = (...args: string[]): Promise<Run> => skiff([...args, '--kubeconfig', c.kubeconfig]);
  const newToken = async (...flags: string[]): Promise<PairingToken> => {
    const r = await admin('pair-token', 'create', '-o', 'json', ...flags);
    assert.equal(r.code, 0, r.stderr);
    return JSON.parse(r.stdout) as PairingToken;
  };
  const pair = (token: string, pin: string, config: string, ...extra: string[]): Promise<Run> =>
    skiff(['agent', 'pair', '--server', c.cp.url, '--token', token, '--ca-pin', pin, '--config', config, ...extra], true);
  const serialOf = (kubeconfig: string): string => new X509Certificate(loadKubeconfig(kubeconfig).certPem!).serialNumber;
  const nodeReady = async (name: string): Promise<boolean> =>
    (await c.kubectl(['get', 'node', name, '-o', 'jsonpath={.status.conditions[?(@.type=="Ready")].status}'])).stdout === 'True';

  before(async () => {
    await ensureBusyboxImage();
    peer = createTestHost();
    c = await startCluster();
    api = apiClient(c.cp);
  });
  after(async () => {
    // Every step runs even when one fails: a namespace or network left behind would break a later test.
    const steps: (() => unknown)[] = [
      () => stopAgentB(),
      async () => { for (const x of await docker.listContainers({ all: true, filters: { label: [`io.skiff.node=${nodeB}`] } })) await docker.getContainer(x.Id).remove({ force: true }); },
      () => api?.close(),
      () => c?.stop(),
      () => peer?.destroy(),
      () => network.release(),
      () => dir.remove(),
    ];
    for (const step of steps) {
      try { await step(); } catch (err) { process.stderr.write(`# pairing test cleanup: ${String(err)}\n`); }
    }
  });

  test('the token command names the API the device can reach and the CA pin', async () => {
    firstToken = await newToken();
    assert.equal(firstToken.caPin, c.cp.pki.pin);
    assert.equal(firstToken.command, `sudo skiff agent pair --server ${c.cp.url} --token ${firstToken.token} --ca-pin ${c.cp.pki.pin}`);
  });

  test('a wrong CA pin stops pairing before the token is sent', async () => {
    const wrongPin = `sha256:${'ab'.repeat(32)}`;
    const r = await pair(firstToken.token!, wrongPin, configB, '--node-name', nodeB);
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`has pin ${c.cp.pki.pin}, not ${wrongPin}: this is not the control plane the token came from`));
    assert.equal(existsSync(configB), false);
    // The token was never sent, so it is still there (and pairs below).
    assert.match((await admin('pair-token', 'list')).stdout, new RegExp(`^${firstToken.id} `, 'm'));
  });

  test('the device pairs, keeps its key, and runs as a node over mTLS', async () => {
    const r = await pair(firstToken.token!, firstToken.caPin, configB, '--node-name', nodeB, '--data-dir', join(dir.path, 'b', 'data'),
      '--node-ip', peer.peerIP, '--bridge', 'skiff0', '--cluster-cidr', c.clusterCidr);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`Paired: node ${nodeB} with ${c.cp.url.replace(/[.]/g, '\\.')}`));
    assert.equal(statSync(kubeconfigB).mode & 0o777, 0o600);
    const creds = loadKubeconfig(kubeconfigB);
    assert.equal(new X509Certificate(creds.certPem!).subject, `O=system:nodes\nCN=system:node:${nodeB}`);
    // The private key was made on the device: nothing the control plane stored holds it.
    assert.doesNotMatch(await c.k('get', 'secrets', '-n', 'kube-system', '-o', 'yaml'), new RegExp(Buffer.from(creds.keyPem!).toString('base64').slice(0, 40)));
    agentB = startAgentB();
    await waitFor(`node ${nodeB} Ready`, () => nodeReady(nodeB), { timeoutMs: 60_000, intervalMs: 500 });
  });

  test('a used, an expired and an unknown token are refused', async () => {
    const scratch = join(dir.path, 'scratch', 'agent.yaml');
    const used = await pair(firstToken.token!, firstToken.caPin, scratch, '--node-name', 'other-1');
    assert.equal(used.code, 1);
    assert.match(used.stderr, /HTTP 401\): the pairing token is unknown, expired or already used/);
    const short = await newToken('--ttl', '1s');
    await new Promise((r) => setTimeout(r, 1500));
    const expired = await pair(short.token!, short.caPin, scratch, '--node-name', 'other-2');
    assert.match(expired.stderr, /HTTP 401\): the pairing token is unknown, expired or already used/);
    const unknown = await pair('zzzzzz.0123456789abcdef', firstToken.caPin, scratch, '--node-name', 'other-3');
    assert.match(unknown.stderr, /HTTP 401\)/);
    assert.equal(existsSync(scratch), false);
    assert.equal((await c.kubectl(['get', 'node', 'other-1'])).code, 1);
  });

  test('a client certificate from another CA fails the handshake; no certificate gets 401', async () => {
    const stranger = await issueClientCert(await createCa(), { commonName: 'skiff-admin', organizations: ['system:masters'] });
    const outcome = await new Promise<string>((resolve) => {
      const req = request(new URL('/api/v1/namespaces', c.cp.url), { ca: c.cp.pki.caCertPem, cert: stranger.certPem, key: stranger.keyPem, agent: false }, (res) => resolve(`HTTP ${res.statusCode}`));
      req.on('error', (err) => resolve(`error: ${err.message}`));
      req.end();
    });
    assert.match(outcome, /^error: /, 'no HTTP answer for a foreign certificate');
    const anonymous = await api.request('GET', '/api/v1/namespaces', { as: 'none' });
    assert.equal(anonymous.status, 401);
    assert.equal((await api.request('GET', '/version', { as: 'none' })).status, 401, 'nothing but pairing answers without credentials');
    assert.equal((await api.request('GET', '/apis/pairing.skiff.dev/v1/ca', { as: 'none' })).status, 200);
  });

  test('the node reads what its pods need, but not another node\'s pods or secrets (403)', async () => {
    const objects = (node: string, tag: string): string => `apiVersion: v1
kind: Secret
metadata: {name: s-${tag}}
stringData: {greeting: hello-${tag}}
---
apiVersion: v1
kind: Pod
metadata: {name: p-${tag}}
spec:
  nodeName: ${node}
  terminationGracePeriodSeconds: 0
  containers:
  - name: main
    image: ${BUSYBOX_IMAGE}
    command: ["sh", "-c", "cat /s/greeting; echo; sleep 3600"]
    volumeMounts: [{name: s, mountPath: /s}]
  volumes: [{name: s, secret: {secretName: s-${tag}}}]
`;
    for (const y of [objects(nodeB, 'b'), objects('node-a-elsewhere', 'a')]) {
      const r = await c.kubectl(['apply', '-f', '-'], { input: y });
      assert.equal(r.code, 0, r.stderr);
    }
    // The paired agent ran its pod, reading the Secret under node authorization.
    await waitFor('p-b Running', async () => (await c.k('get', 'pod', 'p-b', '-o', 'jsonpath={.status.phase}')) === 'Running', { timeoutMs: 60_000, intervalMs: 500 });
    const asB = (...args: string[]) => c.kubectl(['--kubeconfig', kubeconfigB, ...args]);
    assert.equal((await asB('get', 'pod', 'p-b')).code, 0);
    assert.equal((await asB('get', 'secret', 's-b')).code, 0);
    const pod = await asB('get', 'pod', 'p-a');
    assert.equal(pod.code, 1);
    assert.match(pod.stderr, new RegExp(`Error from server \\(Forbidden\\): pods "p-a" is forbidden: User "system:node:${nodeB}" cannot get resource "pods" in API group "" in the namespace "default": no relationship found between node '${nodeB}' and this object`));
    const secret = await asB('get', 'secret', 's-a');
    assert.match(secret.stderr, /Error from server \(Forbidden\): secrets "s-a" is forbidden/);
    assert.match((await asB('get', 'secrets')).stderr, /Forbidden/);
    assert.match((await asB('create', 'deployment', 'x', '--image', 'y')).stderr, /deployments\.apps is forbidden: User "system:node:[^"]+" cannot create resource "deployments"/);
    // logs travel through the node's tunnel
    await waitFor('the pod\'s output in kubectl logs', async () => (await c.kubectl(['logs', 'p-b'])).stdout === 'hello-b\n', { timeoutMs: 20_000, intervalMs: 500 });
  });

  test('the agent rotates its certificate before expiry and stays connected', async () => {
    const tunnel = c.cp.api.tunnels.get(nodeB);
    assert.ok(tunnel, 'the agent tunnel is up');
    const first = new X509Certificate(loadKubeconfig(kubeconfigB).certPem!);
    await waitFor('a rotated certificate in the kubeconfig', () => serialOf(kubeconfigB) !== first.serialNumber, { timeoutMs: CERT_SECONDS * 1000 + 10_000, intervalMs: 500 });
    // Past the first certificate's end, the node still renews its Lease: with the new certificate.
    const firstEnd = Date.parse(first.validTo);
    await new Promise((r) => setTimeout(r, Math.max(0, firstEnd - Date.now()) + 2000));
    const renewed = async (): Promise<boolean> => Date.parse(await c.k('get', 'lease', '-n', 'kube-node-lease', nodeB, '-o', 'jsonpath={.spec.renewTime}')) > firstEnd;
    await waitFor('a Lease renewal after the first certificate expired', renewed, { timeoutMs: 20_000, intervalMs: 500 });
    assert.ok(await nodeReady(nodeB));
    assert.equal(c.cp.api.tunnels.get(nodeB), tunnel, 'the same tunnel connection throughout');
    assert.equal(await c.k('logs', 'p-b'), 'hello-b\n', 'logs still travel through the tunnel');
    const rotated = (await c.cp.pairing.listNodes()).find((n) => n.name === nodeB)!;
    assert.ok(rotated.certificates.length >= 1);
  });

  test('with its link cut, the device keeps its pods running, and reconciles when the link is back', async () => {
    const [ctr] = await docker.listContainers({ filters: { label: [`io.skiff.node=${nodeB}`, 'io.skiff.pod.name=p-b', 'io.skiff.container.name=main'] } });
    await withLinkCut(async () => {
      const created = await c.kubectl(['run', 'p-b2', '--image', BUSYBOX_IMAGE, '--restart=Never', '--overrides', JSON.stringify({ spec: { nodeName: nodeB, terminationGracePeriodSeconds: 0 } }), '--command', '--', 'sleep', '3600']);
      assert.equal(created.code, 0, created.stderr);
      await new Promise((r) => setTimeout(r, 8000));
      assert.equal((await docker.getContainer(ctr.Id).inspect()).State.Running, true, 'the pod runs on while the node is cut off');
      assert.equal(await c.k('get', 'pod', 'p-b2', '-o', 'jsonpath={.status.phase}'), 'Pending', 'the cut-off node has not seen its new pod');
    });
    await waitFor('p-b2 Running once the link is back', async () => (await c.k('get', 'pod', 'p-b2', '-o', 'jsonpath={.status.phase}')) === 'Running', { timeoutMs: 90_000, intervalMs: 1000 });
    assert.equal(await c.k('get', 'pod', 'p-b', '-o', 'jsonpath={.status.containerStatuses[0].restartCount}'), '0');
    assert.equal((await docker.getContainer(ctr.Id).inspect()).State.Running, true);
    await waitFor('the node Ready again', () => nodeReady(nodeB), { timeoutMs: 60_000, intervalMs: 500 });
  });

  test('rebooted while cut off, with the control plane restarted meanwhile: the device brings its pods back from its own store, then reconciles', async () => {
    // The app container of each: p-b's is "main"; kubectl run names p-b2's after the pod.
    const containersOf = async (pod: string, state?: string) => docker.listContainers({ all: true, filters: { label: [`io.skiff.node=${nodeB}`, `io.skiff.pod.name=${pod}`, `io.skiff.container.name=${pod === 'p-b' ? 'main' : pod}`], ...(state ? { status: [state] } : {}) } });
    await waitFor('p-b and p-b2 running on the device', async () => (await containersOf('p-b', 'running')).length === 1 && (await containersOf('p-b2', 'running')).length === 1, { timeoutMs: 30_000, intervalMs: 500 });
    // Node certificates live 30 s here: cut the link just after a rotation, so the one the device holds
    // outlives the cut (a device cut off past its certificate's end must pair again, as a kubelet would).
    const serial = serialOf(kubeconfigB);
    await waitFor('a fresh node certificate', () => serialOf(kubeconfigB) !== serial, { timeoutMs: 45_000, intervalMs: 200 });
    await withLinkCut(async () => {
      // The device goes down: its agent stops, and the engine stops every container, as at shutdown.
      await stopAgentB();
      for (const x of await docker.listContainers({ filters: { label: [`io.skiff.node=${nodeB}`] } })) await docker.getContainer(x.Id).stop({ t: 0 });
      // Meanwhile the control plane restarts (same data, port and CA), and p-b2 is deleted there.
      const port = Number(new URL(c.cp.url).port);
      api.close();
      await c.stop();
      c = await startCluster(port);
      api = apiClient(c.cp);
      await c.k('delete', 'pod', 'p-b2', '--grace-period=0', '--force');
      // The device boots with no control plane in reach: its agent runs the pods it had from its own store.
      agentB = startAgentB();
      await waitFor('p-b running again on the cut-off device', async () => (await containersOf('p-b', 'running')).length === 1, { timeoutMs: 15_000, intervalMs: 250 });
    });
    await waitFor(`node ${nodeB} Ready again`, () => nodeReady(nodeB), { timeoutMs: 60_000, intervalMs: 500 });
    await waitFor('p-b2, deleted meanwhile, removed from the device', async () => (await containersOf('p-b2')).length === 0, { timeoutMs: 60_000, intervalMs: 500 });
    await waitFor('p-b reported Running with its restart counted', async () =>
      (await c.k('get', 'pod', 'p-b', '-o', 'jsonpath={.status.phase} {.status.containerStatuses[0].restartCount}')).match(/^Running [1-9]/) !== null, { timeoutMs: 60_000, intervalMs: 500 });
  });

  test('with --require-approval the device waits until an admin approves it', async () => {
    const name = `appr-${randomUUID().slice(0, 4)}`;
    const tok = await newToken('--require-approval', '--node-name', name);
    const config = join(dir.path, 'c', 'agent.yaml');
    const pairing = pair(tok.token!, tok.caPin, config);
    await waitFor('the request in `skiff node list`', async () => new RegExp(`node ${name}\\s+Pending`).test((await admin('node', 'list')).stdout), { timeoutMs: 20_000, intervalMs: 300 });
    assert.equal(existsSync(config), false);
    const approved = await admin('node', 'approve', name);
    assert.equal(approved.code, 0, approved.stderr);
    const r = await pairing;
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /waiting for an administrator to approve request/);
    assert.match(readFileSync(config, 'utf8'), new RegExp(`nodeName: ${name}`));
    assert.equal((await admin('node', 'unpair', name)).code, 0);
  });

  test('the calls that need no credentials are rate-limited per client address (429, Retry-After)', async () => {
    const answers = [];
    for (let i = 0; i < 12; i++) answers.push(await api.request('GET', '/apis/pairing.skiff.dev/v1/ca', { as: 'none' }));
    const limited = answers.find((a) => a.status === 429);
    assert.ok(limited, `statuses: ${answers.map((a) => a.status).join(',')}`);
    assert.ok(Number(limited.headers['retry-after']) >= 1);
    assert.match(limited.json<{ message: string }>().message, /too many pairing requests from this address/);
  });

  test('unpairing refuses the old certificate at once, drops the node\'s connections and tunnel, and removes its Node', async () => {
    const creds = loadKubeconfig(kubeconfigB);
    const asB = { cert: creds.certPem!, key: creds.keyPem! };
    assert.equal((await api.request('GET', `/api/v1/nodes/${nodeB}`, { as: asB })).status, 200);
    assert.ok(c.cp.api.deps.certificates!.connectionsOf(`system:node:${nodeB}`) > 0);
    const podsOnB = (await c.k('get', 'pods', '--field-selector', `spec.nodeName=${nodeB}`, '-o', 'name')).split('\n').filter(Boolean).length;
    assert.ok(podsOnB > 0);
    const unpair = await admin('node', 'unpair', nodeB);
    assert.equal(unpair.code, 0, unpair.stderr);
    const started = performance.now();
    const refused = await api.request('GET', `/api/v1/nodes/${nodeB}`, { as: asB });
    const ms = Math.round(performance.now() - started);
    assert.equal(refused.status, 401);
    assert.match(refused.json<{ message: string }>().message, /has been revoked \(the node was unpaired\)/);
    console.log(`# the old certificate was refused ${ms} ms after \`skiff node unpair\` returned`);
    assert.equal(c.cp.api.tunnels.get(nodeB), undefined);
    assert.equal(c.cp.api.deps.certificates!.connectionsOf(`system:node:${nodeB}`), 0);
    assert.match(unpair.stdout, new RegExp(`Unpaired ${nodeB}: \\d+ certificate\\(s\\) revoked, connections dropped, Node deleted, ${podsOnB} pod\\(s\\) deleted`));
    assert.equal((await c.kubectl(['get', 'pod', 'p-b'])).code, 1, 'the node\'s pods are gone from the API');
    // The agent keeps trying, and stays refused: its Node does not come back.
    await new Promise((r) => setTimeout(r, 3000));
    assert.equal((await c.kubectl(['get', 'node', nodeB])).code, 1);
  });
});
