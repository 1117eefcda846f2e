import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WireReader } from '../../../../../api/codec/protobuf/wire-reader.js';
import { BadRequestError } from '../../../../../api/errors/status-error.js';
import { cat, pb, varintBytes } from './pb-writer.js';

test('int32 reads negative values, which Go sign-extends to ten bytes', () => {
  const bytes = varintBytes(-5);
  assert.equal(bytes.length, 10);
  assert.equal(new WireReader(bytes).int32(), -5);
  assert.equal(new WireReader(varintBytes(2147483647)).int32(), 2147483647);
});

test('int64 reads values up to 2^53 and refuses larger ones instead of rounding them', () => {
  assert.equal(new WireReader(varintBytes(-62135596800)).int64(), -62135596800);
  assert.equal(new WireReader(varintBytes(Number.MAX_SAFE_INTEGER)).int64(), Number.MAX_SAFE_INTEGER);
  assert.throws(() => new WireReader(varintBytes(2n ** 60n)).int64(), BadRequestError);
});

test('a varint longer than ten bytes is malformed', () => {
  assert.throws(() => new WireReader(new Uint8Array(11).fill(0x80)).varint64(), /longer than 10 bytes/);
});

test('a length that runs past the end is refused before any slicing', () => {
  const r = new WireReader(cat(varintBytes(0xffffffff), pb.raw(1, 2, 3)));
  assert.throws(() => r.bytes(), /runs past the end/);
});

test('a length-delimited field nested in a shorter view cannot read past the view', () => {
  const buf = cat(pb.raw(3, 1, 2, 3), pb.raw(9, 9, 9));
  const r = new WireReader(buf, 0, 2); // view of [len=3, 1]
  assert.throws(() => r.bytes(), BadRequestError);
});

test('skip handles every wire type Kubernetes can send and refuses groups', () => {
  const r = new WireReader(cat(pb.varint(1, 300), pb.fixed64(2), pb.str(3, 'x'), pb.fixed32(4)));
  for (const expected of [0, 1, 2, 5]) {
    const { wireType } = r.key();
    assert.equal(wireType, expected);
    r.skip(wireType);
  }
  assert.equal(r.done, true);
  assert.throws(() => new WireReader(pb.raw(0x0b)).skip(3), /wire type 3/);
});

test('field number 0 is malformed', () => {
  assert.throws(() => new WireReader(pb.raw(0x02, 0x00)).key(), /invalid field number 0/);
});

test('truncated fixed-width values fail cleanly', () => {
  assert.throws(() => new WireReader(pb.raw(1, 2, 3)).fixed32(), /truncated fixed32/);
  assert.throws(() => new WireReader(pb.raw(1, 2, 3, 4, 5, 6, 7)).fixed64(), /truncated fixed64/);
});
