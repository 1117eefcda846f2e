// `skiff serve` with its local agent: the supervised agent registers this host as a Node, the scheduler
// places a `kubectl run` pod on it, the pod runs on the Docker engine; SIGTERM stops both cleanly.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Dockerode from 'dockerode';
import { removeBridgeForwarding } from '../../../agent/cni/forwarding.js';
import { BUSYBOX_IMAGE, ensureBusyboxImage } from '../../helpers/images.js';
import { startServe } from '../../helpers/serve-process.js';
import { tempDir } from '../../helpers/tmp.js';
import { waitFor } from '../../helpers/wait.js';

describe('skiff serve with its local agent', () => {
  const dir = tempDir('skiff-serve-agent-');
  const node = `serve-${randomUUID().slice(0, 6)}`;
  after(async () => {
    const docker = new Dockerode();
    for (const c of await docker.listContainers({ all: true, filters: { label: [`io.skiff.node=${node}`] } })) await docker.getContainer(c.Id).remove({ force: true });
    try { execFileSync('ip', ['link', 'del', 'skiff0'], { stdio: 'ignore' }); } catch { /* not there */ }
    await removeBridgeForwarding('skiff0');
    dir.remove();
  });

  test('the host becomes a Ready node and runs a pod placed by the scheduler', async () => {
    await ensureBusyboxImage();
    const dataDir = join(dir.path, 'data');
    const p = await startServe(['--data-dir', dataDir, '--listen', '127.0.0.1:0', '--node-name', node]);
    const kc = join(dataDir, 'kubeconfig');
    const kubectl = (...args: string[]): string => execFileSync('kubectl', ['--kubeconfig', kc, ...args], { env: { PATH: process.env.PATH ?? '', HOME: dir.path, KUBECACHEDIR: join(dir.path, 'cache') }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      await waitFor('the node to be Ready', () => /\sReady\s/.test(kubectl('get', 'node', node)), { timeoutMs: 60_000, intervalMs: 500 });
      kubectl('run', 'hello', `--image=${BUSYBOX_IMAGE}`, '--', 'sleep', '3600');
      await waitFor('the pod to run', () => kubectl('get', 'pod', 'hello', '-o', 'jsonpath={.status.phase}') === 'Running', { timeoutMs: 60_000, intervalMs: 500 });
      assert.equal(kubectl('get', 'pod', 'hello', '-o', 'jsonpath={.spec.nodeName}'), node);
      assert.match(kubectl('get', 'pod', 'hello', '-o', 'jsonpath={.status.podIP}'), /^10\.244\.\d+\.\d+$/);
      kubectl('delete', 'pod', 'hello', '--grace-period=1');
    } finally {
      p.child.kill('SIGTERM');
    }
    assert.equal(await p.exited, 0);
  });
});
