import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../../api/types/meta.js';
import { DAY, HOUR, MIN, ago, cells, columns } from './fixtures.js';

function svc(name: string, spec: Record<string, unknown>, status: Record<string, unknown> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default', creationTimestamp: ago(2 * DAY + 3 * HOUR) }, spec, status };
}

test('services print type, cluster IP, external IP and ports as kubectl shows them', () => {
  assert.deepEqual(columns('', 'services'), [['Name', 0], ['Type', 0], ['Cluster-IP', 0], ['External-IP', 0], ['Port(s)', 0], ['Age', 0], ['Selector', 1]]);
  const cases: [string, KubeObject, (string | number)[]][] = [
    ['cluster IP', svc('web', { type: 'ClusterIP', clusterIP: '10.96.12.34', clusterIPs: ['10.96.12.34'], ports: [{ port: 80, protocol: 'TCP', targetPort: 8080 }], selector: { app: 'web' } }),
      ['web', 'ClusterIP', '10.96.12.34', '<none>', '80/TCP', '2d3h', 'app=web']],
    ['node port', svc('web-np', {
      type: 'NodePort', clusterIP: '10.96.0.77', clusterIPs: ['10.96.0.77'], selector: { app: 'web', tier: 'fe' },
      ports: [{ name: 'http', port: 80, nodePort: 30001, protocol: 'TCP' }, { name: 'dns', port: 53, nodePort: 30053, protocol: 'UDP' }],
    }), ['web-np', 'NodePort', '10.96.0.77', '<none>', '80:30001/TCP,53:30053/UDP', '2d3h', 'app=web,tier=fe']],
    ['load balancer still pending', svc('lb', { type: 'LoadBalancer', clusterIP: '10.96.0.9', ports: [{ port: 443, nodePort: 31443, protocol: 'TCP' }] }),
      ['lb', 'LoadBalancer', '10.96.0.9', '<pending>', '443:31443/TCP', '2d3h', '<none>']],
    ['load balancer with addresses and external IPs', svc('lb2',
      { type: 'LoadBalancer', clusterIP: '10.96.0.10', externalIPs: ['198.51.100.7'], ports: [{ port: 80, nodePort: 30080, protocol: 'TCP' }] },
      { loadBalancer: { ingress: [{ ip: '203.0.113.9' }, { hostname: 'lb.example.com' }, { ip: '203.0.113.9' }] } }),
      ['lb2', 'LoadBalancer', '10.96.0.10', '203.0.113.9,lb.example.com,198.51.100.7', '80:30080/TCP', '2d3h', '<none>']],
    ['headless', svc('db', { type: 'ClusterIP', clusterIP: 'None', clusterIPs: ['None'], ports: [{ port: 5432, protocol: 'TCP' }], selector: { app: 'db' } }),
      ['db', 'ClusterIP', 'None', '<none>', '5432/TCP', '2d3h', 'app=db']],
    ['external name', svc('ext', { type: 'ExternalName', externalName: 'db.example.com' }),
      ['ext', 'ExternalName', '<none>', 'db.example.com', '<none>', '2d3h', '<none>']],
    ['external IPs on a cluster IP service', svc('pub', { type: 'ClusterIP', clusterIP: '10.96.0.11', externalIPs: ['192.168.1.50', '192.168.1.51'], ports: [{ port: 8080 }] }),
      ['pub', 'ClusterIP', '10.96.0.11', '192.168.1.50,192.168.1.51', '8080/TCP', '2d3h', '<none>']],
  ];
  for (const [what, o, expected] of cases) assert.deepEqual(cells('', 'services', o), expected, what);
});

function endpoints(subsets: unknown[] | undefined): KubeObject {
  return { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'web', namespace: 'default', creationTimestamp: ago(5 * MIN) }, subsets };
}

test('endpoints list at most three addresses, then how many more', () => {
  const ports = [{ name: 'http', port: 80, protocol: 'TCP' }];
  const cases: [string, KubeObject, string][] = [
    ['none yet', endpoints(undefined), '<none>'],
    ['two ready', endpoints([{ addresses: [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }], ports }]), '10.0.0.1:80,10.0.0.2:80'],
    ['four across subsets', endpoints([
      { addresses: [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }], ports },
      { addresses: [{ ip: '10.0.0.3' }, { ip: '10.0.0.4' }], ports },
    ]), '10.0.0.1:80,10.0.0.2:80,10.0.0.3:80 + 1 more...'],
    ['two ports each', endpoints([{ addresses: [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }], ports: [{ port: 80 }, { port: 443 }] }]), '10.0.0.1:80,10.0.0.2:80,10.0.0.1:443 + 1 more...'],
    ['headless without ports', endpoints([{ addresses: [{ ip: '10.0.0.9' }] }]), '10.0.0.9'],
    ['IPv6', endpoints([{ addresses: [{ ip: 'fd00::1' }], ports: [{ port: 8080 }] }]), '[fd00::1]:8080'],
    ['only not-ready addresses', endpoints([{ notReadyAddresses: [{ ip: '10.0.0.5' }], ports }]), ''],
  ];
  for (const [what, o, text] of cases) assert.deepEqual(cells('', 'endpoints', o), ['web', text, '5m'], what);
});

test('endpoint slices show address type, ports and addresses', () => {
  assert.deepEqual(columns('discovery.k8s.io', 'endpointslices').map(([n]) => n), ['Name', 'AddressType', 'Ports', 'Endpoints', 'Age']);
  const slice = (ports: unknown[], eps: unknown[]): KubeObject => ({
    apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', addressType: 'IPv4', ports, endpoints: eps,
    metadata: { name: 'web-x7k2p', namespace: 'default', creationTimestamp: ago(90) },
  });
  assert.deepEqual(cells('discovery.k8s.io', 'endpointslices', slice(
    [{ name: 'http', port: 80, protocol: 'TCP' }, { name: 'metrics', protocol: 'TCP' }, { protocol: 'TCP' }, { port: 9000 }],
    [{ addresses: ['10.244.0.5'] }, { addresses: ['10.244.1.7', '10.244.1.8'] }, { addresses: ['10.244.2.2'] }],
  )), ['web-x7k2p', 'IPv4', '80,metrics,* + 1 more...', '10.244.0.5,10.244.1.7,10.244.1.8 + 1 more...', '90s']);
  assert.deepEqual(cells('discovery.k8s.io', 'endpointslices', slice([], [])), ['web-x7k2p', 'IPv4', '<unset>', '<unset>', '90s']);
});
