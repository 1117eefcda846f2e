// Pod CIDRs for nodes: each of 50 nodes gets its own /24 of 10.244.0.0/16, kept across a control-plane
// restart (new nodes then get subnets nobody has); in a range too small for every node, the node left
// over is told so (CIDRNotAvailable) and gets the subnet a deleted node gives back.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { findResource } from '../../../api/resources/registry.js';
import type { KubeObject } from '../../../api/types/meta.js';
import { InProcessTransport } from '../../../main/controllers/inprocess-transport.js';
import { nodeIpamController } from '../../../main/controllers/node/node-ipam-controller.js';
import { startTestCluster } from '../../helpers/cluster.js';
import { tempDir } from '../../helpers/tmp.js';
import { waitFor } from '../../helpers/wait.js';

const NODES = findResource('', 'v1', 'nodes')!;

/** Nodes as a multi-document manifest (kubectl creates each document in turn). */
const nodeList = (names: string[]): string =>
  names.map((name) => `---\n${JSON.stringify({ apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'kubernetes.io/hostname': name } } })}\n`).join('');
const cidrsOf = (n: KubeObject): { podCIDR?: string; podCIDRs?: string[] } => (n.spec ?? {}) as { podCIDR?: string; podCIDRs?: string[] };
const range = (from: number, to: number, prefix: string): string[] => Array.from({ length: to - from }, (_, i) => `${prefix}-${from + i}`);

describe('node IPAM', () => {
  test('50 nodes get distinct /24s of the cluster CIDR, kept across a restart, and later nodes never collide', async () => {
    const dir = tempDir('skiff-ipam-');
    try {
      const first = await startTestCluster({ dataDir: dir.path, controllers: [nodeIpamController], controllerConfig: { clusterCidr: '10.244.0.0/16' } });
      let before: Map<string, string>;
      try {
      const t1 = new InProcessTransport(first.cp.registry, 'test');
      const created = await first.kubectl(['create', '-f', '-'], { input: nodeList(range(0, 50, 'node')) });
      assert.equal(created.code, 0, created.stderr);
      const all = await waitFor('50 nodes with pod CIDRs', async () => {
        const items = (await t1.list(NODES, undefined)).items;
        return items.length === 50 && items.every((n) => cidrsOf(n).podCIDR) ? items : undefined;
      });
      before = new Map(all.map((n) => [n.metadata.name!, cidrsOf(n).podCIDR!]));
      for (const n of all) {
        const { podCIDR, podCIDRs } = cidrsOf(n);
        assert.match(podCIDR!, /^10\.244\.(\d+)\.0\/24$/);
        assert.deepEqual(podCIDRs, [podCIDR]);
      }
      assert.equal(new Set(before.values()).size, 50);
      assert.equal(await first.k('get', 'node', 'node-0', '-o', 'jsonpath={.spec.podCIDR}'), '10.244.0.0/24');
      } finally {
        await first.stop();
      }

      const second = await startTestCluster({ dataDir: dir.path, controllers: [nodeIpamController], controllerConfig: { clusterCidr: '10.244.0.0/16' } });
      try {
        const t2 = new InProcessTransport(second.cp.registry, 'test');
        await second.kubectl(['create', '-f', '-'], { input: nodeList(range(50, 55, 'node')) });
        const after = await waitFor('55 nodes with pod CIDRs', async () => {
          const items = (await t2.list(NODES, undefined)).items;
          return items.length === 55 && items.every((n) => cidrsOf(n).podCIDR) ? items : undefined;
        });
        for (const n of after) if (before.has(n.metadata.name!)) assert.equal(cidrsOf(n).podCIDR, before.get(n.metadata.name!));
        assert.equal(new Set(after.map((n) => cidrsOf(n).podCIDR)).size, 55);
      } finally {
        await second.stop();
      }
    } finally {
      dir.remove();
    }
  });

  test('when the range runs out, the node left over waits (CIDRNotAvailable) and gets the subnet a deleted node frees', async () => {
    // 10.244.0.0/22 cut into /24s: four subnets.
    const c = await startTestCluster({ controllers: [nodeIpamController], controllerConfig: { clusterCidr: '10.244.0.0/22', nodeCidrMaskSize: 24 } });
    try {
      const t = new InProcessTransport(c.cp.registry, 'test');
      await c.kubectl(['create', '-f', '-'], { input: nodeList(range(0, 4, 'small')) });
      await waitFor('four nodes with CIDRs', async () => (await t.list(NODES, undefined)).items.filter((n) => cidrsOf(n).podCIDR).length === 4);
      await c.kubectl(['create', '-f', '-'], { input: nodeList(['late']) });
      const events = await waitFor('CIDRNotAvailable', async () => {
        const list = JSON.parse(await c.k('get', 'events', '--field-selector', 'involvedObject.name=late,reason=CIDRNotAvailable', '-o', 'json')) as { items: { message: string; source: { component: string } }[] };
        return list.items.length > 0 ? list.items : undefined;
      });
      assert.equal(events[0].message, 'Node late status is now: CIDRNotAvailable');
      assert.equal(events[0].source.component, 'cidrAllocator');
      assert.equal(cidrsOf(await t.get(NODES, undefined, 'late')).podCIDR, undefined);

      const freed = cidrsOf(await t.get(NODES, undefined, 'small-2')).podCIDR;
      await c.k('delete', 'node', 'small-2');
      await waitFor('late gets the freed subnet', async () => cidrsOf(await t.get(NODES, undefined, 'late')).podCIDR === freed);
    } finally {
      await c.stop();
    }
  });
});
