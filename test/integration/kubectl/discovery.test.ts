// kubectl version, api-resources and explain against a real Skiff control plane.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestCluster, type TestCluster } from '../../helpers/cluster.js';

describe('kubectl discovery', () => {
  let c: TestCluster;
  before(async () => { c = await startTestCluster(); });
  after(async () => { await c.stop(); });

  test('kubectl version reports a v1.32 server', async () => {
    const out = JSON.parse(await c.k('version', '-o', 'json')) as { serverVersion: { major: string; minor: string; gitVersion: string } };
    assert.equal(out.serverVersion.major, '1');
    assert.equal(out.serverVersion.minor, '32');
    assert.match(out.serverVersion.gitVersion, /^v1\.32\.\d+/);
  });

  test('kubectl api-resources lists the served kinds with short names and groups', async () => {
    const out = await c.k('api-resources');
    const lines = out.trim().split('\n');
    assert.match(lines[0], /^NAME\s+SHORTNAMES\s+APIVERSION\s+NAMESPACED\s+KIND/);
    // The first row of a name: metrics.k8s.io also has nodes and pods, listed after the core group.
    const rows = new Map(lines.slice(1).reverse().map((l) => [l.split(/\s+/)[0], l] as const));
    assert.match(rows.get('pods') ?? '', /^pods\s+po\s+v1\s+true\s+Pod$/);
    assert.match(rows.get('deployments') ?? '', /^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment$/);
    assert.match(rows.get('nodes') ?? '', /^nodes\s+no\s+v1\s+false\s+Node$/);
    assert.match(rows.get('cronjobs') ?? '', /^cronjobs\s+cj\s+batch\/v1\s+true\s+CronJob$/);
    assert.match(rows.get('leases') ?? '', /coordination\.k8s\.io\/v1\s+true\s+Lease$/);
    assert.match(rows.get('endpointslices') ?? '', /discovery\.k8s\.io\/v1\s+true\s+EndpointSlice$/);
  });

  test('kubectl explain reads field documentation from OpenAPI v3', async () => {
    const out = await c.k('explain', 'pod.spec.containers');
    assert.match(out, /KIND:\s+Pod/);
    assert.match(out, /FIELD:\s+containers <\[\]Container>/);
    assert.match(out, /image\s+<string>/);
    assert.match(out, /name\s+<string> -required-/);
    const dep = await c.k('explain', 'deployment.spec.strategy');
    assert.match(dep, /GROUP:\s+apps/);
    assert.match(dep, /rollingUpdate\s+<RollingUpdateDeployment>/);
  });
});
