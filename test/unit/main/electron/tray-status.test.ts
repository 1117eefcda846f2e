import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../../api/types/meta.js';
import { nodeReadiness, summaryTone, trayMenuItems, trayTooltip, type ClusterSummary } from '../../../../main/electron/tray-status.js';

const node = (name: string, ready: 'True' | 'False' | 'Unknown' | undefined): KubeObject => ({
  apiVersion: 'v1', kind: 'Node', metadata: { name },
  status: ready === undefined ? {} : { conditions: [{ type: 'MemoryPressure', status: 'False' }, { type: 'Ready', status: ready }] },
});

const base: ClusterSummary = { apiUrl: 'https://127.0.0.1:6443', nodesReady: 2, nodesTotal: 2, agent: { state: 'running', nodeName: 'laptop' } };

describe('tray status', () => {
  test('nodes count as ready only with Ready=True', () => {
    assert.deepEqual(nodeReadiness([node('a', 'True'), node('b', 'False'), node('c', 'Unknown'), node('d', undefined)]), { ready: 1, total: 4 });
  });

  test('the icon is ok with every node ready and the agent running, else warn; error when nothing can run pods', () => {
    assert.equal(summaryTone(base), 'ok');
    assert.equal(summaryTone({ ...base, nodesReady: 1 }), 'warn');
    assert.equal(summaryTone({ ...base, agent: { state: 'restarting', nodeName: 'laptop' } }), 'warn');
    // A paired device runs pods while the local agent cannot start.
    assert.equal(summaryTone({ ...base, nodesReady: 1, nodesTotal: 1, agent: { state: 'not-started', nodeName: 'laptop' } }), 'warn');
    assert.equal(summaryTone({ ...base, nodesReady: 0, nodesTotal: 0, agent: { state: 'not-started', nodeName: 'laptop' } }), 'error');
    assert.equal(summaryTone({ ...base, agent: undefined }), 'ok', '--no-agent with ready devices');
  });

  test('the tooltip and the menu say how many nodes are ready and why the agent is not running', () => {
    const s: ClusterSummary = { ...base, nodesReady: 0, nodesTotal: 0, agent: { state: 'not-started', nodeName: 'laptop' } };
    assert.equal(trayTooltip(s), 'Skiff — No nodes yet\nLocal agent: not running (needs root)\nAPI https://127.0.0.1:6443');
    const items = trayMenuItems({ ...base, nodesReady: 1, nodesTotal: 3 });
    assert.deepEqual(items.slice(0, 2), [
      { label: 'Skiff — 1 of 3 nodes ready', enabled: false },
      { label: 'Local agent: running (laptop)', enabled: false },
    ]);
    const actions = items.flatMap((i) => ('action' in i && i.action ? [i.action] : []));
    assert.deepEqual(actions, ['open', 'pair', 'copy-kubeconfig', 'open-data-dir', 'quit']);
  });
});
