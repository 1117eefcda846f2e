import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { NodeSelectorRequirement } from 'kubernetes-types/core/v1.js';
import { filterNode } from '../../../../main/scheduler/filters.js';
import { podInfoOf } from '../../../../main/scheduler/pod-info.js';
import { node, nodeInfo, pod } from './fixtures.js';

const reasons = (p: ReturnType<typeof pod>, n: ReturnType<typeof nodeInfo>): readonly string[] | undefined => filterNode(podInfoOf(p), n)?.reasons;

describe('NodeResourcesFit', () => {
  test('requests are checked against allocatable minus what bound pods request', () => {
    const n = nodeInfo(node('n1', { allocatable: { cpu: '2', memory: '1Gi' } }), [pod({ requests: { cpu: '1500m', memory: '512Mi' } })]);
    assert.equal(reasons(pod({ requests: { cpu: '500m', memory: '512Mi' } }), n), undefined);
    assert.deepEqual(reasons(pod({ requests: { cpu: '600m', memory: '600Mi' } }), n), ['Insufficient cpu', 'Insufficient memory']);
  });

  test('pod count, ephemeral storage and extended resources', () => {
    const n = nodeInfo(node('n1', { allocatable: { pods: '1', 'ephemeral-storage': '1Gi', 'example.com/fpga': '1' } }), [pod()]);
    assert.deepEqual(reasons(pod({ requests: { 'ephemeral-storage': '2Gi', 'example.com/fpga': '2' } }), n),
      ['Too many pods', 'Insufficient ephemeral-storage', 'Insufficient example.com/fpga']);
    // A node that does not offer the resource at all.
    assert.deepEqual(reasons(pod({ requests: { 'nvidia.com/gpu': '1' } }), nodeInfo(node('n2'))), ['Insufficient nvidia.com/gpu']);
  });
});

describe('NodeUnschedulable and NodeName', () => {
  test('a cordoned node is skipped unless the pod tolerates node.kubernetes.io/unschedulable', () => {
    const n = nodeInfo(node('n1', { unschedulable: true }));
    assert.deepEqual(reasons(pod(), n), ['node(s) were unschedulable']);
    const tolerant = pod({ spec: { tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }] } });
    assert.equal(reasons(tolerant, n), undefined);
  });

  test('spec.nodeName must name the node', () => {
    assert.deepEqual(reasons(pod({ nodeName: 'other' }), nodeInfo(node('n1'))), ["node(s) didn't match the requested node name"]);
  });
});

