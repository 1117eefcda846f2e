// The bodies kubectl 1.32 really sends (captured from a loopback server, see fixtures/cases.json) decode
// to the same objects kubectl prints with --dry-run=client -o json, i.e. what a JSON client would send.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  decodeKubernetesProtobuf, decodeProtobufBody, isProtobufKindSupported, hasProtobufMagic, UnsupportedProtobufKindError,
} from '../../../../../api/codec/protobuf/index.js';
import { BadRequestError, toStatus } from '../../../../../api/errors/status-error.js';
import { fixtureCases, fixtureBody, fixtureJson } from './fixture-files.js';

const cases = Object.entries(fixtureCases());

test('fixtures cover the typed-client create commands', () => {
  const commands = cases.map(([, c]) => c.command).join('\n');
  for (const cmd of ['create secret generic', 'create secret tls', 'create secret docker-registry', 'create configmap',
    'create namespace', 'create serviceaccount', 'create service clusterip', 'create service nodeport',
    'create service loadbalancer', 'create service externalname', 'create deployment', 'create job', '--from=cronjob/',
    'create cronjob', 'debug node/', 'drain']) {
    assert.ok(commands.includes(cmd), `no fixture for "kubectl ${cmd}"`);
  }
});

for (const [name, c] of cases) {
  if (c.json === undefined) continue;
  test(`${c.command} decodes like its JSON (${name})`, () => {
    const body = fixtureBody(name);
    assert.ok(hasProtobufMagic(body));
    const want = fixtureJson(name);
    const got = decodeProtobufBody(body);
    assert.deepStrictEqual(got, want);
    if (got.kind !== 'DeleteOptions') assert.deepStrictEqual(decodeKubernetesProtobuf(body), want);
  });
}

test('binary files in a configmap land in binaryData, text in data', () => {
  const cm = decodeKubernetesProtobuf(fixtureBody('configmap-file-binary'));
  assert.deepStrictEqual(cm.data, { 'config.txt': 'line one\nline two\n' });
  assert.deepStrictEqual(cm.binaryData, { blob: 'AAH+/2JpbmFyeYA=' });
});

test('zero values the user set survive (pointer fields): replicas 0, backoffLimit 0, runAsUser 0, gracePeriodSeconds 0', () => {
  const dep = decodeKubernetesProtobuf(fixtureBody('deployment-zero-replicas'));
  assert.equal((dep.spec as { replicas?: number }).replicas, 0);
  const job = decodeKubernetesProtobuf(fixtureBody('job-from-cronjob')) as unknown as {
    spec: { backoffLimit: number; template: { spec: { containers: { securityContext: { runAsUser: number; privileged: boolean } }[] } } };
  };
  assert.equal(job.spec.backoffLimit, 0);
  assert.equal(job.spec.template.spec.containers[0].securityContext.runAsUser, 0);
  assert.equal(job.spec.template.spec.containers[0].securityContext.privileged, false);
  assert.deepStrictEqual(decodeProtobufBody(fixtureBody('delete-options-grace-zero')), { apiVersion: 'v1', kind: 'DeleteOptions', gracePeriodSeconds: 0 });
});

test('a kind without tables (create quota) is refused with 415 naming the kind', () => {
  const body = fixtureBody('quota-unsupported');
  assert.throws(() => decodeKubernetesProtobuf(body), (err: unknown) => {
    assert.ok(err instanceof UnsupportedProtobufKindError);
    const status = toStatus(err);
    assert.equal(status.code, 415);
    assert.equal(status.reason, 'UnsupportedMediaType');
    assert.match(status.message ?? '', /ResourceQuota \(v1\)/);
    return true;
  });
});

test('isProtobufKindSupported knows the served kinds by apiVersion', () => {
  assert.equal(isProtobufKindSupported('v1', 'Secret'), true);
  assert.equal(isProtobufKindSupported('apps/v1', 'Deployment'), true);
  assert.equal(isProtobufKindSupported('batch/v1', 'CronJob'), true);
  assert.equal(isProtobufKindSupported('coordination.k8s.io/v1', 'Lease'), true);
  assert.equal(isProtobufKindSupported('events.k8s.io/v1', 'Event'), true);
  assert.equal(isProtobufKindSupported('apps/v1', 'DeleteOptions'), true);
  assert.equal(isProtobufKindSupported('v1', 'Deployment'), false);
  assert.equal(isProtobufKindSupported('v1', 'ResourceQuota'), false);
  assert.equal(isProtobufKindSupported('v1', 'toString'), false);
});

test('DeleteOptions is not an object body', () => {
  assert.throws(() => decodeKubernetesProtobuf(fixtureBody('delete-options-drain')), BadRequestError);
});
