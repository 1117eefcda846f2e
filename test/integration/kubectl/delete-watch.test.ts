// kubectl delete (by file, by name) and get -w.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { startTestCluster, type TestCluster } from '../../helpers/cluster.js';
import { repoPath } from '../../helpers/paths.js';

const manifest = repoPath('resources', 'examples', 'tutorial', 'all-in-one.yaml');

describe('kubectl delete and watch', () => {
  let c: TestCluster;
  before(async () => { c = await startTestCluster(); });
  after(async () => { await c.stop(); });

  test('delete -f removes every object of the file and waits for them', async () => {
    await c.k('create', '-f', manifest);
    const out = await c.k('delete', '-f', manifest);
    assert.deepEqual(out.trim().split('\n'), ['replicationcontroller "nginx" deleted', 'service "nginx" deleted', 'deployment.apps "web" deleted']);
    const left = await c.kubectl(['get', 'rc,svc,deploy', '-o', 'name']);
    assert.doesNotMatch(left.stdout, /nginx|web/, 'none of the file\'s objects is left');
  });

  test('delete pod X removes an unscheduled pod at once; a missing one is NotFound', async () => {
    await c.k('run', 'tmp', '--image=busybox');
    assert.equal((await c.k('delete', 'pod', 'tmp')).trim(), 'pod "tmp" deleted');
    const again = await c.kubectl(['delete', 'pod', 'tmp']);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /Error from server \(NotFound\): pods "tmp" not found/);
  });

  test('get -w prints the list, then a row for each change', async () => {
    const child = spawn('kubectl', ['--kubeconfig', c.kubeconfig, 'get', 'configmaps', '-w', '--output-watch-events'], {
      env: { PATH: process.env.PATH ?? '', HOME: join(c.dataDir, '..', 'home'), KUBECACHEDIR: join(c.dataDir, '..', 'home', 'cache') },
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { out += d.toString(); });
    const waitFor = async (re: RegExp): Promise<void> => {
      for (let i = 0; i < 100 && !re.test(out); i++) await new Promise((r) => setTimeout(r, 100));
      assert.match(out, re);
    };
    try {
      // An empty list prints nothing; wait until kubectl's watch is open on the server.
      for (let i = 0; i < 100 && c.cp.store.watcherCount === 0; i++) await new Promise((r) => setTimeout(r, 50));
      assert.ok(c.cp.store.watcherCount > 0, 'kubectl opened a watch');
      await c.k('create', 'configmap', 'watched', '--from-literal=a=1');
      await waitFor(/EVENT\s+NAME\s+DATA\s+AGE\nADDED\s+watched\s+1\s+/);
      await c.k('patch', 'configmap', 'watched', '--type=merge', '-p', '{"data":{"b":"2"}}');
      await waitFor(/MODIFIED\s+watched\s+2\s+/);
      await c.k('delete', 'configmap', 'watched');
      await waitFor(/DELETED\s+watched\s+2\s+/);
    } finally {
      child.kill();
    }
  });
});
