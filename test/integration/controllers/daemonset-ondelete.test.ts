// DaemonSet behaviours beyond placement and rolling updates: the OnDelete strategy, replacing a failed daemon
// pod, and the fluentd-elasticsearch manifest from the Kubernetes docs on a cluster with a control-plane node.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../api/types/meta.js';
import { daemonSetController } from '../../../main/controllers/daemonset/index.js';
import { InProcessTransport } from '../../../main/controllers/inprocess-transport.js';
import { PodBinder } from '../../helpers/binder.js';
import { startTestCluster, type TestCluster } from '../../helpers/cluster.js';
import { FakeNode, type PodOutcome } from '../../helpers/fake-node.js';
import { podsByNodeName, settled } from './daemonset-helpers.js';

// https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/ (controllers/daemonset.yaml), verbatim.
const FLUENTD = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: fluentd-elasticsearch
  namespace: kube-system
  labels:
    k8s-app: fluentd-logging
spec:
  selector:
    matchLabels:
      name: fluentd-elasticsearch
  template:
    metadata:
      labels:
        name: fluentd-elasticsearch
    spec:
      tolerations:
      # these tolerations are to have the daemonset runnable on control plane nodes
      # remove them if your control plane nodes should not run pods
      - key: node-role.kubernetes.io/control-plane
        operator: Exists
        effect: NoSchedule
      - key: node-role.kubernetes.io/master
        operator: Exists
        effect: NoSchedule
      containers:
      - name: fluentd-elasticsearch
        image: quay.io/fluentd_elasticsearch/fluentd:v2.5.2
        resources:
          limits:
            memory: 200Mi
          requests:
            cpu: 100m
            memory: 200Mi
        volumeMounts:
        - name: varlog
          mountPath: /var/log
      # it may be desirable to set a high enough value for terminationGracePeriodSeconds
      # to allow the pod to stop gracefully
      terminationGracePeriodSeconds: 30
      volumes:
      - name: varlog
        hostPath:
          path: /var/log
`;

describe('DaemonSet OnDelete, failed pods and the docs example', () => {
  let c: TestCluster;
  let t: InProcessTransport;
  let binder: PodBinder;
  const nodes: FakeNode[] = [];
  let flakyFailures = 0;

  before(async () => {
    c = await startTestCluster({ controllers: [daemonSetController] });
    t = new InProcessTransport(c.cp.registry, 'test');
    binder = new PodBinder(t);
    await binder.start();
    // The first "flaky" pod on n2 fails (a kubelet rejecting it); later ones run.
    const outcome = (pod: KubeObject): PodOutcome => (pod.metadata.labels?.app === 'flaky' && flakyFailures++ === 0 ? { phase: 'Failed', exitCode: 1, afterMs: 20 } : { phase: 'Running' });
    for (const opts of [
      { name: 'cp', labels: { 'node-role.kubernetes.io/control-plane': '' }, taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] },
      { name: 'n1' },
      { name: 'n2', outcome },
    ]) {
      const n = new FakeNode(t, opts);
      await n.start();
      nodes.push(n);
    }
  });
  after(async () => {
    for (const n of nodes) n.stop();
    binder.stop();
    await c.stop();
  });

  test('the fluentd-elasticsearch example runs on every node, the tainted control-plane node included', async () => {
    const applied = await c.kubectl(['apply', '-f', '-'], { input: FLUENTD });
    assert.equal(applied.stdout.trim(), 'daemonset.apps/fluentd-elasticsearch created', applied.stderr);
    assert.match(await c.k('rollout', 'status', 'ds/fluentd-elasticsearch', '-n', 'kube-system', '--timeout=20s'), /successfully rolled out/);
    assert.deepEqual(await podsByNodeName(t, 'kube-system', 'name=fluentd-elasticsearch'), { cp: ['Running'], n1: ['Running'], n2: ['Running'] });
    assert.match(await c.k('get', 'ds', '-n', 'kube-system'), /\nfluentd-elasticsearch\s+3\s+3\s+3\s+3\s+3\s+<none>\s+/);
    // Without the control-plane toleration the same DaemonSet leaves that node alone.
    await c.k('patch', 'ds', 'fluentd-elasticsearch', '-n', 'kube-system', '--type=json', '-p', '[{"op":"remove","path":"/spec/template/spec/tolerations"}]');
    await settled(c, async () => JSON.stringify(await podsByNodeName(t, 'kube-system', 'name=fluentd-elasticsearch')) === '{"n1":["Running"],"n2":["Running"]}');
  });

  test('OnDelete: a template change replaces only the pods the user deletes', async () => {
    const ds = (image: string): string => `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: ondel
