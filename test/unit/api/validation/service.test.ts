import { test } from 'node:test';
import assert from 'node:assert/strict';
import { manifest, create, update, stored, clone } from './fixture.js';

const svc = (spec: string, name = 'web'): string => `
apiVersion: v1
kind: Service
metadata: {name: ${name}}
spec: ${spec}
`;
const errorsOf = (spec: string, name?: string): string[] => create(manifest(svc(spec, name)));

test('Service names are DNS-1035 labels', () => {
  assert.deepEqual(errorsOf('{ports: [{port: 80}]}', '1web'), [
    "metadata.name: Invalid value: \"1web\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic " +
      "character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
  ]);
});

test('ports are required unless headless or ExternalName, and need names when there are several', () => {
  assert.deepEqual(errorsOf('{selector: {app: web}}'), ['spec.ports: Required value']);
  assert.deepEqual(errorsOf('{clusterIP: None, selector: {app: web}}'), []);
  assert.deepEqual(errorsOf('{ports: [{port: 80}, {port: 443}]}'), ['spec.ports[0].name: Required value', 'spec.ports[1].name: Required value']);
  assert.deepEqual(errorsOf('{ports: [{name: http, port: 80}, {name: http, port: 0, targetPort: web_port}]}'), [
    'spec.ports[1].name: Duplicate value: "http"',
    'spec.ports[1].port: Invalid value: 0: must be between 1 and 65535, inclusive',
    'spec.ports[1].targetPort: Invalid value: "web_port": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
  ]);
});

test('nodePort is forbidden on ClusterIP services; type and sessionAffinity take upstream values', () => {
  assert.deepEqual(errorsOf('{ports: [{port: 80, nodePort: 30001}]}'), ["spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"]);
  assert.deepEqual(errorsOf('{type: Public, sessionAffinity: Sticky, ports: [{port: 80}]}'), [
    'spec.sessionAffinity: Unsupported value: "Sticky": supported values: "ClientIP", "None"',
    'spec.type: Unsupported value: "Public": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
  ]);
  assert.deepEqual(errorsOf('{type: NodePort, ports: [{port: 80, nodePort: 30001}, {port: 80, nodePort: 30001, name: b}]}'), [
    'spec.ports[0].name: Required value',
    'spec.ports[1].nodePort: Duplicate value: 30001',
    'spec.ports[1]: Duplicate value: core.ServicePort{Name:"", Protocol:"TCP", AppProtocol:(*string)(nil), Port:80, ' +
      'TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}',
  ]);
});

test('clusterIP must be None or an IP; ExternalName needs externalName', () => {
  assert.deepEqual(errorsOf('{clusterIP: 10.96.0.300, ports: [{port: 80}]}'),
    ['spec.clusterIPs[0]: Invalid value: "10.96.0.300": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)']);
  assert.deepEqual(errorsOf('{type: ExternalName}'), ['spec.externalName: Required value']);
  assert.deepEqual(errorsOf('{type: ExternalName, externalName: db.example.com.}'), []);
});

test('clusterIPs may not change once allocated', () => {
  const created = manifest(svc('{clusterIP: 10.96.0.10, ports: [{port: 80}]}'));
  const old = stored(created);
  const next = clone(old) as unknown as { spec: { clusterIP: string; clusterIPs: string[] } };
  next.spec.clusterIP = '10.96.0.11';
  next.spec.clusterIPs = ['10.96.0.11'];
  assert.deepEqual(update(next as never, old), ['spec.clusterIPs[0]: Invalid value: []string{"10.96.0.11"}: may not change once set']);
});
