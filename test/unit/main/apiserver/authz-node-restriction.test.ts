// NodeRestriction admission: the checks the authorizer cannot make because the name is in the body.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ForbiddenError } from '../../../../api/errors/status-error.js';
import { findResource } from '../../../../api/resources/registry.js';
import type { KubeObject } from '../../../../api/types/meta.js';
import { nodeRestriction } from '../../../../main/apiserver/node-restriction.js';
import { systemContext, type WriteContext } from '../../../../main/registry/context.js';

const NODES = findResource('', 'v1', 'nodes')!;
const LEASES = findResource('coordination.k8s.io', 'v1', 'leases')!;
const asNode = (name: string): WriteContext => ({ ...systemContext('skiff-agent'), user: { name: `system:node:${name}`, groups: ['system:nodes', 'system:authenticated'] } });
const node = (name: string, labels: Record<string, string> = {}): KubeObject => ({ apiVersion: 'v1', kind: 'Node', metadata: { name, labels } });
const plugin = nodeRestriction();

test('a node creates only its own Node and Lease', () => {
  assert.doesNotThrow(() => plugin.admitCreate!(NODES, node('a'), asNode('a')));
  assert.throws(() => plugin.admitCreate!(NODES, node('b'), asNode('a')), (e: unknown) =>
    e instanceof ForbiddenError && e.message === 'node "a" is not allowed to create a Node named "b": a node creates only its own (a)');
  const lease = (name: string): KubeObject => ({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name, namespace: 'kube-node-lease' } });
  assert.doesNotThrow(() => plugin.admitCreate!(LEASES, lease('a'), asNode('a')));
  assert.throws(() => plugin.admitCreate!(LEASES, lease('b'), asNode('a')), ForbiddenError);
  // the control plane itself is not a node
  assert.doesNotThrow(() => plugin.admitCreate!(NODES, node('b'), systemContext('test')));
});

test('a node sets kubelet labels and its own, not ones that steer workloads to it', () => {
  const kubelet = { 'kubernetes.io/hostname': 'a', 'kubernetes.io/arch': 'amd64', 'beta.kubernetes.io/os': 'linux', 'node.kubernetes.io/instance-type': 'pi4', 'example.com/rack': '3' };
  assert.doesNotThrow(() => plugin.admitCreate!(NODES, node('a', kubelet), asNode('a')));
  for (const key of ['node-role.kubernetes.io/control-plane', 'node-restriction.kubernetes.io/trusted', 'kubernetes.io/role', 'foo.k8s.io/x']) {
    assert.throws(() => plugin.admitCreate!(NODES, node('a', { [key]: 'true' }), asNode('a')), (e: unknown) => e instanceof ForbiddenError && e.message.includes(`"${key}"`), key);
  }
  // an admin's restricted label stays; the node may not change or remove it, but may update around it
  const old = node('a', { 'node-role.kubernetes.io/edge': '' });
  assert.doesNotThrow(() => plugin.admitUpdate!(NODES, node('a', { 'node-role.kubernetes.io/edge': '', 'example.com/x': '1' }), old, asNode('a')));
  assert.throws(() => plugin.admitUpdate!(NODES, node('a', {}), old, asNode('a')), ForbiddenError);
  assert.throws(() => plugin.admitUpdate!(NODES, node('b'), node('b'), asNode('a')), ForbiddenError);
});
