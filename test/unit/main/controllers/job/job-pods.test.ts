import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../../../api/types/meta.js';
import { compareForDeletion, isPodFailed } from '../../../../../main/controllers/job/job-pods.js';
import { podsForRemoval } from '../../../../../main/controllers/job/manage-job.js';
import type { JobObject } from '../../../../../main/controllers/job/job-types.js';

interface P { name: string; node?: string; phase?: string; ready?: boolean; created?: string; index?: number; restarts?: number }
const pod = (p: P): KubeObject => ({
  apiVersion: 'v1', kind: 'Pod',
  metadata: { name: p.name, creationTimestamp: p.created ?? '2025-01-01T00:00:00Z', annotations: p.index === undefined ? {} : { 'batch.kubernetes.io/job-completion-index': String(p.index) } },
  spec: { nodeName: p.node, containers: [] },
  status: { phase: p.phase, conditions: [{ type: 'Ready', status: p.ready ? 'True' : 'False' }], containerStatuses: [{ name: 'c', restartCount: p.restarts ?? 0 }] },
});
const job = (spec: Partial<JobObject['spec']> = {}): JobObject => ({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, spec: { template: {}, ...spec } });
const names = (pods: KubeObject[]): string[] => pods.map((p) => p.metadata.name!);

describe('choosing pods to delete', () => {
  test('unscheduled, then pending, then not ready, then newer pods go first', () => {
    const pods = [
      pod({ name: 'ready-old', node: 'n', phase: 'Running', ready: true, created: '2025-01-01T00:00:00Z' }),
      pod({ name: 'unscheduled', phase: 'Pending' }),
      pod({ name: 'running-not-ready', node: 'n', phase: 'Running' }),
      pod({ name: 'pending', node: 'n', phase: 'Pending' }),
      pod({ name: 'ready-new', node: 'n', phase: 'Running', ready: true, created: '2025-01-02T00:00:00Z' }),
    ];
    assert.deepEqual(names([...pods].sort(compareForDeletion)), ['unscheduled', 'pending', 'running-not-ready', 'ready-new', 'ready-old']);
  });

  test('Indexed: duplicated and out-of-range indexes go before any scale-down', () => {
    const pods = [
      pod({ name: 'i0', node: 'n', phase: 'Running', ready: true, index: 0 }),
      pod({ name: 'i0-dup', node: 'n', phase: 'Pending', index: 0 }),
      pod({ name: 'i7', node: 'n', phase: 'Running', index: 7 }),
      pod({ name: 'none', node: 'n', phase: 'Running' }),
      pod({ name: 'i1', node: 'n', phase: 'Running', index: 1 }),
    ];
    const removed = names(podsForRemoval(job({ completionMode: 'Indexed', completions: 3 }), pods, 0));
    assert.deepEqual(removed.sort(), ['i0-dup', 'i7', 'none']);
    assert.deepEqual(names(podsForRemoval(job({ completionMode: 'Indexed', completions: 3 }), pods, 4)).sort(), ['i0-dup', 'i1', 'i7', 'none']);
  });

  test('a deleted pod counts as failed unless only failed pods are replaced', () => {
    const deleted = { ...pod({ name: 'd', node: 'n', phase: 'Running' }), metadata: { name: 'd', deletionTimestamp: '2025-01-01T00:00:00Z' } };
    assert.equal(isPodFailed(deleted, job()), true);
    assert.equal(isPodFailed(deleted, job({ podReplacementPolicy: 'Failed' })), false);
    assert.equal(isPodFailed(pod({ name: 'f', phase: 'Failed' }), job({ podReplacementPolicy: 'Failed' })), true);
  });
});
