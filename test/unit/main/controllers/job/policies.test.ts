import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { PodFailurePolicy } from 'kubernetes-types/batch/v1.js';
import type { KubeObject } from '../../../../../api/types/meta.js';
import { parseIndexes } from '../../../../../main/controllers/job/indexes.js';
import { matchPodFailurePolicy, matchSuccessPolicy } from '../../../../../main/controllers/job/policies.js';

const failed = (exitCode: number, conditions: { type: string; status: string }[] = []): KubeObject => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name: 'job-abcde', namespace: 'ns' },
  status: { phase: 'Failed', conditions, containerStatuses: [{ name: 'main', state: { terminated: { exitCode } } }] },
});

const policy: PodFailurePolicy = {
  rules: [
    { action: 'FailJob', onExitCodes: { containerName: 'main', operator: 'In', values: [42] } },
    { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] },
    { action: 'Count', onExitCodes: { operator: 'NotIn', values: [1] } },
  ],
};

describe('podFailurePolicy', () => {
  test('FailJob on an exit code, with upstream message', () => {
    assert.deepEqual(matchPodFailurePolicy(policy, failed(42)), {
      failJobMessage: 'Container main for pod ns/job-abcde failed with exit code 42 matching FailJob rule at index 0', countFailed: true, action: 'FailJob',
    });
  });

  test('Ignore on a pod condition does not count the failure', () => {
    assert.deepEqual(matchPodFailurePolicy(policy, failed(1, [{ type: 'DisruptionTarget', status: 'True' }])), { countFailed: false, action: 'Ignore' });
  });

  test('NotIn, no match, and no policy', () => {
    assert.equal(matchPodFailurePolicy(policy, failed(3)).action, 'Count');
    assert.deepEqual(matchPodFailurePolicy(policy, failed(1)), { countFailed: true });
    assert.deepEqual(matchPodFailurePolicy(undefined, failed(42)), { countFailed: true });
  });
});

describe('successPolicy', () => {
  test('succeededIndexes must all succeed, or succeededCount of them', () => {
    const done = parseIndexes('0,2-4', 10);
    assert.equal(matchSuccessPolicy({ rules: [{ succeededIndexes: '0-2' }] }, 10, done), undefined);
    assert.equal(matchSuccessPolicy({ rules: [{ succeededIndexes: '0-2', succeededCount: 2 }] }, 10, done), 'Matched rules at index 0');
    assert.equal(matchSuccessPolicy({ rules: [{ succeededIndexes: '5' }, { succeededCount: 4 }] }, 10, done), 'Matched rules at index 1');
    assert.equal(matchSuccessPolicy({ rules: [{ succeededCount: 1 }] }, 10, []), undefined);
  });
});
