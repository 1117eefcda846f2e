// nodeipam's range allocator: every Node gets spec.podCIDR/podCIDRs, a subnet of the cluster CIDR no
// other node has. Which subnets are taken is read from the Nodes themselves (plus assignments written
// but not yet seen in the cache), so a restart rebuilds the same picture and a deleted Node frees its
// subnet. Events come from "cidrAllocator" as upstream's: CIDRNotAvailable, CIDRAssignmentFailed.
import { StatusError } from '../../../api/errors/status-error.js';
import { findResource } from '../../../api/resources/registry.js';
import type { KubeObject } from '../../../api/types/meta.js';
import { Controller } from '../../../client/controller.js';
import type { ControllerFactory } from '../context.js';
import { firstFree, parseClusterCidr, subnetAt, subnetIndex } from './cidr-set.js';

const NODES = findResource('', 'v1', 'nodes')!;
/** Upstream cidrUpdateRetries. */
const UPDATE_ATTEMPTS = 3;

function podCidrsOf(node: KubeObject): string[] {
  const spec = node.spec as { podCIDR?: string; podCIDRs?: string[] } | undefined;
  if (spec?.podCIDRs && spec.podCIDRs.length > 0) return spec.podCIDRs;
  return spec?.podCIDR ? [spec.podCIDR] : [];
}

export const nodeIpamController: ControllerFactory = (ctx) => {
  // A misconfigured range fails the control plane's start, loudly, rather than leaving nodes without subnets.
  const range = parseClusterCidr(ctx.config.clusterCidr, ctx.config.nodeCidrMaskSize);
  const nodes = ctx.informers.informerFor(NODES);
  const events = ctx.events('cidrAllocator');
  const log = ctx.log.child({ controller: 'node-ipam' });
  /** node name → subnet index written to it but not yet in the cache */
  const inFlight = new Map<string, number>();
  let next = 0;

  const controller = new Controller({ name: 'node-ipam', reconcile, log });

  nodes.addEventHandler({
    onAdd: (n) => { if (podCidrsOf(n).length === 0) controller.enqueue(n.metadata.name!); },
    onUpdate: (_old, n) => {
      if (podCidrsOf(n).length === 0) controller.enqueue(n.metadata.name!);
      else inFlight.delete(n.metadata.name!);
    },
    onDelete: (n) => {
      inFlight.delete(n.metadata.name!);
      // Its subnet is free again: nodes that found the range exhausted may get one now.
      for (const other of nodes.list()) if (podCidrsOf(other).length === 0) controller.enqueue(other.metadata.name!);
    },
  });

  function usedSubnets(): Set<number> {
    const used = new Set<number>(inFlight.values());
    for (const n of nodes.list()) {
      for (const cidr of podCidrsOf(n)) {
        const i = subnetIndex(range, cidr);
        if (i !== undefined) used.add(i);
      }
    }
    return used;
  }

  async function reconcile(name: string): Promise<void> {
    const node = nodes.get(name);
    if (!node || node.metadata.deletionTimestamp !== undefined) return;
    if (podCidrsOf(node).length > 0) {
      inFlight.delete(name);
      return;
    }
    if (inFlight.has(name)) return; // written; the cache will catch up
    const i = firstFree(range, usedSubnets(), next);
    if (i === undefined) {
      events.record(node, 'Normal', 'CIDRNotAvailable', `Node ${name} status is now: CIDRNotAvailable`);
      log.warn({ node: name, clusterCidr: range.cidr }, 'no pod CIDR left for node');
      return;
    }
    next = (i + 1) % range.count;
    const cidr = subnetAt(range, i);
    inFlight.set(name, i);
    let lastErr: unknown;
    for (let attempt = 0; attempt < UPDATE_ATTEMPTS; attempt++) {
      try {
        await ctx.transport.patch(NODES, undefined, name, 'strategic', { metadata: { uid: node.metadata.uid }, spec: { podCIDR: cidr, podCIDRs: [cidr] } });
        log.info({ node: name, podCIDR: cidr }, 'set node pod CIDR');
        return;
      } catch (err) {
        lastErr = err;
        if (err instanceof StatusError && (err.code === 404 || err.code === 409)) break; // gone, or replaced by a new node of that name
      }
    }
    inFlight.delete(name);
    if (lastErr instanceof StatusError && (lastErr.code === 404 || lastErr.code === 409)) return;
    events.record(node, 'Normal', 'CIDRAssignmentFailed', `Node ${name} status is now: CIDRAssignmentFailed`);
    throw lastErr;
  }

  return {
    name: 'node-ipam',
    start: () => controller.start(),
    stop: () => controller.stop(),
    get idle() { return controller.idle; },
  };
};