describe('TaintToleration', () => {
  const tainted = nodeInfo(node('n1', { taints: [
    { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' },
    { key: 'dedicated', value: 'gpu', effect: 'NoExecute' },
    { key: 'soft', value: 'x', effect: 'PreferNoSchedule' },
  ] }));

  test('the first untolerated NoSchedule/NoExecute taint is named; PreferNoSchedule never filters', () => {
    assert.deepEqual(reasons(pod(), tainted), ['node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }']);
    const cp = { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' };
    assert.deepEqual(reasons(pod({ spec: { tolerations: [cp] } }), tainted), ['node(s) had untolerated taint {dedicated: gpu}']);
    assert.equal(reasons(pod({ spec: { tolerations: [cp, { key: 'dedicated', operator: 'Equal', value: 'gpu' }] } }), tainted), undefined);
  });

  test('Equal needs the same value; a wrong effect does not tolerate; an empty key with Exists tolerates everything', () => {
    const n = nodeInfo(node('n1', { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] }));
    assert.ok(reasons(pod({ spec: { tolerations: [{ key: 'dedicated', value: 'cpu' }] } }), n));
    assert.ok(reasons(pod({ spec: { tolerations: [{ key: 'dedicated', operator: 'Exists', effect: 'NoExecute' }] } }), n));
    assert.equal(reasons(pod({ spec: { tolerations: [{ operator: 'Exists' }] } }), tainted), undefined);
  });

  test('a NotReady node (tainted by the node lifecycle controller) is filtered by its taint', () => {
    const n = nodeInfo(node('n1', { taints: [{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }, { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' }] }));
    // Pods get a 300 s NoExecute toleration by default, which does not cover NoSchedule.
    const p = pod({ spec: { tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }] } });
    assert.deepEqual(reasons(p, n), ['node(s) had untolerated taint {node.kubernetes.io/not-ready: }']);
  });
});

describe('NodeAffinity', () => {
  const n = nodeInfo(node('n1', { labels: { disktype: 'ssd', zone: 'a', cores: '8' } }));
  const required = (...matchExpressions: NodeSelectorRequirement[]) => pod({ spec: { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions }] } } } } });
  const MISMATCH = ["node(s) didn't match Pod's node affinity/selector"];

  test('nodeSelector labels must all match', () => {
    assert.equal(reasons(pod({ spec: { nodeSelector: { disktype: 'ssd' } } }), n), undefined);
    assert.deepEqual(reasons(pod({ spec: { nodeSelector: { disktype: 'ssd', zone: 'b' } } }), n), MISMATCH);
  });

  test('In, NotIn, Exists, DoesNotExist, Gt, Lt', () => {
    assert.equal(reasons(required({ key: 'zone', operator: 'In', values: ['a', 'b'] }), n), undefined);
    assert.deepEqual(reasons(required({ key: 'zone', operator: 'NotIn', values: ['a'] }), n), MISMATCH);
    assert.equal(reasons(required({ key: 'disktype', operator: 'Exists' }), n), undefined);
    assert.deepEqual(reasons(required({ key: 'gpu', operator: 'Exists' }), n), MISMATCH);
    assert.equal(reasons(required({ key: 'gpu', operator: 'DoesNotExist' }), n), undefined);
    assert.equal(reasons(required({ key: 'cores', operator: 'Gt', values: ['4'] }), n), undefined);
    assert.deepEqual(reasons(required({ key: 'cores', operator: 'Lt', values: ['8'] }), n), MISMATCH);
    // Expressions in one term are ANDed.
    assert.deepEqual(reasons(required({ key: 'zone', operator: 'In', values: ['a'] }, { key: 'disktype', operator: 'In', values: ['hdd'] }), n), MISMATCH);
  });

  test('terms are ORed; matchFields selects by metadata.name; an empty term matches nothing', () => {
    const terms = (nodeSelectorTerms: object[]) => pod({ spec: { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms } } } } } as never);
    assert.equal(reasons(terms([{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['z'] }] }, { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1'] }] }]), n), undefined);
    assert.deepEqual(reasons(terms([{ matchFields: [{ key: 'metadata.name', operator: 'NotIn', values: ['n1'] }] }]), n), MISMATCH);
    assert.deepEqual(reasons(terms([{}]), n), MISMATCH);
  });
});

describe('NodePorts', () => {
  const withPort = (hostPort: number, protocol = 'TCP', hostIP?: string) => pod({ containers: [{ name: 'web', ports: [{ containerPort: 80, hostPort, protocol, hostIP }] }] });

  test('a host port in use on the node conflicts for the same protocol', () => {
    const n = nodeInfo(node('n1'), [withPort(8080)]);
    assert.deepEqual(reasons(withPort(8080), n), ["node(s) didn't have free ports for the requested pod ports"]);
    assert.equal(reasons(withPort(8080, 'UDP'), n), undefined);
    assert.equal(reasons(withPort(8081), n), undefined);
  });

  test('specific host IPs conflict only with themselves and 0.0.0.0', () => {
    const n = nodeInfo(node('n1'), [withPort(9000, 'TCP', '10.0.0.1')]);
    assert.equal(reasons(withPort(9000, 'TCP', '10.0.0.2'), n), undefined);
    assert.ok(reasons(withPort(9000, 'TCP', '10.0.0.1'), n));
    assert.ok(reasons(withPort(9000), n), '0.0.0.0 conflicts with any address');
  });
});
