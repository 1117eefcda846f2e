// kubectl apply (client-side and server-side), diff, scale, label and annotate.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestCluster, type TestCluster } from '../../helpers/cluster.js';
import { repoPath } from '../../helpers/paths.js';
import { tempDir } from '../../helpers/tmp.js';

const deployment = readFileSync(repoPath('resources', 'examples', 'tutorial', 'web-deployment.yaml'), 'utf8');

describe('kubectl apply and friends', () => {
  let c: TestCluster;
  const dir = tempDir();
  const file = (name: string, text: string): string => {
    const p = join(dir.path, name);
    writeFileSync(p, text);
    return p;
  };
  before(async () => { c = await startTestCluster(); });
  after(async () => {
    await c.stop();
    dir.remove();
  });

  test('apply creates, a second apply of the same file is unchanged, an edit is configured', async () => {
    const f = file('web.yaml', deployment);
    assert.equal((await c.k('apply', '-f', f)).trim(), 'deployment.apps/web created');
    const rv1 = await c.k('get', 'deploy', 'web', '-o', 'jsonpath={.metadata.resourceVersion}');
    assert.equal((await c.k('apply', '-f', f)).trim(), 'deployment.apps/web unchanged');
    assert.equal(await c.k('get', 'deploy', 'web', '-o', 'jsonpath={.metadata.resourceVersion}'), rv1);
    const edited = file('web2.yaml', deployment.replace('image: nginx:1.25', 'image: nginx:1.27').replace(/ {8}env:\n {8}- name: GREETING\n {10}value: hello\n/, ''));
    assert.equal((await c.k('apply', '-f', edited)).trim(), 'deployment.apps/web configured');
    const obj = JSON.parse(await c.k('get', 'deploy', 'web', '-o', 'json')) as { metadata: { generation: number; annotations: Record<string, string> }; spec: { template: { spec: { containers: { image: string; env?: unknown }[] } } } };
    assert.equal(obj.spec.template.spec.containers[0].image, 'nginx:1.27');
    assert.equal(obj.spec.template.spec.containers[0].env, undefined, 'the env removed from the file is removed from the object');
    assert.equal(obj.metadata.generation, 2);
    assert.ok(obj.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration'].includes('nginx:1.27'));
  });

  test('diff shows what apply would change and exits 1; no change exits 0', async () => {
    const same = await c.kubectl(['diff', '-f', file('web3.yaml', deployment.replace('image: nginx:1.25', 'image: nginx:1.27').replace(/ {8}env:\n {8}- name: GREETING\n {10}value: hello\n/, ''))]);
    assert.equal(same.code, 0, same.stderr + same.stdout);
    const changed = await c.kubectl(['diff', '-f', file('web4.yaml', deployment.replace('replicas: 2', 'replicas: 4'))]);
    assert.equal(changed.code, 1, changed.stderr);
    assert.match(changed.stdout, /^- {2}replicas: 2$/m);
    assert.match(changed.stdout, /^\+ {2}replicas: 4$/m);
  });

  test('scale changes replicas through the scale subresource', async () => {
    assert.equal((await c.k('scale', 'deployment', 'web', '--replicas=5')).trim(), 'deployment.apps/web scaled');
    assert.equal(await c.k('get', 'deploy', 'web', '-o', 'jsonpath={.spec.replicas}'), '5');
  });

  test('label and annotate add, overwrite and remove', async () => {
    assert.equal((await c.k('label', 'deploy', 'web', 'tier=frontend')).trim(), 'deployment.apps/web labeled');
    const refused = await c.kubectl(['label', 'deploy', 'web', 'tier=backend']);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /'tier' already has a value \(frontend\), and --overwrite is false/);
    await c.k('label', 'deploy', 'web', 'tier=backend', '--overwrite');
    assert.equal(await c.k('get', 'deploy', '-l', 'tier=backend', '-o', 'name'), 'deployment.apps/web\n');
    await c.k('label', 'deploy', 'web', 'tier-');
    assert.equal(await c.k('get', 'deploy', 'web', '-o', 'jsonpath={.metadata.labels.tier}'), '');
    assert.equal((await c.k('annotate', 'deploy', 'web', 'owner=team-a')).trim(), 'deployment.apps/web annotated');
    assert.equal(await c.k('get', 'deploy', 'web', '-o', 'jsonpath={.metadata.annotations.owner}'), 'team-a');
  });

  test('apply --server-side creates and updates, with field ownership and conflicts', async () => {
    const cm = (value: string): string => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa\ndata:\n  color: ${value}\n`;
    assert.equal((await c.k('apply', '--server-side', '-f', file('ssa.yaml', cm('blue')))).trim(), 'configmap/ssa serverside-applied');
    const obj = JSON.parse(await c.k('get', 'cm', 'ssa', '-o', 'json', '--show-managed-fields')) as { metadata: { managedFields: { manager: string; operation: string }[] } };
    assert.deepEqual(obj.metadata.managedFields.map((m) => [m.manager, m.operation]), [['kubectl', 'Apply']]);
    // Another manager takes the field with a plain update; re-applying a different value conflicts.
    await c.k('patch', 'cm', 'ssa', '--type=merge', '-p', '{"data":{"color":"red"}}');
    const conflict = await c.kubectl(['apply', '--server-side', '--field-manager=kubectl', '-f', file('ssa2.yaml', cm('green'))]);
    assert.equal(conflict.code, 1);
    assert.match(conflict.stderr, /Apply failed with 1 conflict: conflict with "kubectl-patch"/);
    assert.match(conflict.stderr, /\.data\.color/);
    assert.equal((await c.k('apply', '--server-side', '--force-conflicts', '-f', file('ssa3.yaml', cm('green')))).trim(), 'configmap/ssa serverside-applied');
    assert.equal(await c.k('get', 'cm', 'ssa', '-o', 'jsonpath={.data.color}'), 'green');
  });

  test('server-side dry run validates without persisting', async () => {
    const out = await c.k('apply', '--dry-run=server', '-f', file('dry.yaml', deployment.replace('name: web', 'name: dry-web')));
    assert.equal(out.trim(), 'deployment.apps/dry-web created (server dry run)');
    const gone = await c.kubectl(['get', 'deploy', 'dry-web']);
    assert.equal(gone.code, 1);
  });
});
