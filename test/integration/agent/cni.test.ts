// CNI with the real reference plugins on a bridge of the test's own: pods get addresses from the
// podCIDR, reach each other and are reached from the host; DEL releases the address and the veth.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Dockerode from 'dockerode';
import { CniNetwork } from '../../../agent/cni/cni.js';
import { DockerRuntime } from '../../../agent/runtime/docker-runtime.js';
import type { ContainerSpec } from '../../../agent/runtime/types.js';
import { ensureBusyboxImage } from '../../helpers/images.js';
import { tempDir } from '../../helpers/tmp.js';
import { waitFor } from '../../helpers/wait.js';
import { httpGet } from '../../helpers/http-get.js';


describe('CNI bridge networking', () => {
  const docker = new Dockerode();
  const id = randomUUID().slice(0, 6);
  const bridge = `skt${id}`;
  const rt = new DockerRuntime(docker, `cni-test-${id}`);
  const dir = tempDir();
  const subnet = `10.250.${(parseInt(id.slice(0, 2), 16) % 200) + 20}.0/24`;
  const net = new CniNetwork({ name: `skiff-test-${id}`, bridge, podCidr: subnet, ipMasq: false, dataDir: join(dir.path, 'cni') });
  let image = '';
  before(async () => {
    image = await ensureBusyboxImage(docker);
    await net.ensureForwarding();
  });
  after(async () => {
    for (const c of await rt.list()) await rt.removeContainer(c.id);
    try { execFileSync('ip', ['link', 'del', bridge], { stdio: 'ignore' }); } catch { /* already gone */ }
    await net.removeForwarding();
    dir.remove();
  });

  async function podWithServer(name: string, body: string) {
    const pod = { uid: randomUUID(), namespace: 'default', name };
    const sandbox = await rt.runSandbox({ pod, hostname: name, hostNetwork: false });
    const netns = `/proc/${sandbox.pid}/ns/net`;
    const attached = await net.attach({ containerId: sandbox.id, netns, podNamespace: 'default', podName: name, podUid: pod.uid, portMappings: [] });
    const spec: ContainerSpec = {
      pod, sandboxId: sandbox.id, name: 'web', role: 'app', image, args: ['sh', '-c', `mkdir -p /www && echo ${body} > /www/index.html && httpd -f -p 80 -h /www`],
      env: [], mounts: [], tmpfs: {}, tty: false, stdin: false, stdinOnce: false, privileged: false, readOnlyRootFilesystem: false,
      capAdd: [], capDrop: [], restartCount: 0, specHash: 'h', terminationGraceSeconds: 1, sharePid: false,
    };
    const c = await rt.createContainer(spec);
    await rt.startContainer(c);
    return { pod, sandbox, netns, attached, container: c };
  }

  test('pods get addresses in the podCIDR and are reachable from the host and from each other', async () => {
    const a = await podWithServer('pod-a', 'from-a');
    const b = await podWithServer('pod-b', 'from-b');
    assert.ok(a.attached.ip.startsWith(subnet.split('.').slice(0, 3).join('.')), a.attached.ip);
    assert.notEqual(a.attached.ip, b.attached.ip);
    assert.equal(await waitFor('pod a over the bridge', () => httpGet(`http://${a.attached.ip}/`).catch(() => '')), 'from-a\n');
    const out = await rt.execSync(a.container, ['wget', '-q', '-O', '-', `http://${b.attached.ip}/`], 5000);
    assert.deepEqual(out, { exitCode: 0, output: 'from-b\n' });
    const veths = () => execFileSync('ip', ['-o', 'link', 'show', 'master', bridge], { encoding: 'utf8' }).trim().split('\n').filter(Boolean).length;
    assert.equal(veths(), 2);
    const ipamDir = join(dir.path, 'cni', 'ipam', `skiff-test-${id}`);
    assert.ok(existsSync(join(ipamDir, b.attached.ip)));
    await net.detach({ containerId: b.sandbox.id, netns: b.netns, podNamespace: 'default', podName: 'pod-b', podUid: b.pod.uid, portMappings: [] }, b.attached.result);
    assert.equal(veths(), 1, 'the veth is gone');
    assert.ok(!readdirSync(ipamDir).includes(b.attached.ip), 'the address is released');
    await net.detach({ containerId: a.sandbox.id, netns: a.netns, podNamespace: 'default', podName: 'pod-a', podUid: a.pod.uid, portMappings: [] }, a.attached.result);
    const nat = execFileSync('iptables-save', ['-t', 'nat'], { encoding: 'utf8' });
    assert.ok(!nat.includes(a.attached.ip) && !nat.includes(b.attached.ip), 'no rules left for the pods');
  });
});
