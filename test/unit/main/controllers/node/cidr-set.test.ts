import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { firstFree, parseClusterCidr, subnetAt, subnetIndex } from '../../../../../main/controllers/node/cidr-set.js';

describe('cluster CIDR subnets', () => {
  test('10.244.0.0/16 gives 256 /24s in order', () => {
    const r = parseClusterCidr('10.244.0.0/16', 24);
    assert.equal(r.count, 256);
    assert.equal(subnetAt(r, 0), '10.244.0.0/24');
    assert.equal(subnetAt(r, 3), '10.244.3.0/24');
    assert.equal(subnetAt(r, 255), '10.244.255.0/24');
    assert.equal(subnetIndex(r, '10.244.3.0/24'), 3);
  });

  test('a CIDR that is not exactly one of the subnets has no index', () => {
    const r = parseClusterCidr('10.244.0.0/16', 24);
    assert.equal(subnetIndex(r, '10.245.0.0/24'), undefined);
    assert.equal(subnetIndex(r, '10.244.3.0/25'), undefined);
    assert.equal(subnetIndex(r, '10.244.3.7/24'), undefined);
    assert.equal(subnetIndex(r, 'fd00::/24'), undefined);
    assert.equal(subnetIndex(r, 'nonsense'), undefined);
  });

  test('host bits in the cluster CIDR are ignored; odd masks work', () => {
    const r = parseClusterCidr('10.244.7.9/22', 26);
    assert.equal(r.count, 16);
    assert.equal(subnetAt(r, 0), '10.244.4.0/26');
    assert.equal(subnetAt(r, 5), '10.244.5.64/26');
  });

  test('IPv6 ranges are cut the same way', () => {
    const r = parseClusterCidr('fd00:10:244::/56', 64);
    assert.equal(r.count, 256);
    assert.equal(subnetAt(r, 0), 'fd00:10:244::/64');
    assert.equal(subnetAt(r, 1), 'fd00:10:244:1::/64');
    assert.equal(subnetIndex(r, 'fd00:10:244:1::/64'), 1);
  });

  test('masks that do not fit are refused with the reason', () => {
    assert.throws(() => parseClusterCidr('10.244.0.0/16', 8), /does not fit/);
    assert.throws(() => parseClusterCidr('10.0.0.0/8', 28), /too large/);
    assert.throws(() => parseClusterCidr('10.244.0.0', 24), /invalid cluster CIDR/);
    assert.throws(() => parseClusterCidr('10.244.0.0/40', 24), /invalid cluster CIDR/);
  });

  test('allocation is round-robin from a starting point, and wraps', () => {
    const r = parseClusterCidr('10.244.0.0/22', 24);
    assert.equal(firstFree(r, new Set([0, 1]), 0), 2);
    assert.equal(firstFree(r, new Set([3]), 3), 0);
    assert.equal(firstFree(r, new Set([0, 1, 2, 3]), 1), undefined);
  });
});
