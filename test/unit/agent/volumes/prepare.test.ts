// Setting up a pod's volumes in a real temp directory: secret and configMap files with items and
// modes, optional and missing objects with the kubelet's FailedMount messages, downward API files,
// projected volumes, emptyDirs, updates (atomic, seen by a concurrent reader) and cleanup.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { mkdtemp, readFile, readdir, readlink, rm, stat, statfs, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConfigMap, Pod, Secret, Volume } from 'kubernetes-types/core/v1.js';
import { NotFoundError } from '../../../../api/errors/status-error.js';
import { cleanupPodVolumes, prepareVolumes, updateVolumes, type VolumeContext } from '../../../../agent/volumes/index.js';

const b64 = (s: string): string => Buffer.from(s).toString('base64');
const modeOf = async (p: string): Promise<number> => (await stat(p)).mode & 0o777;

interface Objects { secrets: Map<string, Secret>; configMaps: Map<string, ConfigMap> }

function context(podDir: string, objects: Objects): VolumeContext {
  return {
    podDir,
    getSecret: async (_ns, name) => {
      const s = objects.secrets.get(name);
      if (!s) throw new NotFoundError('secrets', '', name);
      return s;
    },
    getConfigMap: async (_ns, name) => {
      const cm = objects.configMaps.get(name);
      if (!cm) throw new NotFoundError('configmaps', '', name);
      return cm;
    },
    nodeAllocatable: { cpu: '4', memory: '8Gi' },
  };
}

const podWith = (volumes: Volume[], labels: Record<string, string> = { app: 'web' }): Pod => ({
  metadata: { name: 'web-1', namespace: 'shop', uid: 'uid-1', labels, annotations: { 'example.com/owner': 'team "a"' } },
  spec: {
    containers: [{ name: 'app', resources: { limits: { cpu: '500m', memory: '128Mi' } } }, { name: 'side' }],
    volumes,
  },
});

