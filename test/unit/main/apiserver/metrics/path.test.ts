// Which metrics request a URL path names (the paths kubectl top and client-go's metrics client use).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseMetricsPath } from '../../../../../main/apiserver/metrics/handler.js';

const of = (p: string) => {
  const m = parseMetricsPath(p);
  return m && { resource: m.rt?.resource, namespace: m.namespace, name: m.name, watchPath: m.watchPath };
};

describe('metrics paths', () => {
  test('nodes, pods in a namespace and in all of them, one by name', () => {
    assert.deepEqual(of('/apis/metrics.k8s.io/v1beta1/nodes'), { resource: 'nodes', namespace: undefined, name: undefined, watchPath: false });
    assert.deepEqual(of('/apis/metrics.k8s.io/v1beta1/nodes/edge-1'), { resource: 'nodes', namespace: undefined, name: 'edge-1', watchPath: false });
    assert.deepEqual(of('/apis/metrics.k8s.io/v1beta1/pods'), { resource: 'pods', namespace: undefined, name: undefined, watchPath: false });
    assert.deepEqual(of('/apis/metrics.k8s.io/v1beta1/namespaces/kube-system/pods'), { resource: 'pods', namespace: 'kube-system', name: undefined, watchPath: false });
    assert.deepEqual(of('/apis/metrics.k8s.io/v1beta1/namespaces/default/pods/web'), { resource: 'pods', namespace: 'default', name: 'web', watchPath: false });
    assert.deepEqual(of('/apis/metrics.k8s.io/v1beta1/watch/nodes'), { resource: 'nodes', namespace: undefined, name: undefined, watchPath: true });
  });

  test('discovery and other groups are not metrics requests; nonsense under the group is a 404', () => {
    assert.equal(of('/apis/metrics.k8s.io'), undefined);
    assert.equal(of('/apis/metrics.k8s.io/v1beta1'), undefined);
    assert.equal(of('/apis/apps/v1/deployments'), undefined);
    assert.equal(of('/apis/metrics.k8s.io/v1/nodes'), undefined);
    for (const p of ['/apis/metrics.k8s.io/v1beta1/namespaces/default/nodes', '/apis/metrics.k8s.io/v1beta1/pods/web', '/apis/metrics.k8s.io/v1beta1/services', '/apis/metrics.k8s.io/v1beta1/nodes/a/b']) {
      assert.equal(of(p)?.resource, undefined, p);
      assert.notEqual(of(p), undefined, p);
    }
  });
});
