// The envelope, and what malformed bodies do: every failure is a 400 Status, never a crash or a hang.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeKubernetesProtobuf, decodeProtobufBody } from '../../../../../api/codec/protobuf/index.js';
import { readEnvelope } from '../../../../../api/codec/protobuf/envelope.js';
import { BadRequestError, StatusError } from '../../../../../api/errors/status-error.js';
import { cat, envelope, pb } from './pb-writer.js';
import { fixtureBody } from './fixture-files.js';

const MAGIC = pb.raw(0x6b, 0x38, 0x73, 0x00);

test('the envelope names the type; its raw bytes are the object', () => {
  const env = readEnvelope(fixtureBody('secret-generic-literal'));
  assert.equal(env.apiVersion, 'v1');
  assert.equal(env.kind, 'Secret');
  assert.ok(env.raw.length > 0);
});

test('bodies that are not Kubernetes protobuf are refused with a message saying why', () => {
  const cases: [Uint8Array, RegExp][] = [
    [new Uint8Array(0), /does not start with the Kubernetes protobuf prefix/],
    [new TextEncoder().encode('{"kind":"Secret"}'), /does not start with the Kubernetes protobuf prefix/],
    [MAGIC, /does not name the apiVersion and kind/],
    [cat(MAGIC, pb.msg(1, pb.str(2, 'Secret'))), /does not name the apiVersion and kind/],
    [cat(MAGIC, pb.msg(1, pb.str(1, 'v1'), pb.str(2, 'Secret')), pb.str(3, 'gzip')), /content encoding "gzip" is not supported/],
    [cat(MAGIC, pb.varint(1, 1)), /envelope field 1 has wire type 0/],
  ];
  for (const [body, message] of cases) {
    assert.throws(() => decodeKubernetesProtobuf(body), (err: unknown) => err instanceof BadRequestError && message.test(err.message));
  }
});

test('an object with no metadata on the wire still gets metadata: {}', () => {
  assert.deepStrictEqual(decodeKubernetesProtobuf(envelope('v1', 'Namespace', new Uint8Array(0))), { apiVersion: 'v1', kind: 'Namespace', metadata: {} });
});

/** Decoding either succeeds or throws a StatusError; anything else (TypeError, RangeError, a hang) is a bug. */
function decodesOrRefuses(body: Uint8Array): boolean {
  try {
    decodeProtobufBody(body);
    return true;
  } catch (err) {
    if (!(err instanceof StatusError)) throw err;
    assert.equal(err.code, 400, err.message);
    return false;
  }
}

test('every truncation of a real Job body fails cleanly (envelope cut, and object cut inside a valid envelope)', () => {
  const body = fixtureBody('job-from-cronjob');
  const { raw } = readEnvelope(body);
  let refused = 0;
  for (let n = 0; n < body.length; n++) if (!decodesOrRefuses(body.subarray(0, n))) refused++;
  for (let n = 0; n < raw.length; n++) if (!decodesOrRefuses(envelope('batch/v1', 'Job', raw.subarray(0, n)))) refused++;
  // Cuts that land between fields are valid shorter messages; all the others must be refused.
  assert.ok(refused > body.length + raw.length * 0.9, `only ${refused} truncations refused`);
});

test('corrupted bytes inside a real object decode or fail cleanly (deterministic fuzz)', () => {
  const { raw } = readEnvelope(fixtureBody('job-from-cronjob'));
  let seed = 0x5eed;
  const rand = () => { seed = (seed * 1103515245 + 12345) >>> 0; return seed; };
  for (let round = 0; round < 3000; round++) {
    const mutated = Uint8Array.from(raw);
    for (let k = 1 + (rand() % 4); k > 0; k--) mutated[rand() % mutated.length] = rand() & 0xff;
    decodesOrRefuses(envelope('batch/v1', 'Job', mutated));
  }
  for (let round = 0; round < 1000; round++) {
    const garbage = Uint8Array.from({ length: rand() % 64 }, () => rand() & 0xff);
    decodesOrRefuses(cat(MAGIC, garbage));
    decodesOrRefuses(envelope('v1', 'Pod', garbage));
  }
});

test('a huge declared length is refused without allocating it', () => {
  const body = cat(MAGIC, pb.raw(0x12, 0xff, 0xff, 0xff, 0xff, 0x0f));
  assert.throws(() => decodeKubernetesProtobuf(body), /runs past the end/);
});