describe('prepareVolumes', () => {
  let root: string;
  let n = 0;
  const objects: Objects = { secrets: new Map(), configMaps: new Map() };
  const fresh = async () => join(root, `pod-${n++}`);
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'skiff-volumes-'));
    objects.secrets.set('db', { metadata: { name: 'db' }, data: { username: b64('admin'), password: b64('hunter2') } });
    objects.configMaps.set('app-config', { metadata: { name: 'app-config' }, data: { 'app.properties': 'a=1\n', 'log.level': 'debug' }, binaryData: { 'logo.png': b64('\x89PNG') } });
  });
  after(async () => { await rm(root, { recursive: true, force: true }); });

  test('a secret volume: every key as a file with defaultMode, mounted read-only', async () => {
    const podDir = await fresh();
    const r = await prepareVolumes(podWith([{ name: 'creds', secret: { secretName: 'db', defaultMode: 420 } }]), context(podDir, objects));
    const dir = join(podDir, 'volumes/kubernetes.io~secret/creds');
    assert.deepEqual(r, { volumes: { creds: { hostPath: dir, readOnly: true } }, errors: [], warnings: [] });
    assert.equal(await readFile(join(dir, 'password'), 'utf8'), 'hunter2');
    assert.equal(await modeOf(join(dir, 'password')), 0o644);
    assert.equal(await readlink(join(dir, 'username')), '..data/username');
  });

  test('items pick keys, rename them (into subdirectories) and set their own modes', async () => {
    const podDir = await fresh();
    const r = await prepareVolumes(podWith([
      { name: 'creds', secret: { secretName: 'db', defaultMode: 0o400, items: [{ key: 'password', path: 'db/pass' }, { key: 'username', path: 'user', mode: 0o640 }] } },
      { name: 'config', configMap: { name: 'app-config', items: [{ key: 'logo.png', path: 'img/logo.png' }, { key: 'log.level', path: 'level' }] } },
    ]), context(podDir, objects));
    assert.deepEqual(r.errors, []);
    const creds = join(podDir, 'volumes/kubernetes.io~secret/creds');
    assert.equal(await readFile(join(creds, 'db/pass'), 'utf8'), 'hunter2');
    assert.equal(await modeOf(join(creds, 'db/pass')), 0o400);
    assert.equal(await modeOf(join(creds, 'user')), 0o640);
    assert.deepEqual((await readdir(creds)).filter((f) => !f.startsWith('..')).sort(), ['db', 'user']);
    const config = join(podDir, 'volumes/kubernetes.io~configmap/config');
    assert.deepEqual(await readFile(join(config, 'img/logo.png')), Buffer.from('\x89PNG'));
    assert.equal(await readFile(join(config, 'level'), 'utf8'), 'debug');
    assert.equal(await modeOf(join(config, 'level')), 0o644, 'defaultMode defaults to 0644');
  });

  test('configMap data and binaryData both become files', async () => {
    const podDir = await fresh();
    await prepareVolumes(podWith([{ name: 'config', configMap: { name: 'app-config' } }]), context(podDir, objects));
    const dir = join(podDir, 'volumes/kubernetes.io~configmap/config');
    assert.deepEqual((await readdir(dir)).filter((f) => !f.startsWith('..')).sort(), ['app.properties', 'log.level', 'logo.png']);
    assert.equal(await readFile(join(dir, 'app.properties'), 'utf8'), 'a=1\n');
  });

  test('missing objects and keys: optional ones give empty volumes; required ones fail with FailedMount messages', async () => {
    const podDir = await fresh();
    const r = await prepareVolumes(podWith([
      { name: 'maybe', configMap: { name: 'nope', optional: true } },
      { name: 'maybe-key', secret: { secretName: 'db', optional: true, items: [{ key: 'token', path: 'token' }, { key: 'username', path: 'u' }] } },
      { name: 'config', configMap: { name: 'settings' } },
      { name: 'creds', secret: { secretName: 'db-creds' } },
      { name: 'token', secret: { secretName: 'db', items: [{ key: 'token', path: 'token' }] } },
      { name: 'cfg-key', configMap: { name: 'app-config', items: [{ key: 'missing.conf', path: 'm' }] } },
      { name: 'scratch', emptyDir: {} },
      { name: 'claim', persistentVolumeClaim: { claimName: 'data' } },
    ]), context(podDir, objects));
    assert.deepEqual(r.errors, [
      { volume: 'config', message: 'MountVolume.SetUp failed for volume "config" : configmap "settings" not found' },
      { volume: 'creds', message: 'MountVolume.SetUp failed for volume "creds" : secret "db-creds" not found' },
      { volume: 'token', message: 'MountVolume.SetUp failed for volume "token" : references non-existent secret key: token' },
      { volume: 'cfg-key', message: 'MountVolume.SetUp failed for volume "cfg-key" : configmap references non-existent config key: missing.conf' },
      { volume: 'claim', message: 'MountVolume.SetUp failed for volume "claim" : volume type persistentVolumeClaim is not supported on this node' },
    ]);
    assert.deepEqual(Object.keys(r.volumes).sort(), ['maybe', 'maybe-key', 'scratch']);
    const maybe = join(podDir, 'volumes/kubernetes.io~configmap/maybe');
    assert.deepEqual((await readdir(maybe)).filter((f) => !f.startsWith('..')), []);
    const maybeKey = join(podDir, 'volumes/kubernetes.io~secret/maybe-key');
    assert.deepEqual((await readdir(maybeKey)).filter((f) => !f.startsWith('..')), ['u']);
  });

  test('a downwardAPI volume: labels and annotations in the kubelet format, fields, resources with divisors', async () => {
    const podDir = await fresh();
    const pod = podWith([{
      name: 'podinfo',
      downwardAPI: {
        defaultMode: 0o444,
        items: [
          { path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } },
          { path: 'annotations', fieldRef: { fieldPath: 'metadata.annotations' }, mode: 0o400 },
          { path: 'meta/name', fieldRef: { fieldPath: 'metadata.name' } },
          { path: 'meta/app', fieldRef: { fieldPath: "metadata.labels['app']" } },
          { path: 'cpu_limit', resourceFieldRef: { containerName: 'app', resource: 'limits.cpu', divisor: '1m' } },
          { path: 'mem_limit', resourceFieldRef: { containerName: 'app', resource: 'limits.memory', divisor: '1Mi' } },
          { path: 'side_mem_limit', resourceFieldRef: { containerName: 'side', resource: 'limits.memory', divisor: '1Gi' } },
        ],
      },
    }], { tier: 'frontend', app: 'guestbook' });
    const r = await prepareVolumes(pod, context(podDir, objects));
    assert.deepEqual(r.errors, []);
    const dir = join(podDir, 'volumes/kubernetes.io~downward-api/podinfo');
    const read = (p: string) => readFile(join(dir, p), 'utf8');
    assert.equal(await read('labels'), 'app="guestbook"\ntier="frontend"');
    assert.equal(await read('annotations'), 'example.com/owner="team \\"a\\""');
    assert.equal(await read('meta/name'), 'web-1');
    assert.equal(await read('meta/app'), 'guestbook');
    assert.equal(await read('cpu_limit'), '500');
    assert.equal(await read('mem_limit'), '128');
    assert.equal(await read('side_mem_limit'), '8', 'an unset limit reads as node allocatable');
    assert.equal(await modeOf(join(dir, 'labels')), 0o444);
    assert.equal(await modeOf(join(dir, 'annotations')), 0o400);
  });

  test('a projected volume merges its sources; a service-account token source is skipped with a warning', async () => {
    const podDir = await fresh();
    const r = await prepareVolumes(podWith([{
      name: 'kube-api-access',
      projected: {
        defaultMode: 0o440,
        sources: [
          { serviceAccountToken: { path: 'token', expirationSeconds: 3607 } },
          { configMap: { name: 'app-config', items: [{ key: 'log.level', path: 'level' }] } },
          { secret: { name: 'db', items: [{ key: 'username', path: 'user', mode: 0o400 }] } },
          { downwardAPI: { items: [{ path: 'namespace', fieldRef: { fieldPath: 'metadata.namespace' } }] } },
        ],
      },
    }]), context(podDir, objects));
    assert.deepEqual(r.errors, []);
    assert.equal(r.warnings.length, 1);
    assert.match(r.warnings[0].message, /^volume "kube-api-access": skipped serviceAccountToken source \(path token\): token projection needs the TokenRequest API/);
    const dir = join(podDir, 'volumes/kubernetes.io~projected/kube-api-access');
    assert.deepEqual((await readdir(dir)).filter((f) => !f.startsWith('..')).sort(), ['level', 'namespace', 'user']);
    assert.equal(await readFile(join(dir, 'namespace'), 'utf8'), 'shop');
    assert.equal(await modeOf(join(dir, 'level')), 0o440);
    assert.equal(await modeOf(join(dir, 'user')), 0o400);
  });

  test('a projected volume reports all failing sources together', async () => {
    const r = await prepareVolumes(podWith([{
      name: 'all',
      projected: { sources: [{ secret: { name: 'gone' } }, { configMap: { name: 'app-config', items: [{ key: 'x', path: 'x' }] } }, { configMap: { name: 'ok', optional: true } }] },
    }]), context(await fresh(), objects));
    assert.deepEqual(r.errors, [{ volume: 'all', message: 'MountVolume.SetUp failed for volume "all" : [secret "gone" not found, configmap references non-existent config key: x]' }]);
  });

  test('emptyDir: a world-writable directory, or an in-memory mount sized like the kubelet sizes it', async () => {
    const podDir = await fresh();
    const pod = podWith([
      { name: 'scratch', emptyDir: {} },
      { name: 'cache', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } },
      { name: 'big', emptyDir: { medium: 'Memory', sizeLimit: '1Ti' } },
    ]);
    const r = await prepareVolumes(pod, context(podDir, objects));
    const dir = join(podDir, 'volumes/kubernetes.io~empty-dir/scratch');
    assert.deepEqual(r.volumes.scratch, { hostPath: dir, readOnly: false });
    assert.equal(await modeOf(dir), 0o777);
    // Memory emptyDirs are tmpfs mounts on the host, shared by every container that mounts them.
    const cacheDir = join(podDir, 'volumes/kubernetes.io~empty-dir/cache');
    assert.deepEqual(r.volumes.cache, { hostPath: cacheDir, readOnly: false, memoryBytes: 64 * 1024 * 1024 });
    const fs = await statfs(cacheDir);
    assert.equal(fs.blocks * fs.bsize, 64 * 1024 * 1024, 'a tmpfs of the volume\'s size is mounted there');
    // the sidecar has no memory limit, so the pod has none: node allocatable caps it
    assert.equal(r.volumes.big.memoryBytes, 8 * 1024 ** 3);
    const limited: Pod = { ...pod, spec: { ...pod.spec!, containers: [{ name: 'app', resources: { limits: { memory: '128Mi' } } }, { name: 'side', resources: { limits: { memory: '64Mi' } } }] } };
    const limitedDir = await fresh();
    assert.equal((await prepareVolumes(limited, context(limitedDir, objects))).volumes.big.memoryBytes, 192 * 1024 * 1024);
    await cleanupPodVolumes(podDir);
    await cleanupPodVolumes(limitedDir);
    assert.equal((await readFile('/proc/self/mountinfo', 'utf8')).includes(podDir), false, 'cleanup unmounts the tmpfs');
  });

  test('preparing again (an agent restart) keeps emptyDir content and rewrites nothing', async () => {
    const podDir = await fresh();
    const pod = podWith([{ name: 'scratch', emptyDir: {} }, { name: 'creds', secret: { secretName: 'db' } }]);
    await prepareVolumes(pod, context(podDir, objects));
    await writeFile(join(podDir, 'volumes/kubernetes.io~empty-dir/scratch/state'), 'kept');
    const ts = await readlink(join(podDir, 'volumes/kubernetes.io~secret/creds/..data'));
    const again = await prepareVolumes(pod, context(podDir, objects));
    assert.deepEqual(again.errors, []);
    assert.equal(await readFile(join(podDir, 'volumes/kubernetes.io~empty-dir/scratch/state'), 'utf8'), 'kept');
    assert.equal(await readlink(join(podDir, 'volumes/kubernetes.io~secret/creds/..data')), ts);
  });
});

