import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../../api/types/meta.js';
import { DAY, HOUR, MIN, ago, cells, columns } from './fixtures.js';

function node(name: string, labels: Record<string, string>, spec: Record<string, unknown>, status: Record<string, unknown>): KubeObject {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name, labels, creationTimestamp: ago(5 * DAY) }, spec, status };
}
const nodeInfo = {
  kubeletVersion: 'v1.32.0-skiff', osImage: 'Debian GNU/Linux 12 (bookworm)', kernelVersion: '6.1.0-28-amd64',
  containerRuntimeVersion: 'docker://27.3.1', machineID: '', systemUUID: '', bootID: '', kubeProxyVersion: '', operatingSystem: 'linux', architecture: 'amd64',
};

test('nodes show readiness, cordoning, roles and the wide system columns', () => {
  assert.deepEqual(columns('', 'nodes'), [
    ['Name', 0], ['Status', 0], ['Roles', 0], ['Age', 0], ['Version', 0],
    ['Internal-IP', 1], ['External-IP', 1], ['OS-Image', 1], ['Kernel-Version', 1], ['Container-Runtime', 1],
  ]);
  const ready = node('desktop', { 'node-role.kubernetes.io/control-plane': '', 'kubernetes.io/hostname': 'desktop' }, {}, {
    conditions: [{ type: 'MemoryPressure', status: 'False' }, { type: 'Ready', status: 'True', reason: 'KubeletReady' }],
    addresses: [{ type: 'InternalIP', address: '192.168.1.10' }, { type: 'Hostname', address: 'desktop' }],
    nodeInfo,
  });
  assert.deepEqual(cells('', 'nodes', ready), [
    'desktop', 'Ready', 'control-plane', '5d', 'v1.32.0-skiff', '192.168.1.10', '<none>', 'Debian GNU/Linux 12 (bookworm)', '6.1.0-28-amd64', 'docker://27.3.1',
  ]);

  const cordoned = node('pi-1', { 'kubernetes.io/role': 'edge', 'node-role.kubernetes.io/worker': 'true', 'node-role.kubernetes.io/': 'x' }, { unschedulable: true }, {
    conditions: [{ type: 'Ready', status: 'Unknown', reason: 'NodeStatusUnknown' }],
    addresses: [{ type: 'ExternalIP', address: '203.0.113.4' }, { type: 'InternalIP', address: '10.1.0.4' }, { type: 'InternalIP', address: '10.1.0.5' }],
  });
  assert.deepEqual(cells('', 'nodes', cordoned), [
    'pi-1', 'NotReady,SchedulingDisabled', 'edge,worker', '5d', '', '10.1.0.4', '203.0.113.4', '<unknown>', '<unknown>', '<unknown>',
  ]);

  const fresh = node('new', {}, { unschedulable: true }, {});
  assert.deepEqual(cells('', 'nodes', fresh).slice(0, 3), ['new', 'Unknown,SchedulingDisabled', '<none>']);
});

test('namespaces show their phase', () => {
  const ns = (name: string, phase?: string): KubeObject => ({
    apiVersion: 'v1', kind: 'Namespace', metadata: { name, creationTimestamp: ago(30 * DAY) }, status: phase ? { phase } : {},
  });
  assert.deepEqual(cells('', 'namespaces', ns('default', 'Active')), ['default', 'Active', '30d']);
  assert.deepEqual(cells('', 'namespaces', ns('old', 'Terminating')), ['old', 'Terminating', '30d']);
});

function event(name: string, body: Record<string, unknown>): KubeObject {
  return { apiVersion: 'v1', kind: 'Event', metadata: { name, namespace: 'default', creationTimestamp: ago(5 * MIN) }, ...body };
}

test('events print like kubectl get events, with the rest behind -o wide', () => {
  assert.deepEqual(columns('', 'events'), [
    ['Last Seen', 0], ['Type', 0], ['Reason', 0], ['Object', 0], ['Subobject', 1], ['Source', 1], ['Message', 0],
    ['First Seen', 1], ['Count', 1], ['Name', 1],
  ]);
  const backoff = event('crash.17f3a2b4c5d6e7f8', {
    involvedObject: { kind: 'Pod', namespace: 'default', name: 'crash', uid: 'u1', apiVersion: 'v1', fieldPath: 'spec.containers{app}' },
    reason: 'BackOff', message: 'Back-off restarting failed container app in pod crash_default(u1)\n', type: 'Warning',
    source: { component: 'kubelet', host: 'node-1' }, firstTimestamp: ago(5 * MIN), lastTimestamp: ago(30), count: 4,
  });
  assert.deepEqual(cells('', 'events', backoff), [
    '30s', 'Warning', 'BackOff', 'pod/crash', 'spec.containers{app}', 'kubelet, node-1',
    'Back-off restarting failed container app in pod crash_default(u1)', '5m', 4, 'crash.17f3a2b4c5d6e7f8',
  ]);

  const scheduled = event('web.1', {
    involvedObject: { kind: 'Pod', namespace: 'default', name: 'web' }, reason: 'Scheduled', type: 'Normal',
    message: 'Successfully assigned default/web to node-1', eventTime: '2025-03-01T11:59:50.123456Z',
    reportingComponent: 'default-scheduler', reportingInstance: 'default-scheduler-desktop', source: {},
  });
  assert.deepEqual(cells('', 'events', scheduled), [
    '9s', 'Normal', 'Scheduled', 'pod/web', '', 'default-scheduler, default-scheduler-desktop',
    'Successfully assigned default/web to node-1', '9s', 1, 'web.1',
  ]);

  const repeated = event('probe.2', {
    involvedObject: { kind: 'Node', name: 'node-1' }, reason: 'Rebooted', type: 'Warning', message: 'x',
    eventTime: ago(HOUR), series: { count: 12, lastObservedTime: ago(MIN) }, reportingComponent: 'kubelet',
  });
  assert.deepEqual(cells('', 'events', repeated).slice(0, 9), ['60s', 'Warning', 'Rebooted', 'node/node-1', '', 'kubelet', 'x', '60m', 12]);

  const kindOnly = event('cluster.3', { involvedObject: { kind: 'Namespace' }, reason: 'X', message: '' });
  assert.deepEqual(cells('', 'events', kindOnly).slice(0, 4), ['<unknown>', '', 'X', 'namespace']);
});

test('leases show their holder', () => {
  const lease = (holder?: string): KubeObject => ({
    apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'node-1', namespace: 'kube-node-lease', creationTimestamp: ago(HOUR) },
    spec: holder ? { holderIdentity: holder, leaseDurationSeconds: 40 } : {},
  });
  assert.deepEqual(cells('coordination.k8s.io', 'leases', lease('node-1')), ['node-1', 'node-1', '60m']);
  assert.deepEqual(cells('coordination.k8s.io', 'leases', lease()), ['node-1', '', '60m']);
});
