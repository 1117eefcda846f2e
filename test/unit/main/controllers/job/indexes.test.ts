import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../../../api/types/meta.js';
import { completionIndexOf, firstPendingIndexes, formatIndexes, hasIndex, parseIndexes, totalIndexes, withIndexes } from '../../../../../main/controllers/job/indexes.js';

const pod = (index?: string): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', annotations: index === undefined ? {} : { 'batch.kubernetes.io/job-completion-index': index } } });

describe('completion indexes', () => {
  test('status.completedIndexes format: pairs with a comma, runs of three or more with a hyphen', () => {
    assert.equal(formatIndexes(withIndexes([], [1, 3, 4, 5, 7])), '1,3-5,7');
    assert.equal(formatIndexes(withIndexes([], [0, 1])), '0,1');
    assert.equal(formatIndexes([]), '');
  });

  test('parsing merges adjacent intervals and drops indexes beyond completions', () => {
    assert.deepEqual(parseIndexes('0,1,2-4,9', 5), [{ first: 0, last: 4 }]);
    assert.deepEqual(parseIndexes('1,3-8', 6), [{ first: 1, last: 1 }, { first: 3, last: 5 }]);
    assert.deepEqual(parseIndexes('x,2', 5), [{ first: 2, last: 2 }], 'a corrupt piece is skipped');
    assert.deepEqual(parseIndexes('', 5), []);
  });

  test('adding indexes keeps the list ordered and merged', () => {
    const done = parseIndexes('0,4-5', 10);
    const merged = withIndexes(done, [1, 2, 3, 8]);
    assert.equal(formatIndexes(merged), '0-5,8');
    assert.equal(totalIndexes(merged), 7);
    assert.ok(hasIndex(merged, 3) && !hasIndex(merged, 7));
  });

  test('the next indexes to start skip succeeded and running ones', () => {
    assert.deepEqual(firstPendingIndexes(parseIndexes('0,2', 6), [1, 4], 3, 6), [3, 5]);
    assert.deepEqual(firstPendingIndexes([], [], 2, 5), [0, 1]);
    assert.deepEqual(firstPendingIndexes(parseIndexes('0-4', 5), [], 2, 5), []);
  });

  test('a pod index comes from its annotation and must be a non-negative integer', () => {
    assert.equal(completionIndexOf(pod('3')), 3);
    assert.equal(completionIndexOf(pod('-1')), -1);
    assert.equal(completionIndexOf(pod('two')), -1);
    assert.equal(completionIndexOf(pod()), -1);
  });
});
