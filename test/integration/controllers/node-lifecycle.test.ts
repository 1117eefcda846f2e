// Node lifecycle and taint-based eviction with fake nodes and a short grace period: a node whose Lease
// stops being renewed turns Ready=Unknown and gets the unreachable taints, its pods turn not Ready and
// are evicted as their tolerations allow; when it reports again the taints go. Custom NoExecute taints
// evict pods that do not tolerate them at once; cordoning taints a node unschedulable; and when every
// node is silent, nothing is evicted (upstream's master disruption mode).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { NodeCondition, Taint, Toleration } from 'kubernetes-types/core/v1.js';
import { findResource } from '../../../api/resources/registry.js';
import type { KubeObject } from '../../../api/types/meta.js';
import { InProcessTransport } from '../../../main/controllers/inprocess-transport.js';
import { nodeLifecycleController } from '../../../main/controllers/node/node-lifecycle-controller.js';
import { taintEvictionController } from '../../../main/controllers/node/taint-eviction-controller.js';
import { startTestCluster, type TestCluster } from '../../helpers/cluster.js';
import { FakeNode } from '../../helpers/fake-node.js';
import { waitFor } from '../../helpers/wait.js';

const NODES = findResource('', 'v1', 'nodes')!;
const PODS = findResource('', 'v1', 'pods')!;
const UNREACHABLE = 'node.kubernetes.io/unreachable';

interface EventItem { type: string; reason: string; message: string; source: { component: string }; involvedObject: { kind: string; name: string } }

