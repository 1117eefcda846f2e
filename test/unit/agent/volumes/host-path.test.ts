// hostPath volumes and their type checks on real files, sockets and devices, with upstream's messages.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { mkdir, mkdtemp, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HostPathVolumeSource, Pod } from 'kubernetes-types/core/v1.js';
import { prepareVolumes, type PreparedVolumes } from '../../../../agent/volumes/index.js';

function setUp(root: string, hostPath: HostPathVolumeSource): Promise<PreparedVolumes> {
  const pod: Pod = { metadata: { name: 'p', namespace: 'default' }, spec: { containers: [{ name: 'c' }], volumes: [{ name: 'host', hostPath }] } };
  const missing = async (): Promise<never> => { throw new Error('no objects in this test'); };
  return prepareVolumes(pod, { podDir: join(root, 'pod'), getSecret: missing, getConfigMap: missing });
}

async function failure(root: string, hostPath: HostPathVolumeSource): Promise<string | undefined> {
  const r = await setUp(root, hostPath);
  return r.errors[0]?.message.replace('MountVolume.SetUp failed for volume "host" : ', '');
}

describe('hostPath volumes', () => {
  let root: string;
  let server: Server;
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'skiff-hostpath-'));
    await mkdir(join(root, 'dir'));
    await writeFile(join(root, 'file'), 'x');
    await symlink(join(root, 'dir'), join(root, 'link-to-dir'));
    server = createServer();
    await new Promise<void>((resolve) => server.listen(join(root, 'sock'), resolve));
  });
  after(async () => {
    await new Promise((resolve) => server.close(resolve));
    await rm(root, { recursive: true, force: true });
  });

  test('an existing path of the right type is mounted read-write as it is', async () => {
    for (const [path, type] of [['dir', 'Directory'], ['link-to-dir', 'Directory'], ['file', 'File'], ['sock', 'Socket'], ['nowhere', '']] as const) {
      const r = await setUp(root, { path: join(root, path), type });
      assert.deepEqual(r.errors, [], `${path} as ${type}`);
      assert.deepEqual(r.volumes.host, { hostPath: join(root, path), readOnly: false });
    }
    assert.deepEqual((await setUp(root, { path: '/dev/null', type: 'CharDevice' })).errors, []);
  });

  test('the *OrCreate types create what is missing', async () => {
    assert.equal(await failure(root, { path: join(root, 'made/deep/dir'), type: 'DirectoryOrCreate' }), undefined);
    assert.ok((await stat(join(root, 'made/deep/dir'))).isDirectory());
    assert.equal(await failure(root, { path: join(root, 'dir/new.log'), type: 'FileOrCreate' }), undefined);
    const created = await stat(join(root, 'dir/new.log'));
    assert.ok(created.isFile());
    assert.equal(created.size, 0);
    assert.equal(await failure(root, { path: join(root, 'dir'), type: 'DirectoryOrCreate' }), undefined, 'an existing directory is fine');
  });

  test("a wrong or missing path fails with the kubelet's messages", async () => {
    const cases: [HostPathVolumeSource, string][] = [
      [{ path: join(root, 'file'), type: 'Directory' }, `hostPath type check failed: ${join(root, 'file')} is not a directory, it's a File`],
      [{ path: join(root, 'dir'), type: 'File' }, `hostPath type check failed: ${join(root, 'dir')} is not a file, it's a Directory`],
      [{ path: join(root, 'file'), type: 'DirectoryOrCreate' }, `hostPath type check failed: ${join(root, 'file')} is not a directory, it's a File`],
      [{ path: join(root, 'dir'), type: 'FileOrCreate' }, `hostPath type check failed: ${join(root, 'dir')} is not a file, it's a Directory`],
      [{ path: join(root, 'file'), type: 'Socket' }, `hostPath type check failed: ${join(root, 'file')} is not a socket file, it's a File`],
      [{ path: '/dev/null', type: 'BlockDevice' }, "hostPath type check failed: /dev/null is not a block device, it's a CharDevice"],
      [{ path: join(root, 'sock'), type: 'CharDevice' }, `hostPath type check failed: ${join(root, 'sock')} is not a character device, it's a Socket`],
      [{ path: join(root, 'absent'), type: 'Directory' }, `hostPath ${join(root, 'absent')} doesn't exist`],
      [{ path: join(root, 'no-parent/x.log'), type: 'FileOrCreate' }, `open ${join(root, 'no-parent/x.log')}: no such file or directory`],
      [{ path: `${root}/dir/../file`, type: '' }, `invalid HostPath \`${root}/dir/../file\`: must not contain '..'`],
      [{ path: join(root, 'dir'), type: 'Folder' }, 'Folder is an invalid volume type'],
    ];
    for (const [src, message] of cases) assert.equal(await failure(root, src), message);
  });
});
