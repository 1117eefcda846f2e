// A container's volumeMounts → runtime mounts: read-only rules, subPath and subPathExpr (created when
// missing, refused when they lead out of the volume), in-memory volumes (a shared tmpfs), undeclared volumes.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, readdir, rm, stat, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Container, Pod } from 'kubernetes-types/core/v1.js';
import { cleanupPodVolumes, mountsFor, prepareVolumes, type PreparedVolumes } from '../../../../agent/volumes/index.js';

describe('mountsFor', () => {
  let root: string;
  let prepared: PreparedVolumes;
  let scratch: string;
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'skiff-mounts-'));
    const pod: Pod = {
      metadata: { name: 'web-0', namespace: 'shop' },
      spec: {
        containers: [{ name: 'app' }],
        volumes: [
          { name: 'scratch', emptyDir: {} },
          { name: 'config', secret: { secretName: 'cfg' } },
          { name: 'cache', emptyDir: { medium: 'Memory', sizeLimit: '16Mi' } },
          { name: 'host', hostPath: { path: join(root, 'host'), type: 'DirectoryOrCreate' } },
        ],
      },
    };
    prepared = await prepareVolumes(pod, {
      podDir: join(root, 'pod'),
      getSecret: async () => ({ data: { 'nginx.conf': Buffer.from('worker_processes 1;').toString('base64') } }),
      getConfigMap: async () => { throw new Error('unused'); },
    });
    assert.deepEqual(prepared.errors, []);
    scratch = join(root, 'pod/volumes/kubernetes.io~empty-dir/scratch');
  });
  after(async () => {
    await cleanupPodVolumes(join(root, 'pod'));
    await rm(root, { recursive: true, force: true });
  });

  const mounts = (volumeMounts: Container['volumeMounts'], env: { name: string; value: string }[] = []) =>
    mountsFor({ name: 'app', volumeMounts }, prepared, env);

  test('whole volumes: read-only when the mount says so, and always for object-backed volumes', async () => {
    const r = await mounts([
      { name: 'scratch', mountPath: '/data' },
      { name: 'host', mountPath: '/host', readOnly: true },
      { name: 'config', mountPath: '/etc/nginx', readOnly: false },
      { name: 'cache', mountPath: '/cache' },
    ]);
    assert.deepEqual(r, {
      mounts: [
        { hostPath: scratch, containerPath: '/data', readOnly: false },
        { hostPath: join(root, 'host'), containerPath: '/host', readOnly: true },
        { hostPath: join(root, 'pod/volumes/kubernetes.io~secret/config'), containerPath: '/etc/nginx', readOnly: true },
        { hostPath: join(root, 'pod/volumes/kubernetes.io~empty-dir/cache'), containerPath: '/cache', readOnly: false },
      ],
      tmpfs: {},
    });
  });

  test('a missing subPath directory is created with the volume’s mode; an existing file is mounted as the real file', async () => {
    const r = await mounts([
      { name: 'scratch', mountPath: '/var/lib/mysql', subPath: 'mysql/data' },
      { name: 'config', mountPath: '/etc/nginx/nginx.conf', subPath: 'nginx.conf' },
    ]);
    assert.equal(r.error, undefined);
    assert.equal(r.mounts[0].hostPath, join(scratch, 'mysql/data'));
    assert.equal((await stat(join(scratch, 'mysql'))).mode & 0o777, 0o777);
    assert.equal((await stat(join(scratch, 'mysql/data'))).mode & 0o777, 0o777);
    // the symlink through ..data is resolved, as the runtime bind-mounts a real path
    assert.match(r.mounts[1].hostPath, /kubernetes\.io~secret\/config\/\.\.\d{4}_\d\d_\d\d_\d\d_\d\d_\d\d\.\d{9}\/nginx\.conf$/);
    assert.equal(await readFile(r.mounts[1].hostPath, 'utf8'), 'worker_processes 1;');
    assert.equal(r.mounts[1].readOnly, true);
  });

  test('subPathExpr expands the container’s variables; unset ones are an error', async () => {
    const env = [{ name: 'POD_NAME', value: 'web-0' }];
    const r = await mounts([{ name: 'scratch', mountPath: '/logs', subPathExpr: 'logs/$(POD_NAME)' }], env);
    assert.equal(r.mounts[0].hostPath, join(scratch, 'logs/web-0'));
    assert.ok((await stat(join(scratch, 'logs/web-0'))).isDirectory());
    assert.deepEqual(await mounts([{ name: 'scratch', mountPath: '/logs', subPathExpr: '$(NODE)/$(POD_NAME)' }], env), {
      mounts: [], tmpfs: {}, error: 'missing value for NODE',
    });
  });

  test('refuses undeclared volumes and escaping subPaths', async () => {
    const cases: [NonNullable<Container['volumeMounts']>[number], string][] = [
      [{ name: 'data', mountPath: '/data' }, 'cannot find volume "data" to mount into container "app"'],
      [{ name: 'scratch', mountPath: '/x', subPath: '/etc' }, 'error SubPath `/etc` must not be an absolute path'],
      [{ name: 'scratch', mountPath: '/x', subPath: 'a/../../etc' }, "unable to provision SubPath `a/../../etc`: must not contain '..'"],
    ];
    for (const [vm, error] of cases) assert.deepEqual(await mounts([{ name: 'scratch', mountPath: '/ok' }, vm]), { mounts: [], tmpfs: {}, error });
  });

  test('a symlink a container left in its volume cannot point a subPath at the host', async () => {
    const outside = join(root, 'outside');
    await mkdir(outside);
    await symlink(outside, join(scratch, 'evil'));
    assert.deepEqual(await mounts([{ name: 'scratch', mountPath: '/x', subPath: 'evil' }]), {
      mounts: [], tmpfs: {}, error: 'failed to prepare subPath for volumeMount "scratch" of container "app"',
    });
    assert.deepEqual(await mounts([{ name: 'scratch', mountPath: '/x', subPath: 'evil/planted' }]), {
      mounts: [], tmpfs: {}, error: 'failed to create subPath directory for volumeMount "scratch" of container "app"',
    });
    assert.deepEqual(await readdir(outside), [], 'nothing was created outside the volume');
  });
});