describe('updateVolumes', () => {
  let root: string;
  before(async () => { root = await mkdtemp(join(tmpdir(), 'skiff-volume-updates-')); });
  after(async () => { await rm(root, { recursive: true, force: true }); });

  test('rewrites only what changed; a deleted object keeps the last content and is reported', async () => {
    const podDir = join(root, 'pod');
    const objects: Objects = { secrets: new Map([['db', { data: { password: b64('one') } }]]), configMaps: new Map([['cfg', { data: { a: '1' } }]]) };
    const volumes: Volume[] = [
      { name: 'creds', secret: { secretName: 'db' } },
      { name: 'config', configMap: { name: 'cfg' } },
      { name: 'podinfo', downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }] } },
      { name: 'scratch', emptyDir: {} },
    ];
    const ctx = context(podDir, objects);
    await prepareVolumes(podWith(volumes), ctx);
    assert.deepEqual(await updateVolumes(podWith(volumes), ctx), { changed: [], errors: [], warnings: [] });

    objects.secrets.set('db', { data: { password: b64('two') } });
    const relabeled = podWith(volumes, { app: 'web', version: 'v2' });
    assert.deepEqual((await updateVolumes(relabeled, ctx)).changed, ['creds', 'podinfo']);
    assert.equal(await readFile(join(podDir, 'volumes/kubernetes.io~secret/creds/password'), 'utf8'), 'two');
    assert.equal(await readFile(join(podDir, 'volumes/kubernetes.io~downward-api/podinfo/labels'), 'utf8'), 'app="web"\nversion="v2"');

    objects.configMaps.delete('cfg');
    const r = await updateVolumes(relabeled, ctx);
    assert.deepEqual(r.errors, [{ volume: 'config', message: 'MountVolume.SetUp failed for volume "config" : configmap "cfg" not found' }]);
    assert.equal(await readFile(join(podDir, 'volumes/kubernetes.io~configmap/config/a'), 'utf8'), '1');
  });

  test('a reader looping over a secret volume during updates never sees a missing or partial file', async () => {
    const podDir = join(root, 'race');
    const versions = ['A', 'B', 'C'].map((c) => c.repeat(256 * 1024));
    const objects: Objects = { secrets: new Map([['tls', { data: { 'tls.key': b64(versions[0]) } }]]), configMaps: new Map() };
    const pod = podWith([{ name: 'tls', secret: { secretName: 'tls', items: [{ key: 'tls.key', path: 'keys/tls.key' }] } }]);
    const ctx = context(podDir, objects);
    assert.deepEqual((await prepareVolumes(pod, ctx)).errors, []);

    // shared[0]: stop (set by the test), shared[1]: reads so far, shared[2]: the reader gave up
    const shared = new Int32Array(new SharedArrayBuffer(12));
    const reader = new Worker(`
      const { workerData, parentPort } = require('node:worker_threads');
      const fs = require('node:fs');
      const shared = new Int32Array(workerData.shared);
      const problems = [];
      parentPort.postMessage('ready');
      while (Atomics.load(shared, 0) === 0 && Atomics.load(shared, 1) < 2000000 && problems.length < 5) {
        Atomics.add(shared, 1, 1);
        try {
          const text = fs.readFileSync(workerData.file, 'utf8');
          if (!workerData.versions.includes(text)) problems.push('partial read of ' + text.length + ' bytes');
        } catch (err) { problems.push(err.code); }
      }
      Atomics.store(shared, 2, 1);
      parentPort.postMessage(problems);
    `, { eval: true, workerData: { shared: shared.buffer, file: join(podDir, 'volumes/kubernetes.io~secret/tls/keys/tls.key'), versions } });
    assert.deepEqual(await once(reader, 'message'), ['ready']);
    const finished = once(reader, 'message'); // listening before the updates, in case the reader stops early

    // at least 60 updates, and on until the reader has overlapped them for 2000 reads (bounded)
    for (let i = 1; i <= 60 || (Atomics.load(shared, 1) < 2000 && Atomics.load(shared, 2) === 0 && i <= 2000); i++) {
      objects.secrets.set('tls', { data: { 'tls.key': b64(versions[i % versions.length]) } });
      assert.deepEqual((await updateVolumes(pod, ctx)).changed, ['tls']);
    }
    Atomics.store(shared, 0, 1);
    assert.deepEqual(await finished, [[]]);
    assert.ok(Atomics.load(shared, 1) >= 2000, `the reader overlapped the updates (${Atomics.load(shared, 1)} reads)`);
    const dir = join(podDir, 'volumes/kubernetes.io~secret/tls');
    // The current version and the one before it (kept for readers that resolved ..data before the swap).
    assert.equal((await readdir(dir)).filter((f) => /^\.\.\d{4}_/.test(f)).length, 2, 'older versions are removed');
  });
});

describe('cleanupPodVolumes', () => {
  test('removes the volume directories and the emptied pod directory, never hostPath content; tolerates a missing dir', async () => {
    const root = await mkdtemp(join(tmpdir(), 'skiff-cleanup-'));
    try {
      const host = join(root, 'host-data');
      await mkdir(host);
      await writeFile(join(host, 'keep'), 'x');
      const podDir = join(root, 'pods', 'uid-1');
      const objects: Objects = { secrets: new Map([['db', { data: { p: b64('x') } }]]), configMaps: new Map() };
      const r = await prepareVolumes(podWith([
        { name: 'scratch', emptyDir: {} }, { name: 'creds', secret: { secretName: 'db' } }, { name: 'host', hostPath: { path: host, type: 'Directory' } },
      ]), context(podDir, objects));
      assert.deepEqual(r.errors, []);
      await cleanupPodVolumes(podDir);
      await assert.rejects(stat(podDir), { code: 'ENOENT' });
      assert.equal(await readFile(join(host, 'keep'), 'utf8'), 'x');
      await cleanupPodVolumes(podDir);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
