// The guestbook images on the plain Docker engine (no Skiff cluster): a redis master, replicas that find
// it from REDIS_MASTER_SERVICE_HOST or by the DNS name redis-master, and the frontend's guestbook.php
// writing through the master and reading through a replica. The containers share a Docker network of
// this test's own (its DNS aliases stand in for Services); the frontends publish port 80 on 127.0.0.1.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { PassThrough } from 'node:stream';
import Dockerode from 'dockerode';
import { ensureGuestbookImages, type GuestbookImages } from '../../helpers/guestbook-images.js';
import { waitFor } from '../../helpers/wait.js';

interface Started {
  container: Dockerode.Container;
  ip: string;
  /** the host port on 127.0.0.1 that reaches its port 80, when published */
  port: number;
}

describe('guestbook images', () => {
  const docker = new Dockerode();
  const run = `skiff-gb-${randomUUID().slice(0, 8)}`;
  const started: Dockerode.Container[] = [];
  let network: Dockerode.Network | undefined;
  let images: GuestbookImages;
  let master: Started;
  let replica: Started;

  const start = async (name: string, image: string, env: Record<string, string>, aliases: string[] = [], publish = false): Promise<Started> => {
    const container = await docker.createContainer({
      name: `${run}-${name}`, Image: image, Env: Object.entries(env).map(([k, v]) => `${k}=${v}`), Labels: { 'io.skiff.test': run },
      ExposedPorts: publish ? { '80/tcp': {} } : undefined,
      HostConfig: { NetworkMode: run, PortBindings: publish ? { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] } : undefined },
      NetworkingConfig: { EndpointsConfig: { [run]: { Aliases: aliases } } },
    });
    started.push(container);
    await container.start();
    const info = await container.inspect();
    const ip = info.NetworkSettings.Networks[run]?.IPAddress ?? '';
    const port = Number(info.NetworkSettings.Ports?.['80/tcp']?.[0]?.HostPort ?? 0);
    assert.ok(ip, `${name} has an address on the test network`);
    return { container, ip, port };
  };

  /** Runs a command in the container; its stdout (stderr is kept apart) and exit code. */
  const exec = async (c: Started, cmd: string[]): Promise<{ stdout: string; code: number }> => {
    const ex = await c.container.exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true });
    const stream = await ex.start({});
    const stdout = new PassThrough();
    const out: Buffer[] = [];
    stdout.on('data', (b: Buffer) => out.push(b));
    await new Promise<void>((resolve, reject) => {
      docker.modem.demuxStream(stream, stdout, new PassThrough().resume());
      stream.on('end', () => resolve());
      stream.on('error', reject);
    });
    return { stdout: Buffer.concat(out).toString('utf8'), code: (await ex.inspect()).ExitCode ?? -1 };
  };
  const redisCli = async (c: Started, ...args: string[]): Promise<string> => {
    const r = await exec(c, ['redis-cli', '--raw', ...args]);
    assert.equal(r.code, 0, `redis-cli ${args.join(' ')}: ${r.stdout}`);
    return r.stdout.replace(/\n$/, '');
  };
  const replication = async (c: Started): Promise<Record<string, string>> =>
    Object.fromEntries((await redisCli(c, 'info', 'replication')).split(/\r?\n/).filter((l) => l.includes(':')).map((l) => l.split(':', 2) as [string, string]));
  const guestbook = async (f: Started, query: string): Promise<{ status: number; type: string; body: unknown }> => {
    const res = await fetch(`http://127.0.0.1:${f.port}/guestbook.php?${query}`);
    return { status: res.status, type: res.headers.get('content-type') ?? '', body: await res.json() };
  };
  const frontendUp = (f: Started) => waitFor('the frontend to answer', async () => (await fetch(`http://127.0.0.1:${f.port}/`)).ok);

  before(async () => {
    images = await ensureGuestbookImages();
    network = await docker.createNetwork({ Name: run, Driver: 'bridge', Labels: { 'io.skiff.test': run } });
    master = await start('master', images.redis.tag, {}, ['redis-master']);
    replica = await start('replica', images.slave.tag, { GET_HOSTS_FROM: 'env', REDIS_MASTER_SERVICE_HOST: master.ip }, ['redis-slave']);
  });
  after(async () => {
    for (const c of started) await c.remove({ force: true }).catch(() => undefined);
    await network?.remove().catch(() => undefined);
  });

  test('a second build finds every image up to date and keeps it', async (t) => {
    const again = await ensureGuestbookImages();
    for (const key of ['redis', 'slave', 'frontend'] as const) {
      assert.equal(again[key].built, false, `${again[key].tag} is reused`);
      assert.equal(again[key].id, images[key].id);
      t.diagnostic(`${images[key].tag}: ${(images[key].sizeBytes / 1048576).toFixed(1)} MiB, ${images[key].built ? 'built' : 'checked'} in ${images[key].seconds.toFixed(1)} s, checked again in ${again[key].seconds.toFixed(2)} s`);
    }
  });

  test('a replica with GET_HOSTS_FROM=env replicates from $REDIS_MASTER_SERVICE_HOST', async () => {
    await redisCli(master, 'set', 'greeting', 'hello from the master');
    await waitFor('the replica to have the key', async () => (await redisCli(replica, 'get', 'greeting')) === 'hello from the master', { timeoutMs: 30_000, intervalMs: 250 });
    const info = await replication(replica);
    assert.equal(info.role, 'slave');
    assert.equal(info.master_host, master.ip);
    assert.equal(info.master_link_status, 'up');
  });

  test('a replica without GET_HOSTS_FROM finds the master by the DNS name redis-master', async () => {
    const byName = await start('replica-dns', images.slave.tag, {});
    await redisCli(master, 'set', 'found-by', 'dns');
    await waitFor('the replica to have the key', async () => (await redisCli(byName, 'get', 'found-by')) === 'dns', { timeoutMs: 30_000, intervalMs: 250 });
    assert.equal((await replication(byName)).master_host, 'redis-master');
  });

  test('the frontend stores an entry through the master and reads it back through a replica, bytes intact', async () => {
    const frontend = await start('frontend', images.frontend.tag, { GET_HOSTS_FROM: 'env', REDIS_MASTER_SERVICE_HOST: master.ip, REDIS_SLAVE_SERVICE_HOST: replica.ip }, [], true);
    await frontendUp(frontend);
    const page = await (await fetch(`http://127.0.0.1:${frontend.port}/`)).text();
    assert.match(page, /<title>Guestbook<\/title>/);

    // commas join entries as in the original page; the rest would break naive quoting or decoding
    const value = 'first entry,second "quoted" \\ entry,$(id); `id` * & ?x=1 %41 +plus,ünïcødé\ttab\nline\n\n';
    const set = await guestbook(frontend, `cmd=set&key=messages&value=${encodeURIComponent(value)}`);
    assert.deepEqual(set, { status: 200, type: 'application/json', body: { message: 'Updated' } });
    assert.equal(await redisCli(master, 'get', 'messages'), value, 'the master holds the entry');

    const read = await waitFor('the entry through the replica', async () => {
      const r = await guestbook(frontend, 'cmd=get&key=messages');
      return (r.body as { data?: string }).data === value ? r : undefined;
    }, { timeoutMs: 30_000, intervalMs: 250 });
    assert.equal(read.status, 200);
    assert.equal(read.type, 'application/json');
    // a form-encoded space (+) decodes as PHP's $_GET would
    assert.equal((await guestbook(frontend, 'cmd=set&key=plus&value=a+b')).status, 200);
    assert.equal(await redisCli(master, 'get', 'plus'), 'a b');
  });

  test('the frontend finds redis-master and redis-slave by DNS without GET_HOSTS_FROM=env', async () => {
    const frontend = await start('frontend-dns', images.frontend.tag, {}, [], true);
    await frontendUp(frontend);
    assert.deepEqual((await guestbook(frontend, 'cmd=set&key=dns-entry&value=via%20names')).body, { message: 'Updated' });
    await waitFor('the entry through redis-slave', async () => ((await guestbook(frontend, 'cmd=get&key=dns-entry')).body as { data?: string }).data === 'via names',
      { timeoutMs: 30_000, intervalMs: 250 });
  });

  test('bad requests and an unreachable replica get JSON errors', async () => {
    const frontend = await start('frontend-broken', images.frontend.tag, { GET_HOSTS_FROM: 'env', REDIS_MASTER_SERVICE_HOST: master.ip, REDIS_SLAVE_SERVICE_HOST: '127.0.0.1' }, [], true);
    await frontendUp(frontend);
    const missing = await guestbook(frontend, '');
    assert.equal(missing.status, 400);
    assert.match((missing.body as { error: string }).error, /missing cmd/);
    assert.equal((await guestbook(frontend, 'cmd=drop&key=messages')).status, 400);
    const down = await guestbook(frontend, 'cmd=get&key=messages');
    assert.equal(down.status, 503);
    assert.match((down.body as { error: string }).error, /GET on redis replica 127\.0\.0\.1 failed: .*Connection refused/);
  });

  test('reads come from the replica, not the master', async () => {
    const frontend = await start('frontend-reads', images.frontend.tag, { GET_HOSTS_FROM: 'env', REDIS_MASTER_SERVICE_HOST: master.ip, REDIS_SLAVE_SERVICE_HOST: replica.ip }, [], true);
    await frontendUp(frontend);
    // detach the replica and give it a value the master never had
    await redisCli(replica, 'replicaof', 'no', 'one');
    await redisCli(replica, 'set', 'messages', 'only on the replica');
    assert.deepEqual((await guestbook(frontend, 'cmd=get&key=messages')).body, { data: 'only on the replica' });
    assert.notEqual(await redisCli(master, 'get', 'messages'), 'only on the replica');
  });
});