describe('node lifecycle', () => {
  let c: TestCluster;
  let t: InProcessTransport;
  let nodeA: FakeNode;
  let nodeB: FakeNode;
  before(async () => {
    c = await startTestCluster({
      controllers: [nodeLifecycleController, taintEvictionController],
      controllerConfig: { nodeMonitorGracePeriodMs: 1500, nodeMonitorPeriodMs: 200 },
    });
    t = new InProcessTransport(c.cp.registry, 'test');
    const kubelet = new InProcessTransport(c.cp.registry, 'fake-kubelet');
    nodeA = new FakeNode(kubelet, { name: 'node-a', leaseRenewMs: 200 });
    nodeB = new FakeNode(kubelet, { name: 'node-b', leaseRenewMs: 200 });
    await nodeA.start();
    await nodeB.start();
  });
  after(async () => {
    nodeA.stop();
    nodeB.stop();
    await c.stop();
  });

  const node = (name: string): Promise<KubeObject> => t.get(NODES, undefined, name);
  const taints = async (name: string): Promise<string[]> => (((await node(name)).spec as { taints?: Taint[] }).taints ?? []).map((x) => `${x.key}:${x.effect}`).sort();
  const ready = async (name: string): Promise<NodeCondition | undefined> => ((await node(name)).status as { conditions?: NodeCondition[] }).conditions?.find((x) => x.type === 'Ready');
  const podExists = async (name: string): Promise<boolean> => (await t.list(PODS, 'default')).items.some((p) => p.metadata.name === name);
  const events = async (selector: string): Promise<EventItem[]> => (JSON.parse(await c.k('get', 'events', '-A', '--field-selector', selector, '-o', 'json')) as { items: EventItem[] }).items;
  /** What a kubelet does when it comes back: post its status, Ready with a fresh heartbeat. */
  async function postReady(name: string): Promise<void> {
    const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    await t.patch(NODES, undefined, name, 'merge', { status: { conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', lastHeartbeatTime: now, lastTransitionTime: now }] } }, { subresource: 'status' });
  }
  async function runPod(name: string, nodeName: string, tolerations?: Toleration[]): Promise<void> {
    await t.create(PODS, 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { nodeName, tolerations, containers: [{ name: 'app', image: 'nginx:1.27' }] } });
    await waitFor(`${name} ready`, async () => ((await t.get(PODS, 'default', name)).status as { conditions?: { type: string; status: string }[] }).conditions?.some((x) => x.type === 'Ready' && x.status === 'True'));
  }

  test('nodes are registered by the node controller', async () => {
    await waitFor('RegisteredNode events', async () => (await events('reason=RegisteredNode')).length === 2);
    const ev = (await events('reason=RegisteredNode,involvedObject.name=node-a'))[0];
    assert.equal(ev.message, 'Registered Node node-a in Controller');
    assert.equal(ev.source.component, 'node-controller');
  });

  test('a silent node turns Unknown and tainted, its pods not Ready and evicted per their tolerations; back, it is untainted', async () => {
    await runPod('short', 'node-b', [{ key: UNREACHABLE, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 2 }]);
    await runPod('long', 'node-b'); // admission gives it 300 s for not-ready and unreachable
    await runPod('forever', 'node-b', [{ key: UNREACHABLE, operator: 'Exists', effect: 'NoExecute' }]);
    await runPod('elsewhere', 'node-a');
    nodeB.stopHeartbeats();

    await waitFor('node-b Unknown', async () => (await ready('node-b'))?.status === 'Unknown', { timeoutMs: 10_000 });
    const cond = (await ready('node-b'))!;
    assert.equal(cond.reason, 'NodeStatusUnknown');
    assert.equal(cond.message, 'Kubelet stopped posting node status.');
    const others = ((await node('node-b')).status as { conditions: NodeCondition[] }).conditions.filter((x) => x.type !== 'Ready');
    assert.deepEqual(others.map((x) => `${x.type}=${x.status}`).sort(), ['DiskPressure=Unknown', 'MemoryPressure=Unknown', 'PIDPressure=Unknown']);
    assert.match(await c.k('get', 'nodes', 'node-b'), /node-b\s+NotReady/);
    await waitFor('unreachable taints', async () => (await taints('node-b')).length === 2);
    assert.deepEqual(await taints('node-b'), [`${UNREACHABLE}:NoExecute`, `${UNREACHABLE}:NoSchedule`]);
    const noExecute = ((await node('node-b')).spec as { taints: Taint[] }).taints.find((x) => x.effect === 'NoExecute')!;
    assert.match(noExecute.timeAdded ?? '', /^\d{4}-\d\d-\d\dT/);

    await waitFor('pods on node-b not Ready', async () => {
      const pods = (await t.list(PODS, 'default')).items.filter((p) => (p.spec as { nodeName: string }).nodeName === 'node-b' && p.metadata.name !== 'short');
      return pods.length === 2 && pods.every((p) => (p.status as { conditions: { type: string; status: string }[] }).conditions.find((x) => x.type === 'Ready')?.status === 'False');
    });
    const nodeEvent = (await events('reason=NodeNotReady,involvedObject.kind=Node'))[0];
    assert.equal(nodeEvent.message, 'Node node-b status is now: NodeNotReady');
    const podEvent = (await events('reason=NodeNotReady,involvedObject.name=long'))[0];
    assert.deepEqual([podEvent.type, podEvent.message, podEvent.source.component], ['Warning', 'Node is not ready', 'node-controller']);

    // short tolerates the taint for 2 s only; the others for 300 s or forever.
    await waitFor('short evicted', async () => !(await podExists('short')), { timeoutMs: 15_000 });
    for (const name of ['long', 'forever', 'elsewhere']) assert.equal((await t.get(PODS, 'default', name)).metadata.deletionTimestamp, undefined, name);
    const eviction = (await events('reason=TaintManagerEviction,involvedObject.name=short'))[0];
    assert.deepEqual([eviction.type, eviction.message, eviction.source.component], ['Normal', 'Marking for deletion Pod default/short', 'taint-eviction-controller']);
    assert.equal((await ready('node-a'))?.status, 'True');
    assert.deepEqual(await taints('node-a'), []);

    nodeB.resumeHeartbeats();
    await postReady('node-b');
    await waitFor('node-b untainted', async () => (await taints('node-b')).length === 0);
    await waitFor('long no longer scheduled for eviction', async () => (await events('reason=TaintManagerEviction,involvedObject.name=long')).length === 1);
    assert.equal((await events('reason=TaintManagerEviction,involvedObject.name=long'))[0].message, 'Cancelling deletion of Pod default/long');
    assert.equal(await podExists('long'), true);
  });

  test('a NoExecute taint evicts the pods that do not tolerate it at once, and spares those that do', async () => {
    await runPod('intolerant', 'node-a');
    await runPod('tolerant', 'node-a', [{ key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoExecute' }]);
    await c.k('taint', 'node', 'node-a', 'dedicated=db:NoExecute');
    await waitFor('intolerant evicted', async () => !(await podExists('intolerant')));
    assert.equal((await t.get(PODS, 'default', 'tolerant')).metadata.deletionTimestamp, undefined);
    const cond = ((await t.get(PODS, 'default', 'tolerant')).status as { conditions: { type: string }[] }).conditions.map((x) => x.type);
    assert.equal(cond.includes('DisruptionTarget'), false);
    await c.k('taint', 'node', 'node-a', 'dedicated=db:NoExecute-');
  });

  test('cordoning a node taints it unschedulable; uncordoning removes the taint', async () => {
    await c.k('cordon', 'node-a');
    await waitFor('unschedulable taint', async () => (await taints('node-a')).includes('node.kubernetes.io/unschedulable:NoSchedule'));
    await c.k('uncordon', 'node-a');
    await waitFor('taint gone', async () => (await taints('node-a')).length === 0);
  });

  test('when every node is silent, none gets NoExecute taints and no pod is evicted', async () => {
    await runPod('brief', 'node-a', [{ key: UNREACHABLE, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 2 }]);
    nodeA.stopHeartbeats();
    nodeB.stopHeartbeats();
    await waitFor('both Unknown', async () => (await ready('node-a'))?.status === 'Unknown' && (await ready('node-b'))?.status === 'Unknown', { timeoutMs: 10_000 });
    await waitFor('both unreachable for scheduling', async () => (await taints('node-a')).includes(`${UNREACHABLE}:NoSchedule`) && (await taints('node-b')).includes(`${UNREACHABLE}:NoSchedule`));
    await waitFor('no NoExecute taints', async () => [...await taints('node-a'), ...await taints('node-b')].every((x) => !x.endsWith(':NoExecute')));
    // Longer than brief tolerates the unreachable taint: it would be gone by now had it been evicted.
    await new Promise((r) => setTimeout(r, 2500));
    assert.equal((await t.get(PODS, 'default', 'brief')).metadata.deletionTimestamp, undefined);
    assert.deepEqual([...await taints('node-a'), ...await taints('node-b')].filter((x) => x.endsWith(':NoExecute')), []);

    nodeA.resumeHeartbeats();
    await postReady('node-a');
    // Back to normal: the node still silent is tainted again.
    await waitFor('node-b unreachable again', async () => (await taints('node-b')).includes(`${UNREACHABLE}:NoExecute`), { timeoutMs: 10_000 });
    await waitFor('node-a clean', async () => (await taints('node-a')).length === 0);
  });
});
