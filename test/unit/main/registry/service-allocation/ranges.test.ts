import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ipOffset, parsePortRange, parseServiceCidr, staticBand } from '../../../../../main/registry/service-allocation/ranges.js';
import { RangeAllocator } from '../../../../../main/registry/service-allocation/range-allocator.js';

describe('service ranges', () => {
  test('10.96.0.0/12 allocates 10.96.0.1 to 10.111.255.254 and keeps the first 256 for static requests', () => {
    const r = parseServiceCidr('10.96.0.0/12');
    assert.equal(r.size, 2 ** 20 - 2);
    assert.equal(ipOffset(r, '10.96.0.1'), 0);
    assert.equal(ipOffset(r, '10.111.255.254'), r.size - 1);
    assert.equal(ipOffset(r, '10.96.0.0'), undefined, 'network address');
    assert.equal(ipOffset(r, '10.111.255.255'), undefined, 'broadcast address');
    assert.equal(ipOffset(r, '10.112.0.1'), undefined);
    assert.equal(staticBand(r.size, 'ip'), 256);
  });

  test('a CIDR written with host bits is normalised, and non-IPv4 CIDRs are refused', () => {
    assert.equal(parseServiceCidr('10.100.3.4/16').cidr, '10.100.0.0/16');
    assert.equal(staticBand(parseServiceCidr('10.0.0.0/28').size, 'ip'), 0);
    assert.throws(() => parseServiceCidr('fd00::/108'), /not an IPv4 CIDR/);
    assert.throws(() => parseServiceCidr('10.96.0.0/31'), /not an IPv4 CIDR/);
  });

  test('30000-32767 keeps 86 ports for static requests, as upstream', () => {
    const p = parsePortRange([30000, 32767]);
    assert.equal(p.size, 2768);
    assert.equal(p.text, '30000-32767');
    assert.equal(staticBand(p.size, 'port'), 86);
    assert.throws(() => parsePortRange([32767, 30000]));
  });
});

describe('RangeAllocator', () => {
  test('dynamic values come from the upper band until it is full, then from the lower band', () => {
    const a = new RangeAllocator(10, 4, new Set([0]));
    const got = Array.from({ length: 6 }, () => a.allocateNext('x')!);
    assert.deepEqual([...got].sort((x, y) => x - y), [4, 5, 6, 7, 8, 9]);
    const lower = [a.allocateNext('x'), a.allocateNext('x'), a.allocateNext('x')].sort();
    assert.deepEqual(lower, [1, 2, 3], 'offset 0 is never handed out dynamically');
    assert.equal(a.allocateNext('x'), undefined);
    assert.equal(a.allocate(0, 'kubernetes'), true, 'but it can be requested');
  });

  test('a value is held once, and only its holder releases it', () => {
    const a = new RangeAllocator(100, 10);
    assert.equal(a.allocate(42, 'svc-a'), true);
    assert.equal(a.allocate(42, 'svc-b'), false);
    a.release(42, 'svc-b');
    assert.equal(a.ownerOf(42), 'svc-a');
    a.release(42, 'svc-a');
    assert.equal(a.allocate(42, 'svc-b'), true);
    assert.equal(a.allocate(100, 'svc-b'), false, 'outside the range');
  });
});
