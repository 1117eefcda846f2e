// DaemonSet placement with a real control plane, real kubectl and fake nodes: one pod per eligible node, and
// the set follows nodes as they come, change labels or taints, and go.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { findResource } from '../../../api/resources/registry.js';
import type { KubeObject } from '../../../api/types/meta.js';
import { daemonSetController } from '../../../main/controllers/daemonset/index.js';
import { InProcessTransport } from '../../../main/controllers/inprocess-transport.js';
import { PodBinder } from '../../helpers/binder.js';
import { startTestCluster, type TestCluster } from '../../helpers/cluster.js';
import { FakeNode } from '../../helpers/fake-node.js';
import { podsByNodeName, settled } from './daemonset-helpers.js';

const REVISIONS = findResource('apps', 'v1', 'controllerrevisions')!;

const daemonSet = (name: string, extraSpec = ''): string => `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: ${name}
spec:
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
${extraSpec}      containers:
      - name: agent
        image: registry.example/agent:1.0
`;

describe('DaemonSet placement', () => {
  let c: TestCluster;
  let t: InProcessTransport;
  let binder: PodBinder;
  const nodes: FakeNode[] = [];
  const addNode = async (opts: ConstructorParameters<typeof FakeNode>[1]): Promise<FakeNode> => {
    const n = new FakeNode(t, opts);
    await n.start();
    nodes.push(n);
    return n;
  };
  const placement = (app: string): Promise<Record<string, string[]>> => podsByNodeName(t, 'default', `app=${app}`);

  before(async () => {
    c = await startTestCluster({ controllers: [daemonSetController] });
    t = new InProcessTransport(c.cp.registry, 'test');
    binder = new PodBinder(t);
    await binder.start();
    await addNode({ name: 'n1' });
    await addNode({ name: 'n2', labels: { disktype: 'ssd' } });
    await addNode({ name: 'n3', taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] });
  });
  after(async () => {
    for (const n of nodes) n.stop();
    binder.stop();
    await c.stop();
  });

  test('one pod on each eligible node: untainted nodes, or the nodes a nodeSelector picks', async () => {
    await c.kubectl(['apply', '-f', '-'], { input: daemonSet('everywhere') });
    await c.kubectl(['apply', '-f', '-'], { input: daemonSet('ssd', '      nodeSelector:\n        disktype: ssd\n') });
    await settled(c, async () => JSON.stringify(await placement('everywhere')) === '{"n1":["Running"],"n2":["Running"]}');
    await settled(c, async () => JSON.stringify(await placement('ssd')) === '{"n2":["Running"]}');
    assert.match(await c.k('get', 'ds', 'everywhere'), /\neverywhere\s+2\s+2\s+2\s+2\s+2\s+<none>\s+/);
    assert.match(await c.k('get', 'ds', 'ssd'), /\nssd\s+1\s+1\s+1\s+1\s+1\s+disktype=ssd\s+/);

    // What each pod looks like: named after the DaemonSet, owned by it, labelled with its revision, pinned to
    // its node by required node affinity (the binder, standing in for the scheduler, bound it there).
    const pods = (JSON.parse(await c.k('get', 'pods', '-l', 'app=everywhere', '-o', 'json')) as { items: KubeObject[] }).items;
    const ds = JSON.parse(await c.k('get', 'ds', 'everywhere', '-o', 'json')) as KubeObject;
    const revs = (await t.list(REVISIONS, 'default', { labelSelector: 'app=everywhere' })).items as (KubeObject & { revision: number })[];
    assert.equal(revs.length, 1);
    assert.equal(revs[0].revision, 1);
    const hash = revs[0].metadata.labels!['controller-revision-hash'];
    assert.equal(revs[0].metadata.name, `everywhere-${hash}`);
    for (const pod of pods) {
      assert.match(pod.metadata.name!, /^everywhere-[a-z0-9]{5}$/);
      assert.deepEqual(pod.metadata.ownerReferences, [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'everywhere', uid: ds.metadata.uid, controller: true, blockOwnerDeletion: true }]);
      assert.deepEqual(pod.metadata.labels, { app: 'everywhere', 'controller-revision-hash': hash, 'pod-template-generation': '1' });
      const spec = pod.spec as { nodeName: string; affinity: unknown; tolerations: { key: string; effect: string }[] };
      assert.deepEqual(spec.affinity, { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [spec.nodeName] }] }] } } });
      assert.deepEqual(spec.tolerations.map((x) => `${x.key}:${x.effect}`), [
        'node.kubernetes.io/not-ready:NoExecute', 'node.kubernetes.io/unreachable:NoExecute', 'node.kubernetes.io/disk-pressure:NoSchedule',
        'node.kubernetes.io/memory-pressure:NoSchedule', 'node.kubernetes.io/pid-pressure:NoSchedule', 'node.kubernetes.io/unschedulable:NoSchedule',
      ]);
    }
    const described = await c.k('describe', 'ds', 'everywhere');
    for (const pod of pods) assert.match(described, new RegExp(`Normal\\s+SuccessfulCreate\\s+\\S+\\s+daemonset-controller\\s+Created pod: ${pod.metadata.name}`));
  });

  test('a toleration for the taint brings the tainted node in; a NoExecute taint it does not tolerate evicts', async () => {
    await c.k('patch', 'ds', 'everywhere', '-p', '{"spec":{"template":{"spec":{"tolerations":[{"key":"dedicated","operator":"Equal","value":"gpu","effect":"NoSchedule"}]}}}}');
    await settled(c, async () => JSON.stringify(await placement('everywhere')) === '{"n1":["Running"],"n2":["Running"],"n3":["Running"]}');
    await c.k('taint', 'nodes', 'n1', 'maintenance=now:NoExecute');
    await settled(c, async () => JSON.stringify(await placement('everywhere')) === '{"n2":["Running"],"n3":["Running"]}');
    assert.match(await c.k('get', 'ds', 'everywhere'), /\neverywhere\s+2\s+2\s+2\s+2\s+2\s+/);
    await c.k('taint', 'nodes', 'n1', 'maintenance=now:NoExecute-');
    await settled(c, async () => JSON.stringify(await placement('everywhere')) === '{"n1":["Running"],"n2":["Running"],"n3":["Running"]}');
  });

  test('a NoSchedule taint added later keeps the running pod but counts it misscheduled', async () => {
    await c.k('taint', 'nodes', 'n2', 'blocked=yes:NoSchedule');
    await settled(c, async () => {
      const ds = JSON.parse(await c.k('get', 'ds', 'ssd', '-o', 'json')) as { status: Record<string, number> };
      return ds.status.desiredNumberScheduled === 0 && ds.status.numberMisscheduled === 1;
    });
    assert.deepEqual(await placement('ssd'), { n2: ['Running'] });
    await c.k('taint', 'nodes', 'n2', 'blocked=yes:NoSchedule-');
    await settled(c, async () => (await c.k('get', 'ds', 'ssd', '-o', 'jsonpath={.status.desiredNumberScheduled}/{.status.numberMisscheduled}')) === '1/0');
  });

  test('a new node gets a pod; a node relabelled out of the selector loses it; a deleted node\'s pod is removed', async () => {
    const n4 = await addNode({ name: 'n4', labels: { disktype: 'ssd' } });
    await settled(c, async () => JSON.stringify(await placement('everywhere')) === '{"n1":["Running"],"n2":["Running"],"n3":["Running"],"n4":["Running"]}');
    await settled(c, async () => JSON.stringify(await placement('ssd')) === '{"n2":["Running"],"n4":["Running"]}');

    await c.k('label', 'nodes', 'n2', 'disktype=hdd', '--overwrite');
    await settled(c, async () => JSON.stringify(await placement('ssd')) === '{"n4":["Running"]}');
    assert.match(await c.k('describe', 'ds', 'ssd'), /Normal\s+SuccessfulDelete\s+\S+\s+daemonset-controller\s+Deleted pod: ssd-[a-z0-9]{5}/);

    n4.stop();
    await c.k('delete', 'node', 'n4');
    // Nothing plays the kubelet for n4 now, so its pods end at the API (grace period), not at a kubelet.
    await settled(c, async () => JSON.stringify(await placement('ssd')) === '{}' && JSON.stringify(await placement('everywhere')) === '{"n1":["Running"],"n2":["Running"],"n3":["Running"]}');
    assert.match(await c.k('get', 'ds', 'ssd'), /\nssd\s+0\s+0\s+0\s+0\s+0\s+disktype=ssd\s+/);
  });
});
