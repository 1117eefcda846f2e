// The classic guestbook, its manifests unchanged but for image names, on a Skiff cluster with a real agent:
// `kubectl apply` of resources/examples/guestbook/all-in-one.yaml, an entry posted through the frontend's
// NodePort http://127.0.0.1:30001 and read back through the redis-slave Service.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { ALL_CONTROLLERS } from '../../../main/controllers/index.js';
import { startTestAgent, type TestAgent } from '../../helpers/agent.js';
import { startTestCluster, type TestCluster } from '../../helpers/cluster.js';
import { ensureGuestbookImages } from '../../helpers/guestbook-images.js';
import { repoPath } from '../../helpers/paths.js';
import { waitFor } from '../../helpers/wait.js';

const FRONTEND = 'http://127.0.0.1:30001';

describe('the guestbook example on a Skiff cluster', () => {
  let c: TestCluster;
  let a: TestAgent | undefined;

  before(async () => {
    await ensureGuestbookImages();
    c = await startTestCluster({ controllers: ALL_CONTROLLERS });
    a = await startTestAgent(c);
  });
  after(async () => {
    await a?.destroy();
    await c?.stop();
  });

  const pods = async (selector: string): Promise<Pod[]> => (JSON.parse(await c.k('get', 'pods', '-l', selector, '-o', 'json')) as { items: Pod[] }).items;
  const ready = (p: Pod) => p.status?.conditions?.some((x) => x.type === 'Ready' && x.status === 'True') ?? false;
  const guestbook = async (query: string): Promise<unknown> => (await fetch(`${FRONTEND}/guestbook.php?${query}`)).json();

  test('an entry posted through 127.0.0.1:30001 is read back through a slave', async () => {
    await c.k('apply', '-f', repoPath('resources', 'examples', 'guestbook', 'all-in-one.yaml'));
    await waitFor('1 master, 2 slaves and 3 frontends ready', async () => {
      const counts = await Promise.all(['role=master', 'role=slave', 'tier=frontend'].map(async (s) => (await pods(s)).filter(ready).length));
      return counts.join(',') === '1,2,3';
    }, { timeoutMs: 90_000, intervalMs: 500 });

    const value = 'Hello from Skiff,second entry with "quotes" & $(symbols)';
    // retried (the last error reported) while the NodePort rules and the Services' endpoints settle
    await waitFor('an entry stored through the NodePort', async () => {
      const body = await guestbook(`cmd=set&key=messages&value=${encodeURIComponent(value)}`);
      if ((body as { message?: string }).message !== 'Updated') throw new Error(`guestbook.php answered ${JSON.stringify(body)}`);
      return true;
    }, { timeoutMs: 30_000, intervalMs: 250 });
    // the read goes through the redis-slave Service; the slaves catch up with the master within seconds
    assert.deepEqual(await waitFor('the entry through a slave', async () => {
      const got = await guestbook('cmd=get&key=messages');
      return (got as { data?: string }).data === value ? got : undefined;
    }, { timeoutMs: 30_000, intervalMs: 250 }), { data: value });
    // GET_HOSTS_FROM=env: each slave follows the master Service's ClusterIP from REDIS_MASTER_SERVICE_HOST
    const masterIP = (await c.k('get', 'service', 'redis-master', '-o', 'jsonpath={.spec.clusterIP}')).trim();
    for (const slave of await pods('role=slave')) {
      const name = slave.metadata!.name!;
      assert.match(await c.k('exec', name, '--', 'redis-cli', 'info', 'replication'), new RegExp(`master_host:${masterIP.replace(/\./g, '\\.')}\r?\n`), `${name} follows ${masterIP}`);
      assert.equal(await c.k('exec', name, '--', 'redis-cli', '--raw', 'get', 'messages'), `${value}\n`, `${name} replicated the entry`);
    }
  });
});