spec:
  selector:
    matchLabels: {app: ondel}
  updateStrategy:
    type: OnDelete
  template:
    metadata:
      labels: {app: ondel}
    spec:
      containers:
      - name: agent
        image: ${image}
`;
    await c.kubectl(['apply', '-f', '-'], { input: ds('registry.example/agent:1') });
    await settled(c, async () => JSON.stringify(await podsByNodeName(t, 'default', 'app=ondel')) === '{"n1":["Running"],"n2":["Running"]}');
    await c.kubectl(['apply', '-f', '-'], { input: ds('registry.example/agent:2') });
    await settled(c, async () => (await c.k('get', 'ds', 'ondel', '-o', 'jsonpath={.metadata.generation}/{.status.observedGeneration}/{.status.updatedNumberScheduled}')) === '2/2/');
    const images = async (): Promise<string> => c.k('get', 'pods', '-l', 'app=ondel', '-o', 'jsonpath={range .items[*]}{.spec.nodeName}={.spec.containers[0].image} {end}');
    assert.equal((await images()).trim().split(' ').sort().join(' '), 'n1=registry.example/agent:1 n2=registry.example/agent:1');
    const status = await c.kubectl(['rollout', 'status', 'ds/ondel', '--timeout=5s']);
    assert.equal(status.code, 1);
    assert.match(status.stderr, /rollout status is only available for RollingUpdate strategy type/);

    const onN1 = await c.k('get', 'pods', '-l', 'app=ondel', '--field-selector', 'spec.nodeName=n1', '-o', 'name');
    await c.k('delete', onN1.trim());
    await settled(c, async () => (await images()).trim().split(' ').sort().join(' ') === 'n1=registry.example/agent:2 n2=registry.example/agent:1');
    assert.match(await c.k('get', 'ds', 'ondel'), /\nondel\s+2\s+2\s+2\s+1\s+2\s+<none>\s+/);
  });

  test('a failed daemon pod is deleted and replaced', async () => {
    await c.kubectl(['apply', '-f', '-'], { input: `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: flaky
spec:
  selector:
    matchLabels: {app: flaky}
  template:
    metadata:
      labels: {app: flaky}
    spec:
      nodeSelector:
        kubernetes.io/hostname: n2
      containers:
      - name: agent
        image: registry.example/flaky:1
` });
    await settled(c, async () => flakyFailures >= 2 && JSON.stringify(await podsByNodeName(t, 'default', 'app=flaky')) === '{"n2":["Running"]}');
    const described = await c.k('describe', 'ds', 'flaky');
    assert.match(described, /Warning\s+FailedDaemonPod\s+\S+\s+daemonset-controller\s+Found failed daemon pod default\/flaky-[a-z0-9]{5} on node n2, will try to kill it/);
    assert.match(described, /Normal\s+SuccessfulDelete\s+\S+\s+daemonset-controller\s+Deleted pod: flaky-[a-z0-9]{5}/);
    assert.equal((await c.k('get', 'pods', '-l', 'app=flaky', '-o', 'name')).trim().split('\n').length, 1);
  });

  test('an orphan pod the selector matches is adopted instead of duplicated', async () => {
    await c.kubectl(['apply', '-f', '-'], { input: `apiVersion: v1
kind: Pod
metadata:
  name: stray
  labels: {app: adopter}
spec:
  nodeName: n1
  containers:
  - name: agent
    image: registry.example/agent:0
` });
    await c.kubectl(['apply', '-f', '-'], { input: `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: adopter
spec:
  selector:
    matchLabels: {app: adopter}
  updateStrategy:
    type: OnDelete
  template:
    metadata:
      labels: {app: adopter}
    spec:
      containers:
      - name: agent
        image: registry.example/agent:1
` });
    await settled(c, async () => JSON.stringify(await podsByNodeName(t, 'default', 'app=adopter')) === '{"n1":["Running"],"n2":["Running"]}');
    const stray = JSON.parse(await c.k('get', 'pod', 'stray', '-o', 'json')) as KubeObject;
    assert.deepEqual(stray.metadata.ownerReferences?.map((r) => `${r.kind}/${r.name}/${r.controller}`), ['DaemonSet/adopter/true']);
    // It counts, but as a pod of an old template (OnDelete leaves it until the user deletes it).
    assert.match(await c.k('get', 'ds', 'adopter'), /\nadopter\s+2\s+2\s+2\s+1\s+2\s+<none>\s+/);
  });
});
