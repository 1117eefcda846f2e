// kubectl top against a real agent: the agent samples its node and its pods' containers on the Docker
// engine, and the API server serves metrics.k8s.io from those samples through the agent's tunnel.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { nodeIpamController } from '../../../main/controllers/node/node-ipam-controller.js';
import { startTestAgent, type TestAgent } from '../../helpers/agent.js';
import { startTestCluster, type TestCluster } from '../../helpers/cluster.js';
import { BUSYBOX_IMAGE, ensureBusyboxImage } from '../../helpers/images.js';
import { waitFor } from '../../helpers/wait.js';

/** kubectl top's table: header cells and the rows, split on runs of spaces. */
function table(out: string): { header: string[]; rows: string[][] } {
  const [header, ...rows] = out.trimEnd().split('\n').map((l) => l.trim().split(/\s+/));
  return { header, rows };
}

/** "250m" → 250, "1" → 1000 (kubectl top prints millicores). */
const millicores = (s: string): number => (s.endsWith('m') ? Number(s.slice(0, -1)) : Number(s) * 1000);
/** "12Mi" → 12. */
const mebibytes = (s: string): number => Number(s.replace(/Mi$/, ''));

describe('metrics API: kubectl top', () => {
  let c: TestCluster;
  let a: TestAgent;

  before(async () => {
    await ensureBusyboxImage();
    c = await startTestCluster({ controllers: [nodeIpamController] });
    // Sampling every 2 s (an engine stats call takes 1–2 s) rather than 10 s, so rates appear quickly.
    a = await startTestAgent(c, { statsIntervalMs: 2000 });
    await waitFor('the agent tunnel', () => c.cp.api.tunnels.get(a.nodeName), { timeoutMs: 15_000 });
    const r = await c.kubectl(['apply', '-f', '-'], { input: `apiVersion: v1
kind: Node
metadata:
  name: ghost
  labels: {role: ghost}
---
apiVersion: v1
kind: Pod
metadata: {name: busy, labels: {app: busy}}
spec:
  nodeName: ${a.nodeName}
  containers:
  - name: spin
    image: ${BUSYBOX_IMAGE}
    command: ["sh", "-c", "while :; do :; done"]
  - name: nap
    image: ${BUSYBOX_IMAGE}
    command: ["sleep", "3600"]
---
apiVersion: v1
kind: Pod
metadata: {name: idle, labels: {app: idle}}
spec:
  nodeName: ${a.nodeName}
  containers:
  - name: main
    image: ${BUSYBOX_IMAGE}
    command: ["sleep", "3600"]
` });
    assert.equal(r.code, 0, r.stderr);
    await c.k('label', 'node', a.nodeName, 'role=agent');
    for (const pod of ['busy', 'idle']) {
      await waitFor(`${pod} to run`, async () => (await c.k('get', 'pod', pod, '-o', 'jsonpath={.status.phase}')) === 'Running', { timeoutMs: 30_000 });
    }
  });

  after(async () => {
    await c?.kubectl(['delete', 'pod', 'busy', 'idle', '--grace-period=0', '--force', '--wait=false']);
    await a?.destroy();
    await c?.stop();
  });

  test('the group is in discovery, legacy and aggregated', async () => {
    const groups = JSON.parse(await c.k('get', '--raw', '/apis')) as { groups: { name: string; preferredVersion: { groupVersion: string } }[] };
    assert.deepEqual(groups.groups.find((g) => g.name === 'metrics.k8s.io')?.preferredVersion, { groupVersion: 'metrics.k8s.io/v1beta1', version: 'v1beta1' });
    const resources = JSON.parse(await c.k('get', '--raw', '/apis/metrics.k8s.io/v1beta1')) as { resources: { name: string; kind: string; namespaced: boolean; verbs: string[] }[] };
    assert.deepEqual(resources.resources.map((r) => [r.name, r.kind, r.namespaced, r.verbs]), [['nodes', 'NodeMetrics', false, ['get', 'list']], ['pods', 'PodMetrics', true, ['get', 'list']]]);
    // kubectl 1.32 reads the aggregated form; api-resources shows what it understood.
    const listed = await c.k('api-resources', '--api-group=metrics.k8s.io');
    assert.match(listed, /^nodes\s+metrics\.k8s\.io\/v1beta1\s+false\s+NodeMetrics$/m);
    assert.match(listed, /^pods\s+metrics\.k8s\.io\/v1beta1\s+true\s+PodMetrics$/m);
  });

  test('kubectl top nodes: the agent\'s node with CPU and memory in use; a node without a tunnel is <unknown>', async () => {
    const out = await waitFor('node metrics', async () => {
      const r = await c.kubectl(['top', 'nodes']);
      return r.code === 0 && r.stdout.includes(a.nodeName) ? r.stdout : undefined;
    }, { timeoutMs: 30_000, intervalMs: 500 });
    const t = table(out);
    assert.deepEqual(t.header, ['NAME', 'CPU(cores)', 'CPU(%)', 'MEMORY(bytes)', 'MEMORY(%)']);
    const row = t.rows.find((r) => r[0] === a.nodeName)!;
    assert.match(row[1], /^\d+m$/);
    assert.ok(millicores(row[1]) > 0, out);
    assert.match(row[2], /^\d+%$/);
    assert.ok(mebibytes(row[3]) > 0, out);
    assert.match(row[4], /^\d+%$/);
    assert.deepEqual(t.rows.find((r) => r[0] === 'ghost'), ['ghost', '<unknown>', '<unknown>', '<unknown>', '<unknown>']);

    // The raw objects, in metrics-server's units; the node without a tunnel is absent, not an error.
    const list = JSON.parse(await c.k('get', '--raw', '/apis/metrics.k8s.io/v1beta1/nodes')) as { kind: string; apiVersion: string; items: { metadata: { name: string; labels?: Record<string, string> }; window: string; usage: { cpu: string; memory: string } }[] };
    assert.equal(list.kind, 'NodeMetricsList');
    assert.equal(list.apiVersion, 'metrics.k8s.io/v1beta1');
    assert.deepEqual(list.items.map((i) => i.metadata.name), [a.nodeName]);
    assert.equal(list.items[0].metadata.labels?.role, 'agent');
    assert.match(list.items[0].usage.cpu, /^\d+(n|u|m)?$/);
    assert.match(list.items[0].usage.memory, /^\d+(Ki|Mi|Gi)$/);
    assert.match(list.items[0].window, /^\d+(\.\d+)?m?s$/);

    // Label selectors and names select nodes as for `kubectl get`.
    const agentOnly = table(await c.k('top', 'nodes', '-l', 'role=agent'));
    assert.deepEqual(agentOnly.rows.map((r) => r[0]), [a.nodeName]);
    assert.equal(table(await c.k('top', 'node', a.nodeName)).rows.length, 1);
    const ghost = await c.kubectl(['top', 'node', 'ghost']);
    assert.notEqual(ghost.code, 0);
    assert.match(ghost.stderr, /nodemetrics\.metrics\.k8s\.io "ghost" not found/);
  });

  test('kubectl top pods: the busy pod uses clearly more CPU than the idle one', async () => {
    // Polled: the machine is shared with other tests, so one window may be a slow one.
    const rows = await waitFor('the busy pod to show its load', async () => {
      const r = await c.kubectl(['top', 'pods']);
      if (r.code !== 0) return undefined;
      const t = table(r.stdout);
      assert.deepEqual(t.header, ['NAME', 'CPU(cores)', 'MEMORY(bytes)']);
      const busy = t.rows.find((x) => x[0] === 'busy');
      const idle = t.rows.find((x) => x[0] === 'idle');
      return busy && idle && millicores(busy[1]) >= 200 && millicores(idle[1]) <= 20 ? { busy, idle } : undefined;
    }, { timeoutMs: 60_000, intervalMs: 1000 });
    assert.match(rows.busy[2], /^\d+Mi$/);

    const selected = table(await c.k('top', 'pods', '-l', 'app=idle'));
    assert.deepEqual(selected.rows.map((r) => r[0]), ['idle']);
    const all = table(await c.k('top', 'pods', '-A'));
    assert.deepEqual(all.header, ['NAMESPACE', 'NAME', 'CPU(cores)', 'MEMORY(bytes)']);
    assert.ok(all.rows.some((r) => r[0] === 'default' && r[1] === 'busy'));
  });

  test('kubectl top pod --containers: each container\'s own usage', async () => {
    const rows = await waitFor('per-container usage', async () => {
      const r = await c.kubectl(['top', 'pod', 'busy', '--containers']);
      if (r.code !== 0) return undefined;
      const t = table(r.stdout);
      assert.deepEqual(t.header, ['POD', 'NAME', 'CPU(cores)', 'MEMORY(bytes)']);
      const spin = t.rows.find((x) => x[1] === 'spin');
      const nap = t.rows.find((x) => x[1] === 'nap');
      return spin && nap && millicores(spin[2]) >= 200 && millicores(nap[2]) <= 20 ? t.rows : undefined;
    }, { timeoutMs: 60_000, intervalMs: 1000 });
    assert.deepEqual(rows.map((r) => r[0]), ['busy', 'busy']);

    const pm = JSON.parse(await c.k('get', '--raw', '/apis/metrics.k8s.io/v1beta1/namespaces/default/pods/busy')) as { kind: string; metadata: { name: string; namespace: string; labels: Record<string, string> }; containers: { name: string; usage: { cpu: string; memory: string } }[] };
    assert.equal(pm.kind, 'PodMetrics');
    assert.deepEqual([pm.metadata.name, pm.metadata.namespace, pm.metadata.labels], ['busy', 'default', { app: 'busy' }]);
    assert.deepEqual(pm.containers.map((x) => x.name), ['spin', 'nap']);
    const missing = await c.kubectl(['top', 'pod', 'nosuch']);
    assert.match(missing.stderr, /pods "nosuch" not found/);
  });
});
