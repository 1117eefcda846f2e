// DaemonSet updates as a user drives them with kubectl: rolling updates bounded by maxUnavailable or maxSurge,
// `rollout status`, `rollout history` and `rollout undo` over ControllerRevisions, and history pruning.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { findResource } from '../../../api/resources/registry.js';
import { daemonSetController } from '../../../main/controllers/daemonset/index.js';
import { InProcessTransport } from '../../../main/controllers/inprocess-transport.js';
import { PodBinder } from '../../helpers/binder.js';
import { startTestCluster, type TestCluster } from '../../helpers/cluster.js';
import { FakeNode } from '../../helpers/fake-node.js';
import { nodesWithoutReadyPod, PodSampler, settled, type PodSnapshot } from './daemonset-helpers.js';

const REVISIONS = findResource('apps', 'v1', 'controllerrevisions')!;
const NODES = ['n1', 'n2', 'n3', 'n4'];

const daemonSet = (name: string, image: string, strategy: string, extra = ''): string => `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: ${name}
spec:
${extra}  selector:
    matchLabels:
      app: ${name}
  updateStrategy:
${strategy}  template:
    metadata:
      labels:
        app: ${name}
    spec:
      containers:
      - name: agent
        image: ${image}
`;

describe('DaemonSet rollouts', () => {
  let c: TestCluster;
  let t: InProcessTransport;
  let binder: PodBinder;
  const nodes: FakeNode[] = [];

  before(async () => {
    c = await startTestCluster({ controllers: [daemonSetController] });
    t = new InProcessTransport(c.cp.registry, 'test');
    binder = new PodBinder(t);
    await binder.start();
    for (const name of NODES) {
      const n = new FakeNode(t, { name });
      await n.start();
      nodes.push(n);
    }
  });
  after(async () => {
    for (const n of nodes) n.stop();
    binder.stop();
    await c.stop();
  });

  const images = async (app: string): Promise<string[]> =>
    (await c.k('get', 'pods', '-l', `app=${app}`, '-o', 'jsonpath={range .items[*]}{.spec.nodeName}={.spec.containers[0].image}{"\\n"}{end}')).trim().split('\n').sort();
  const allOn = (image: string): string[] => NODES.map((n) => `${n}=${image}`);

  /** Records every pod state during `fn`, checking none breaks `invariant`. */
  const sampling = async (app: string, invariant: (s: PodSnapshot) => void, fn: () => Promise<void>): Promise<PodSnapshot[]> => {
    const states: PodSnapshot[] = [];
    let broken: unknown;
    const sampler = new PodSampler(t, 'default', `app=${app}`, (s) => {
      states.push(s);
      try {
        invariant(s);
      } catch (err) {
        broken ??= err;
      }
    });
    await sampler.start();
    try {
      await fn();
    } finally {
      sampler.stop();
    }
    if (broken) throw broken;
    return states;
  };

  test('a rolling update replaces pods one node at a time (maxUnavailable=1); rollout status waits for it', async () => {
    // minReadySeconds makes each node's turn last a second, so rollout status has something to wait for.
    await c.kubectl(['apply', '-f', '-'], { input: daemonSet('logger', 'registry.example/logger:1.0', '    type: RollingUpdate\n    rollingUpdate:\n      maxUnavailable: 1\n', '  minReadySeconds: 1\n') });
    assert.match(await c.k('rollout', 'status', 'ds/logger', '--timeout=20s'), /daemon set "logger" successfully rolled out\n$/);
    assert.deepEqual(await images('logger'), allOn('registry.example/logger:1.0'));
    await c.k('annotate', 'ds/logger', 'kubernetes.io/change-cause=upgrade to 2.0');

    let worst = 0;
    const states = await sampling('logger', (s) => {
      const down = nodesWithoutReadyPod(s, NODES);
      worst = Math.max(worst, down);
      assert.ok(down <= 1, `${down} nodes without a ready pod`);
      for (const [node, pods] of s.byNode) assert.ok(pods.length <= 1, `${pods.length} pods on ${node}`);
    }, async () => {
      await c.k('set', 'image', 'ds/logger', 'agent=registry.example/logger:2.0');
      const status = await c.k('rollout', 'status', 'ds/logger', '--timeout=30s');
      assert.match(status, /Waiting for daemon set "logger" rollout to finish: \d out of 4 new pods have been updated\.\.\.\n/);
      assert.match(status, /daemon set "logger" successfully rolled out\n$/);
    });
    assert.equal(worst, 1, 'the update took a node down at some point');
    // The new image spread node by node: every count from 0 to 4 nodes updated was seen on the way.
    const updated = new Set(states.map((s) => [...s.byNode.values()].flat().filter((p) => p.ready && p.image.endsWith(':2.0')).length));
    assert.deepEqual([...updated].sort(), [0, 1, 2, 3, 4]);
    assert.deepEqual(await images('logger'), allOn('registry.example/logger:2.0'));
    assert.match(await c.k('get', 'ds', 'logger'), /\nlogger\s+4\s+4\s+4\s+4\s+4\s+<none>\s+/);
  });

  test('rollout history lists the revisions; rollout undo brings the previous template back', async () => {
    const history = await c.k('rollout', 'history', 'ds/logger');
    assert.match(history, /^daemonset\.apps\/logger \nREVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+upgrade to 2\.0\n/);
    assert.match(await c.k('rollout', 'history', 'ds/logger', '--revision=1'), /daemonset\.apps\/logger with revision #1\nPod Template:\n\s+Labels:\s+app=logger\n[\s\S]*Image:\s+registry\.example\/logger:1\.0\n/);

    assert.equal((await c.k('rollout', 'undo', 'ds/logger')).trim(), 'daemonset.apps/logger rolled back');
    assert.match(await c.k('rollout', 'status', 'ds/logger', '--timeout=30s'), /successfully rolled out\n$/);
    assert.deepEqual(await images('logger'), allOn('registry.example/logger:1.0'));
    // Revision 1 came back as revision 3, and pods carry its hash again.
    assert.match(await c.k('rollout', 'history', 'ds/logger'), /REVISION\s+CHANGE-CAUSE\n2\s+upgrade to 2\.0\n3\s+<none>\n\n$/);
    const revs = (await t.list(REVISIONS, 'default', { labelSelector: 'app=logger' })).items as unknown as { revision: number; metadata: { labels: Record<string, string> } }[];
    const r3 = revs.find((r) => r.revision === 3)!;
    const hashes = await c.k('get', 'pods', '-l', 'app=logger', '-o', 'jsonpath={.items[*].metadata.labels.controller-revision-hash}');
    assert.deepEqual(new Set(hashes.split(' ')), new Set([r3.metadata.labels['controller-revision-hash']]));
    // kubectl compares the template with the revision byte for byte: an undo to where we are is a no-op.
    assert.equal((await c.k('rollout', 'undo', 'ds/logger', '--to-revision=3')).trim(), 'daemonset.apps/logger skipped rollback (current template already matches revision 3)');
    const missing = await c.kubectl(['rollout', 'undo', 'ds/logger', '--to-revision=7']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /unable to find specified revision 7 in history/);
  });

  test('with maxSurge the new pod starts beside the old one, and no node is ever without a ready pod', async () => {
    await c.kubectl(['apply', '-f', '-'], { input: daemonSet('surge', 'registry.example/surge:1.0', '    type: RollingUpdate\n    rollingUpdate:\n      maxSurge: 1\n      maxUnavailable: 0\n', '  minReadySeconds: 1\n') });
    await c.k('rollout', 'status', 'ds/surge', '--timeout=20s');
    let doubled = 0;
    await sampling('surge', (s) => {
      assert.equal(nodesWithoutReadyPod(s, NODES), 0);
      const twos = [...s.byNode.values()].filter((p) => p.length === 2).length;
      assert.ok(twos <= 1, `${twos} nodes surging at once`);
      doubled += twos;
    }, async () => {
      await c.k('set', 'image', 'ds/surge', 'agent=registry.example/surge:2.0');
      await c.k('rollout', 'status', 'ds/surge', '--timeout=30s');
    });
    assert.ok(doubled > 0, 'some node ran old and new side by side');
    await settled(c, async () => JSON.stringify(await images('surge')) === JSON.stringify(allOn('registry.example/surge:2.0')));
  });

  test('revisionHistoryLimit prunes old revisions no pod runs', async () => {
    await c.kubectl(['apply', '-f', '-'], { input: daemonSet('pruned', 'registry.example/p:1', '    type: RollingUpdate\n', '  revisionHistoryLimit: 1\n') });
    for (const v of ['2', '3', '4']) {
      await c.k('set', 'image', 'ds/pruned', `agent=registry.example/p:${v}`);
      await c.k('rollout', 'status', 'ds/pruned', '--timeout=20s');
    }
    await settled(c, async () => (await t.list(REVISIONS, 'default', { labelSelector: 'app=pruned' })).items.length === 2);
    assert.match(await c.k('rollout', 'history', 'ds/pruned'), /REVISION\s+CHANGE-CAUSE\n3\s+<none>\n4\s+<none>\n\n$/);
  });
});
