import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import type { Status } from '@api/types/meta.js';
import { lineErrors, parseFieldPath } from '../field-lines.js';
import { parseManifests } from '../manifest.js';

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: sidecar
          image: busybox
        - name: Bad_Name
          image: nginx
          ports:
            - containerPort: 99999
`;

// Bodies as the API server sends them (422 with causes; 400 strict decoding without).
const invalid: Status = {
  kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Invalid', code: 422,
  message: 'Deployment.apps "web" is invalid: [...]',
  details: {
    name: 'web', group: 'apps', kind: 'Deployment', causes: [
      { reason: 'FieldValueInvalid', field: 'spec.template.spec.containers[1].name', message: 'Invalid value: "Bad_Name": a lowercase RFC 1123 label must consist of ...' },
      { reason: 'FieldValueInvalid', field: 'spec.template.spec.containers[1].ports[0].containerPort', message: 'Invalid value: 99999: must be between 1 and 65535, inclusive' },
    ],
  },
};

describe('field paths to lines', () => {
  it('parses Kubernetes field paths, including bracketed map keys', () => {
    expect(parseFieldPath('spec.template.spec.containers[1].ports[0].containerPort')).toEqual(['spec', 'template', 'spec', 'containers', 1, 'ports', 0, 'containerPort']);
    expect(parseFieldPath('metadata.labels[app.kubernetes.io/name]')).toEqual(['metadata', 'labels', 'app.kubernetes.io/name']);
    expect(parseFieldPath('.spec.foo')).toEqual(['spec', 'foo']);
  });

  it('puts each StatusCause on the line of its field', () => {
    const [doc] = parseAllDocuments(DEPLOYMENT);
    const errors = lineErrors(DEPLOYMENT, doc, invalid);
    expect(errors.map((e) => e.line)).toEqual([16, 19]);
    expect(errors[0].message).toMatch(/^spec\.template\.spec\.containers\[1\]\.name: Invalid value/);
  });

  it('reads unknown fields from a strict decoding error', () => {
    const text = DEPLOYMENT.replace('  replicas: 2\n', '  replicas: 2\n  replicaz: 3\n');
    const [doc] = parseAllDocuments(text);
    const status: Status = { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'BadRequest', code: 400, message: 'strict decoding error: unknown field "spec.replicaz"' };
    expect(lineErrors(text, doc, status)).toEqual([{ line: 7, message: 'unknown field "spec.replicaz"', field: 'spec.replicaz' }]);
  });

  it('points a missing field at its nearest existing parent', () => {
    const [doc] = parseAllDocuments(DEPLOYMENT);
    const status: Status = { kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 422, message: 'x', details: { causes: [{ field: 'spec.template.spec.containers[0].resources.limits', message: 'Required value' }] } };
    expect(lineErrors(DEPLOYMENT, doc, status)[0].line).toBe(14);
  });

  it('counts lines across documents of one text', () => {
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\n${DEPLOYMENT}`;
    const { manifests, errors } = parseManifests(text, 'default');
    expect(errors).toEqual([]);
    expect(manifests.map((m) => `${m.rt.kind}/${m.namespace}/${m.name}`)).toEqual(['ConfigMap/default/a', 'Deployment/default/web']);
    expect(lineErrors(text, manifests[1].doc, invalid)[0].line).toBe(21);
  });

  it('reports what cannot be sent before sending it', () => {
    const { errors } = parseManifests('apiVersion: v1\nkind: Gadget\nmetadata:\n  name: x\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a: b\n', 'default');
    expect(errors.map((e) => e.line)).toEqual([2, 9]);
    expect(errors[0].message).toMatch(/no Gadget in v1/);
  });
});
