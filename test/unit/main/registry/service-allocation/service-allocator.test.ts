// The plug-in driven the way the registry drives it: admit, then abort or committed.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Service } from 'kubernetes-types/core/v1.js';
import { findResource } from '../../../../../api/resources/registry.js';
import type { KubeObject } from '../../../../../api/types/meta.js';
import { StatusError } from '../../../../../api/errors/status-error.js';
import { serviceAllocation } from '../../../../../main/registry/service-allocation/index.js';
import type { WriteContext } from '../../../../../main/registry/context.js';
import type { Store } from '../../../../../main/store/index.js';

const RT = findResource('', 'v1', 'services')!;
const CTX: WriteContext = { user: { name: 'test', groups: [] }, dryRun: false, fieldManager: 'test', fieldValidation: 'Strict', warnings: [] };
let uid = 0;

/** A Service as the registry hands it to admission: defaulted, with a uid. */
function svc(name: string, spec: Service['spec'], id = `uid-${++uid}`): KubeObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default', uid: id }, spec: { ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack', ...spec } };
}
const specOf = (o: KubeObject): NonNullable<Service['spec']> => (o as Service).spec!;
function storeWith(objects: KubeObject[]): Pick<Store, 'list'> {
  return { list: () => ({ entries: objects.map((object) => ({ key: { group: '', resource: 'services', namespace: 'default', name: object.metadata.name! }, revision: 1, object })), revision: 1 }) };
}
function causeOf(fn: () => void): string {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof StatusError);
    const c = err.causes[0];
    return c ? `${c.field}: ${c.message}` : err.message;
  }
  assert.fail('expected a refusal');
}

