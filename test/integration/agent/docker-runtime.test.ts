// The Docker runtime against the real engine: a pause sandbox built locally, two containers sharing the
// sandbox's network (localhost) and a host directory, logs, exec, events, stats, adoption by labels.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Dockerode from 'dockerode';
import { DockerRuntime } from '../../../agent/runtime/docker-runtime.js';
import { ImagePullError, type ContainerSpec, type RuntimeEvent } from '../../../agent/runtime/types.js';
import { ensureBusyboxImage } from '../../helpers/images.js';
import { tempDir } from '../../helpers/tmp.js';
import { waitFor } from '../../helpers/wait.js';

describe('DockerRuntime', () => {
  const docker = new Dockerode();
  const node = `rt-test-${randomUUID().slice(0, 8)}`;
  const rt = new DockerRuntime(docker, node);
  const dir = tempDir();
  let image = '';
  const pod = { uid: randomUUID(), namespace: 'default', name: 'duo' };
  const spec = (name: string, args: string[], extra: Partial<ContainerSpec> = {}): ContainerSpec => ({
    pod, sandboxId: '', name, role: 'app', image, args, env: [{ name: 'WHO', value: name }], mounts: [], tmpfs: {},
    tty: false, stdin: false, stdinOnce: false, privileged: false, readOnlyRootFilesystem: false, capAdd: [], capDrop: [],
    restartCount: 0, specHash: 'h', terminationGraceSeconds: 1, sharePid: false, ...extra,
  });
  before(async () => { image = await ensureBusyboxImage(docker); });
  after(async () => {
    for (const c of await rt.list()) await rt.removeContainer(c.id);
    dir.remove();
  });

  test('containers of one pod share localhost, hostname and a volume; logs, exec and events work', async () => {
    const events: RuntimeEvent[] = [];
    const stopEvents = rt.events((e) => events.push(e), () => {});
    const sandbox = await rt.runSandbox({ pod, hostname: 'duo', hostNetwork: false });
    assert.equal(sandbox.state, 'running');
    assert.ok(sandbox.pid && sandbox.pid > 0, 'the sandbox has a pid whose netns CNI can configure');
    const shared = join(dir.path, 'shared');
    mkdirSync(shared);
    const mounts = [{ hostPath: shared, containerPath: '/data', readOnly: false }];
    const server = await rt.createContainer({ ...spec('server', ['sh', '-c', 'echo "server on $(hostname)"; echo hello > /data/from-server; httpd -f -p 8080 -h /data']), sandboxId: sandbox.id, mounts });
    await rt.startContainer(server);
    const client = await rt.createContainer({ ...spec('client', ['sh', '-c', 'sleep 0.3; wget -q -O - http://127.0.0.1:8080/from-server; echo "env=$WHO"']), sandboxId: sandbox.id, mounts });
    await rt.startContainer(client);
    await waitFor('the client to finish', async () => (await rt.inspect(client))?.state === 'exited');
    const info = await rt.inspect(client);
    assert.equal(info?.exitCode, 0);
    assert.equal(info?.name, 'client');
    assert.equal(info?.pod.uid, pod.uid);
    const logs = await rt.logs(client, { follow: false, timestamps: false });
    let text = '';
    for await (const chunk of logs) text += String(chunk);
    assert.equal(text, 'hello\nenv=client\n');
    const serverLogs = await rt.logs(server, { follow: false, timestamps: true, tailLines: 1 });
    let stext = '';
    for await (const chunk of serverLogs) stext += String(chunk);
    assert.match(stext, /^\d{4}-\d\d-\d\dT[\d:.]+Z server on duo\n$/);
    const ex = await rt.execSync(server, ['sh', '-c', 'cat /data/from-server; exit 3'], 5000);
    assert.deepEqual(ex, { exitCode: 3, output: 'hello\n' });
    const listed = await rt.list(pod.uid);
    assert.deepEqual(listed.map((c) => c.role).sort(), ['app', 'app', 'sandbox']);
    await rt.stopContainer(server, 1);
    await waitFor('die events', () => events.some((e) => e.kind === 'die' && e.containerId === server));
    stopEvents();
    assert.ok(events.every((e) => e.podUid === pod.uid));
    assert.ok(await rt.stats(sandbox.id));
  });

  test('a missing image with no registry fails with the engine\'s message', async () => {
    await assert.rejects(rt.ensureImage('registry.invalid/nothing:1', 'IfNotPresent'), (err: unknown) => err instanceof ImagePullError && err.reason === 'ErrImagePull' && /registry\.invalid/.test(err.message));
    await assert.rejects(rt.ensureImage('not-here:1', 'Never'), (err: unknown) => err instanceof ImagePullError && err.reason === 'ErrImageNeverPull');
    assert.match(await rt.ensureImage(image, 'IfNotPresent'), /^sha256:/);
  });

  test('another node\'s runtime on the same engine sees none of these containers', async () => {
    const other = new DockerRuntime(docker, `${node}-other`);
    assert.deepEqual(await other.list(), []);
  });
});
