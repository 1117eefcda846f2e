// Service link variables, compared with what a kubelet gives a guestbook frontend pod, and upstream's
// envvars_test cases (named ports, UDP, SCTP, IPv6, headless services).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import type { Service } from 'kubernetes-types/core/v1.js';
import { serviceEnvironment } from '../../../../agent/env/index.js';

// the guestbook's redis-master Service as kubectl sends it, given its cluster IP by the API server
const REDIS_MASTER: Service = {
  ...(parse(`
apiVersion: v1
kind: Service
metadata:
  name: redis-master
  labels:
    app: redis
    role: master
    tier: backend
spec:
  ports:
  - port: 6379
    targetPort: 6379
  selector:
    app: redis
    role: master
    tier: backend
`) as Service),
};
REDIS_MASTER.metadata = { ...REDIS_MASTER.metadata, namespace: 'default' };
REDIS_MASTER.spec = { ...REDIS_MASTER.spec, clusterIP: '10.0.0.11' };

const KUBERNETES: Service = {
  metadata: { name: 'kubernetes', namespace: 'default' },
  spec: { clusterIP: '10.96.0.1', ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }] },
};

const svc = (namespace: string, name: string, clusterIP: string, ports: NonNullable<Service['spec']>['ports']): Service =>
  ({ metadata: { name, namespace }, spec: { clusterIP, ports } });

const KUBERNETES_VARS = [
  ['KUBERNETES_SERVICE_HOST', '10.96.0.1'],
  ['KUBERNETES_SERVICE_PORT', '443'],
  ['KUBERNETES_SERVICE_PORT_HTTPS', '443'],
  ['KUBERNETES_PORT', 'tcp://10.96.0.1:443'],
  ['KUBERNETES_PORT_443_TCP', 'tcp://10.96.0.1:443'],
  ['KUBERNETES_PORT_443_TCP_PROTO', 'tcp'],
  ['KUBERNETES_PORT_443_TCP_PORT', '443'],
  ['KUBERNETES_PORT_443_TCP_ADDR', '10.96.0.1'],
];

const pairs = (env: { name: string; value: string }[]): string[][] => env.map((e) => [e.name, e.value]);

describe('serviceEnvironment', () => {
  test('a guestbook pod in default sees redis-master exactly as a kubelet shows it', () => {
    const env = serviceEnvironment([REDIS_MASTER, KUBERNETES], 'default', true);
    assert.deepEqual(pairs(env), [
      ...KUBERNETES_VARS,
      ['REDIS_MASTER_SERVICE_HOST', '10.0.0.11'],
      ['REDIS_MASTER_SERVICE_PORT', '6379'],
      ['REDIS_MASTER_PORT', 'tcp://10.0.0.11:6379'],
      ['REDIS_MASTER_PORT_6379_TCP', 'tcp://10.0.0.11:6379'],
      ['REDIS_MASTER_PORT_6379_TCP_PROTO', 'tcp'],
      ['REDIS_MASTER_PORT_6379_TCP_PORT', '6379'],
      ['REDIS_MASTER_PORT_6379_TCP_ADDR', '10.0.0.11'],
    ]);
  });

  test('enableServiceLinks: false keeps only the kubernetes service; other namespaces are never visible', () => {
    assert.deepEqual(pairs(serviceEnvironment([REDIS_MASTER, KUBERNETES], 'default', false)), KUBERNETES_VARS);
    assert.deepEqual(pairs(serviceEnvironment([REDIS_MASTER, KUBERNETES], 'shop', true)), KUBERNETES_VARS);
  });

  test('services without a cluster IP (headless, or not allocated yet) give no variables', () => {
    const env = serviceEnvironment([KUBERNETES, svc('shop', 'db', 'None', [{ port: 5432 }]), svc('shop', 'cache', '', [{ port: 11211 }])], 'shop', true);
    assert.deepEqual(pairs(env), KUBERNETES_VARS);
  });

  test("a `kubernetes` service in the pod's namespace takes the place of the default one", () => {
    for (const order of [[KUBERNETES, svc('shop', 'kubernetes', '10.1.2.3', [{ port: 8084 }])], [svc('shop', 'kubernetes', '10.1.2.3', [{ port: 8084 }]), KUBERNETES]]) {
      const env = serviceEnvironment(order, 'shop', true);
      assert.equal(env.find((e) => e.name === 'KUBERNETES_SERVICE_HOST')?.value, '10.1.2.3');
      assert.equal(env.filter((e) => e.name === 'KUBERNETES_SERVICE_HOST').length, 1);
    }
  });

  test("upstream's cases: named ports, protocols, a digit-named port, IPv6", () => {
    const env = serviceEnvironment([
      svc('ns', 'foo-bar', '1.2.3.4', [{ port: 8080, protocol: 'TCP' }]),
      svc('ns', 'abc-123', '5.6.7.8', [{ name: 'u-d-p', port: 8081, protocol: 'UDP' }, { name: 't-c-p', port: 8081, protocol: 'TCP' }]),
      svc('ns', 'q-u-u-x', '9.8.7.6', [{ port: 8082, protocol: 'TCP' }, { name: '8083', port: 8083, protocol: 'TCP' }]),
      svc('ns', 'super-ipv6', '2001:DB8::', [{ name: 'u-d-p', port: 8084, protocol: 'UDP' }]),
      svc('ns', 'sctp-1', '1.2.3.4', [{ port: 777, protocol: 'SCTP' }]),
    ], 'ns', true);
    const m = new Map(pairs(env) as [string, string][]);
    assert.equal(m.get('ABC_123_SERVICE_PORT'), '8081');
    assert.equal(m.get('ABC_123_SERVICE_PORT_U_D_P'), '8081');
    assert.equal(m.get('ABC_123_SERVICE_PORT_T_C_P'), '8081');
    assert.equal(m.get('ABC_123_PORT'), 'udp://5.6.7.8:8081');
    assert.equal(m.get('ABC_123_PORT_8081_TCP'), 'tcp://5.6.7.8:8081');
    assert.equal(m.get('ABC_123_PORT_8081_UDP_PROTO'), 'udp');
    assert.equal(m.get('Q_U_U_X_SERVICE_PORT'), '8082');
    assert.equal(m.get('Q_U_U_X_SERVICE_PORT_8083'), '8083');
    assert.equal(m.get('Q_U_U_X_PORT_8083_TCP_ADDR'), '9.8.7.6');
    assert.equal(m.get('SUPER_IPV6_SERVICE_HOST'), '2001:DB8::');
    assert.equal(m.get('SUPER_IPV6_PORT'), 'udp://[2001:DB8::]:8084');
    assert.equal(m.get('SUPER_IPV6_PORT_8084_UDP_ADDR'), '2001:DB8::');
    assert.equal(m.get('SCTP_1_PORT_777_SCTP'), 'sctp://1.2.3.4:777');
    assert.equal(m.get('FOO_BAR_PORT_8080_TCP_PORT'), '8080');
    assert.equal(env.length, 7 + 13 + 12 + 8 + 7);
  });
});