describe('serviceAllocation', () => {
  test('a create that fails or is a dry run gives back what admission reserved', () => {
    const p = serviceAllocation({ store: storeWith([]) });
    const a = svc('a', { type: 'NodePort', clusterIP: '10.96.0.50', clusterIPs: ['10.96.0.50'], ports: [{ port: 80, nodePort: 30100 }] });
    p.admitCreate!(RT, a, CTX);
    assert.deepEqual(p.usage(), { clusterIPs: 1, nodePorts: 1 });
    p.abort!(RT, a, undefined);
    assert.deepEqual(p.usage(), { clusterIPs: 0, nodePorts: 0 });
    const again = svc('a', { type: 'NodePort', clusterIP: '10.96.0.50', clusterIPs: ['10.96.0.50'], ports: [{ port: 80, nodePort: 30100 }] });
    p.admitCreate!(RT, again, CTX);
    p.committed!(RT, again, undefined, false);
    assert.deepEqual(p.usage(), { clusterIPs: 1, nodePorts: 1 });
  });

  test('a refused port gives back the ClusterIP and ports reserved before it', () => {
    const p = serviceAllocation({ store: storeWith([svc('old', { type: 'NodePort', clusterIP: '10.96.0.9', ports: [{ port: 80, nodePort: 30001 }] })]) });
    const b = svc('b', { type: 'NodePort', ports: [{ name: 'a', port: 80 }, { name: 'b', port: 81, nodePort: 30001 }] });
    assert.equal(causeOf(() => p.admitCreate!(RT, b, CTX)), 'spec.ports[1].nodePort: Invalid value: 30001: provided port is already allocated');
    assert.deepEqual(p.usage(), { clusterIPs: 1, nodePorts: 1 });
  });

  test('ports with the same number for TCP and UDP share one node port', () => {
    const p = serviceAllocation({ store: storeWith([]) });
    const dns = svc('dns', { type: 'NodePort', ports: [{ name: 'udp', port: 53, protocol: 'UDP' }, { name: 'tcp', port: 53, protocol: 'TCP' }] });
    p.admitCreate!(RT, dns, CTX);
    const [u, t] = specOf(dns).ports!;
    assert.equal(u.nodePort, t.nodePort);
    assert.ok(u.nodePort! >= 30086, 'dynamic ports come from above the static band');
    assert.equal(p.usage().nodePorts, 1);
  });

  test('a LoadBalancer with allocateLoadBalancerNodePorts=false only gets the node ports it names', () => {
    const p = serviceAllocation({ store: storeWith([]) });
    const lb = svc('lb', { type: 'LoadBalancer', allocateLoadBalancerNodePorts: false, ports: [{ name: 'a', port: 80 }, { name: 'b', port: 81, nodePort: 30200 }] });
    p.admitCreate!(RT, lb, CTX);
    assert.deepEqual(specOf(lb).ports!.map((x) => x.nodePort), [undefined, 30200]);
  });

  test('an update releases what the Service stopped holding only once it is durable', () => {
    const stored = svc('np', { type: 'NodePort', clusterIP: '10.96.0.60', clusterIPs: ['10.96.0.60'], ports: [{ port: 80, nodePort: 30300 }], externalTrafficPolicy: 'Cluster' }, 'uid-np');
    const p = serviceAllocation({ store: storeWith([stored]) });
    const next = structuredClone(stored);
    specOf(next).type = 'ClusterIP';
    p.admitUpdate!(RT, next, stored, CTX);
    assert.equal(specOf(next).ports![0].nodePort, undefined, 'the untouched node port is dropped with the type');
    assert.equal(specOf(next).externalTrafficPolicy, undefined);
    assert.equal(p.usage().nodePorts, 1, 'still held while the write is in flight');
    p.abort!(RT, next, stored);
    assert.equal(p.usage().nodePorts, 1, 'a failed write releases nothing the Service holds');
    p.admitUpdate!(RT, next, stored, CTX);
    p.committed!(RT, next, stored, false);
    assert.deepEqual(p.usage(), { clusterIPs: 1, nodePorts: 0 });
    p.committed!(RT, next, next, true);
    assert.deepEqual(p.usage(), { clusterIPs: 0, nodePorts: 0 });
  });

  test('a Service re-created under the same name cannot release its predecessor\'s values', () => {
    const stored = svc('same', { type: 'NodePort', clusterIP: '10.96.0.70', clusterIPs: ['10.96.0.70'], ports: [{ port: 80, nodePort: 30400 }] }, 'uid-first');
    const p = serviceAllocation({ store: storeWith([stored]) });
    // A create of the same name with the same values (refused later by validation or as AlreadyExists).
    const copy = svc('same', { type: 'ClusterIP', ports: [{ port: 80, nodePort: 30400 }] }, 'uid-second');
    p.admitCreate!(RT, copy, CTX);
    p.abort!(RT, copy, undefined);
    p.committed!(RT, copy, copy, true);
    assert.deepEqual(p.usage(), { clusterIPs: 1, nodePorts: 1 });
  });

  test('IPv6 and dual-stack requests are refused on a single-stack IPv4 cluster', () => {
    const p = serviceAllocation({ store: storeWith([]) });
    assert.equal(causeOf(() => p.admitCreate!(RT, svc('v6', { clusterIP: 'fd00::1', clusterIPs: ['fd00::1'], ipFamilies: ['IPv6'], ports: [{ port: 80 }] }), CTX)),
      'spec.ipFamilies[0]: Invalid value: "IPv6": not configured on this cluster');
    const headless = svc('hl', { clusterIP: 'None', clusterIPs: ['None'], ipFamilyPolicy: 'RequireDualStack' });
    p.admitCreate!(RT, headless, CTX);
    assert.deepEqual(specOf(headless).ipFamilies, ['IPv4', 'IPv6'], 'selectorless headless Services may be dual-stack anyway');
    assert.deepEqual(p.usage(), { clusterIPs: 0, nodePorts: 0 });
  });

  test('a custom range is used for allocation and named in refusals', () => {
    const p = serviceAllocation({ store: storeWith([]), serviceCidr: '172.20.0.0/24', nodePortRange: [31000, 31009] });
    assert.equal(p.kubernetesServiceIP, '172.20.0.1');
    const a = svc('a', { type: 'NodePort', ports: [{ port: 80 }] });
    p.admitCreate!(RT, a, CTX);
    assert.match(specOf(a).clusterIP!, /^172\.20\.0\.\d+$/);
    assert.ok(specOf(a).ports![0].nodePort! >= 31000 && specOf(a).ports![0].nodePort! <= 31009);
    assert.equal(causeOf(() => p.admitCreate!(RT, svc('b', { type: 'NodePort', ports: [{ port: 80, nodePort: 30001 }] }), CTX)),
      'spec.ports[0].nodePort: Invalid value: 30001: provided port is not in the valid range. The range of valid ports is 31000-31009');
    const full = Array.from({ length: 10 }, (_, i) => svc(`f${i}`, { type: 'NodePort', ports: [{ port: 80 }] }));
    assert.throws(() => { for (const f of full) p.admitCreate!(RT, f, CTX); }, /failed to allocate a nodePort: range is full/);
  });
});
