// The single-file agent bundle, as a device runs it: copied alone into an empty directory (no checkout,
// no node_modules), started with node, it registers its node and runs a pod.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Dockerode from 'dockerode';
import { removeBridgeForwarding } from '../../../agent/cni/forwarding.js';
import { ALL_CONTROLLERS } from '../../../main/controllers/index.js';
import { issueClientCert, renderKubeconfig, writeKubeconfig } from '../../../main/pki/index.js';
import { startTestCluster, type TestCluster } from '../../helpers/cluster.js';
import { BUSYBOX_IMAGE, ensureBusyboxImage } from '../../helpers/images.js';
import { repoPath } from '../../helpers/paths.js';
import { tempDir } from '../../helpers/tmp.js';
import { waitFor } from '../../helpers/wait.js';

describe('the agent bundle', () => {
  test('carries a stand-in for ssh2 (dockerode loads it for ssh:// engines; the real one costs ~15 MB)', () => {
    const text = readFileSync(repoPath('dist', 'agent-bundle', 'skiff-agent.mjs'), 'utf8');
    assert.match(text, /ssh:\/\/ engines are not supported/);
    assert.doesNotMatch(text, /poly1305/i, 'no code of the real ssh2');
  });

  const dir = tempDir('skiff-bundle-');
  const id = randomUUID().slice(0, 6);
  const node = `bundle-${id}`;
  const bridge = `skb${id}`;
  let c: TestCluster;
  let agent: ChildProcess | undefined;
  before(async () => {
    await ensureBusyboxImage();
    c = await startTestCluster({ controllers: ALL_CONTROLLERS });
  });
  after(async () => {
    if (agent && agent.exitCode === null) {
      agent.kill('SIGTERM');
      await new Promise((r) => agent!.once('exit', r));
    }
    for (const x of await new Dockerode().listContainers({ all: true, filters: { label: [`io.skiff.node=${node}`] } })) await new Dockerode().getContainer(x.Id).remove({ force: true });
    try { execFileSync('ip', ['link', 'del', bridge], { stdio: 'ignore' }); } catch { /* gone */ }
    await removeBridgeForwarding(bridge);
    await c?.stop();
    dir.remove();
  });

  test('runs from a lone file: the node registers and a pod scheduled to it runs', async () => {
    const bin = join(dir.path, 'skiff-agent.mjs');
    copyFileSync(repoPath('dist', 'agent-bundle', 'skiff-agent.mjs'), bin);
    const cert = await issueClientCert(c.cp.pki.ca, { commonName: `system:node:${node}`, organizations: ['system:nodes'] });
    const kubeconfig = join(dir.path, 'kubeconfig');
    await writeKubeconfig(kubeconfig, renderKubeconfig({ server: c.cp.url, caCertPem: c.cp.pki.caCertPem, clientCertPem: cert.certPem, clientKeyPem: cert.keyPem }));
    agent = spawn(process.execPath, ['--max-semi-space-size=1', bin, '--kubeconfig', kubeconfig, '--node-name', node, '--data-dir', join(dir.path, 'data'), '--bridge', bridge, '--node-ip', '127.0.0.1', '--cluster-cidr', c.clusterCidr, '--proxy-chain-prefix', `B${id.toUpperCase()}`],
      { cwd: dir.path, stdio: ['ignore', 'ignore', 'inherit'], env: { PATH: process.env.PATH ?? '', SKIFF_LOG_LEVEL: 'warn' } });
    await waitFor('the node to be Ready', async () => /\sReady\s/.test(await c.k('get', 'node', node).catch(() => '')), { timeoutMs: 60_000, intervalMs: 500 });
    await c.k('run', 'from-bundle', `--image=${BUSYBOX_IMAGE}`, '--', 'sh', '-c', 'echo hello from the bundle; exec sleep 3600');
    await waitFor('the pod to run', async () => (await c.k('get', 'pod', 'from-bundle', '-o', 'jsonpath={.status.phase}')) === 'Running', { timeoutMs: 60_000, intervalMs: 500 });
    assert.equal(await c.k('get', 'pod', 'from-bundle', '-o', 'jsonpath={.spec.nodeName}'), node);
    // Logs and exec go through the tunnel to the engine (docker-modem, with the ssh2 stand-in).
    assert.match(await waitFor('the log of the pod', async () => { const log = await c.k('logs', 'from-bundle'); return log.includes('hello') ? log : undefined; }), /hello from the bundle/);
    assert.equal((await c.k('exec', 'from-bundle', '--', 'sh', '-c', 'echo $((6 * 7))')).trim(), '42');
    await c.k('delete', 'pod', 'from-bundle', '--grace-period=0', '--force');
  });
});
