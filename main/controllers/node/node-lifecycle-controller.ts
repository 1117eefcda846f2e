// The node lifecycle controller (pkg/controller/nodelifecycle), as "node-controller":
// - every nodeMonitorPeriodMs it checks each node's Ready heartbeat and Lease; silent for longer than
//   nodeMonitorGracePeriodMs, the node's conditions turn Unknown ("Kubelet stopped posting node status.")
//   and its pods are marked not Ready;
// - NoExecute taints follow the Ready condition (unreachable for Unknown, not-ready for False; removed
//   when Ready), except when every zone has lost all its nodes (upstream's "master disruption mode":
//   then the control plane, not the nodes, is the likely culprit, and nothing is evicted) or when a
//   small zone is mostly down;
// - NoSchedule taints follow every condition and spec.unschedulable, on each node change.
// Taint-based eviction itself is the taint-eviction controller's job.
import type { Node } from 'kubernetes-types/core/v1.js';
import { findResource } from '../../../api/resources/registry.js';
import type { KubeObject } from '../../../api/types/meta.js';
import { Controller } from '../../../client/controller.js';
import { objectKey } from '../../../client/keys.js';
import { rfc3339 } from '../../registry/system-fields.js';
import type { ControllerFactory } from '../context.js';
import { conditionsWhenSilent, observeHealth, readyConditionOf, type NodeHealth } from './node-health.js';
import { isNotFound, markPodsNotReady, swapNodeTaints } from './node-updates.js';
import { noScheduleTaintDiff, TAINT_NOT_READY, TAINT_UNREACHABLE, zoneKey, zoneState, type ZoneState } from './taints.js';

const NODES = findResource('', 'v1', 'nodes')!;
const PODS = findResource('', 'v1', 'pods')!;
const LEASES = findResource('coordination.k8s.io', 'v1', 'leases')!;
const POD_NODE_INDEX = 'node-lifecycle/node';
const MONITOR = 'monitor';
const EXCLUDE_DISRUPTION = 'node.kubernetes.io/exclude-disruption';
/** Upstream's largeClusterThreshold: a partially disrupted zone this small stops tainting altogether. */
const LARGE_CLUSTER = 50;

const NOT_READY_NO_EXECUTE = { key: TAINT_NOT_READY, effect: 'NoExecute' };
const UNREACHABLE_NO_EXECUTE = { key: TAINT_UNREACHABLE, effect: 'NoExecute' };

const asNode = (o: KubeObject): Node => o as unknown as Node;
const nodeNameOf = (pod: KubeObject): string => (pod.spec as { nodeName?: string } | undefined)?.nodeName ?? '';

export const nodeLifecycleController: ControllerFactory = (ctx) => {
  const nodes = ctx.informers.informerFor(NODES);
  const pods = ctx.informers.informerFor(PODS);
  const leases = ctx.informers.informerFor(LEASES);
  const events = ctx.events('node-controller');
  const log = ctx.log.child({ controller: 'node-lifecycle' });
  const { nodeMonitorGracePeriodMs: grace, nodeMonitorPeriodMs: period } = ctx.config;

  const health = new Map<string, NodeHealth>();
  /** Nodes the controller has registered (RegisteredNode / RemovingNode events). */
  const known = new Map<string, KubeObject>();
  /** Nodes whose pods could not all be marked not Ready: retried on the next pass. */
  const nodesToRetry = new Set<string>();
  let allWereDisrupted = false;
  let timer: NodeJS.Timeout | undefined;

  pods.addIndex(POD_NODE_INDEX, (p) => (nodeNameOf(p) ? [nodeNameOf(p)] : []));
  const controller = new Controller({ name: 'node-lifecycle', reconcile, log });

  nodes.addEventHandler({
    onAdd: (n) => { controller.enqueue(`n:${n.metadata.name}`); controller.enqueue(MONITOR); },
    onUpdate: (_o, n) => controller.enqueue(`n:${n.metadata.name}`),
    onDelete: () => controller.enqueue(MONITOR),
  });
  pods.addEventHandler({
    onAdd: (p) => { if (nodeNameOf(p)) controller.enqueue(`p:${objectKey(p)}`); },
    onUpdate: (o, p) => { if (nodeNameOf(p) && nodeNameOf(p) !== nodeNameOf(o)) controller.enqueue(`p:${objectKey(p)}`); },
  });

  async function reconcile(key: string): Promise<void> {
    if (key === MONITOR) return monitorNodeHealth();
    if (key.startsWith('n:')) return noScheduleTaintingPass(key.slice(2));
    return processPod(key.slice(2));
  }

  /** Condition-driven NoSchedule taints (upstream doNoScheduleTaintingPass). */
  async function noScheduleTaintingPass(name: string): Promise<void> {
    const node = nodes.get(name);
    if (!node) return;
    const [add, remove] = noScheduleTaintDiff(asNode(node));
    if (add.length === 0 && remove.length === 0) return;
    await swapNodeTaints(ctx.transport, node, add, remove, rfc3339(ctx.clock()));
  }

  /** A pod newly bound to a node that is not Ready is marked not Ready too (upstream processPod). */
  async function processPod(key: string): Promise<void> {
    const pod = pods.get(key);
    if (!pod) return;
    const nodeName = nodeNameOf(pod);
    const node = nodes.get(nodeName);
    if (!health.has(nodeName) || !node) return;
    const ready = readyConditionOf(node);
    if (ready && ready.status !== 'True') await markPodsNotReady(ctx.transport, events, [pod], nodeName, rfc3339(ctx.clock()));
  }

  async function monitorNodeHealth(): Promise<void> {
    const started = Date.now();
    const now = ctx.clock();
    const nowMs = now.getTime();
    const nowIso = rfc3339(now);
    const all = nodes.list();
    const failures: unknown[] = [];
    const written = await registerNodes(all, nowIso, failures);

    // Pass 1: health, conditions, zone accounting.
    const observed = new Map<string, string | undefined>();
    const current = new Map<string, KubeObject>();
    const zones = new Map<string, (string | undefined)[]>();
    for (const cached of all) {
      const name = cached.metadata.name!;
      const node = written.get(name) ?? cached;
      const lease = leases.get(`kube-node-lease/${name}`);
      const renewTime = (lease?.spec as { renewTime?: string } | undefined)?.renewTime;
      const h = observeHealth(health.get(name), node, renewTime, nowMs);
      observed.set(name, readyConditionOf(node)?.status ?? 'Unknown');
      let latest = node;
      if (nowMs > h.probeTimestamp + grace) {
        const conditions = conditionsWhenSilent(node, nowIso);
        if (conditions) {
          try {
            const next = structuredClone(node);
            next.status = { ...(next.status as object | undefined), conditions };
            latest = await ctx.transport.update(NODES, undefined, name, next, { subresource: 'status' });
            h.readyTransitionTimestamp = nowMs;
            h.ready = readyConditionOf(latest);
            log.info({ node: name, silentMs: nowMs - h.probeTimestamp }, 'node stopped posting status; conditions set to Unknown');
          } catch (err) {
            if (!isNotFound(err)) failures.push(err);
            health.set(name, h);
            continue;
          }
        }
      }
      health.set(name, h);
      current.set(name, latest);
      if (!(node.metadata.labels && EXCLUDE_DISRUPTION in node.metadata.labels)) {
        const zone = zoneKey(asNode(node));
        zones.set(zone, [...(zones.get(zone) ?? []), readyConditionOf(latest)?.status]);
      }
    }
    for (const name of health.keys()) if (!nodes.get(name)) health.delete(name);

    const states = new Map<string, ZoneState>([...zones].map(([z, s]) => [z, zoneState(s)]));
    const allDisrupted = states.size > 0 && [...states.values()].every((s) => s === 'FullDisruption');
    if (allDisrupted && !allWereDisrupted) log.info({ nodes: all.length }, 'all nodes are not Ready: entering master disruption mode, no evictions');

    // Pass 2: NoExecute taints, and pods of nodes that just stopped being Ready.
    for (const [name, node] of current) {
      const ready = readyConditionOf(node);
      if (!ready) continue;
      const zone = zoneKey(asNode(node));
      const smallPartial = states.get(zone) === 'PartialDisruption' && (zones.get(zone)?.length ?? 0) <= LARGE_CLUSTER;
      const wasReady = observed.get(name) === 'True';
      if (ready.status !== 'True' && (wasReady || nodesToRetry.has(name))) {
        if (wasReady) events.record(node, 'Normal', 'NodeNotReady', `Node ${name} status is now: NodeNotReady`);
        try {
          await markPodsNotReady(ctx.transport, events, pods.byIndex(POD_NODE_INDEX, name), name, nowIso);
          nodesToRetry.delete(name);
        } catch (err) {
          // The transition is seen only once: remember to finish the job on the next pass.
          nodesToRetry.add(name);
          failures.push(err);
        }
      } else {
        nodesToRetry.delete(name);
      }
      try {
        await taintForReadiness(node, ready.status, allDisrupted, smallPartial, nowIso);
      } catch (err) {
        failures.push(err);
      }
    }

    if (allWereDisrupted && !allDisrupted) {
      // Leaving master disruption mode: every node gets a fresh grace period, as upstream.
      log.info({}, 'some nodes are Ready again: exiting master disruption mode');
      for (const h of health.values()) { h.probeTimestamp = nowMs; h.readyTransitionTimestamp = nowMs; }
    }
    allWereDisrupted = allDisrupted;
    log.debug({ nodes: all.length, failures: failures.length, ms: Date.now() - started }, 'node health monitored');
    if (failures.length > 0) throw failures[0];
  }

  /** RegisteredNode / RemovingNode events; a newly seen node starts without controller NoExecute taints. */
  async function registerNodes(all: KubeObject[], nowIso: string, failures: unknown[]): Promise<Map<string, KubeObject>> {
    const written = new Map<string, KubeObject>();
    for (const node of all) {
      const name = node.metadata.name!;
      if (known.has(name)) continue;
      known.set(name, node);
      events.record(node, 'Normal', 'RegisteredNode', `Registered Node ${name} in Controller`);
      try {
        written.set(name, await swapNodeTaints(ctx.transport, node, [], [NOT_READY_NO_EXECUTE, UNREACHABLE_NO_EXECUTE], nowIso));
      } catch (err) {
        if (!isNotFound(err)) failures.push(err);
      }
    }
    const present = new Set(all.map((n) => n.metadata.name!));
    for (const [name, node] of known) {
      if (present.has(name)) continue;
      known.delete(name);
      nodesToRetry.delete(name);
      events.record(node, 'Normal', 'RemovingNode', `Removing Node ${name} from Controller`);
    }
    return written;
  }

  /** Upstream processTaintBaseEviction + doNoExecuteTaintingPass, without the eviction rate limit. */
  async function taintForReadiness(node: KubeObject, ready: string, allDisrupted: boolean, smallPartial: boolean, nowIso: string): Promise<void> {
    const taints = asNode(node).spec?.taints ?? [];
    const has = (t: { key: string }): boolean => taints.some((x) => x.key === t.key && x.effect === 'NoExecute');
    if (ready === 'True' || allDisrupted) {
      await swapNodeTaints(ctx.transport, node, [], [NOT_READY_NO_EXECUTE, UNREACHABLE_NO_EXECUTE], nowIso);
      return;
    }
    const [want, opposite] = ready === 'False' ? [NOT_READY_NO_EXECUTE, UNREACHABLE_NO_EXECUTE] : [UNREACHABLE_NO_EXECUTE, NOT_READY_NO_EXECUTE];
    // A mostly-down small zone gets no new NoExecute taints; swapping an existing one is still done at once.
    if (smallPartial && !has(opposite)) return;
    if (!has(want) || has(opposite)) {
      await swapNodeTaints(ctx.transport, node, [want], [opposite], nowIso);
      log.info({ node: node.metadata.name, taint: `${want.key}:NoExecute` }, 'node tainted');
    }
  }

  return {
    name: 'node-lifecycle',
    start(): void {
      controller.start();
      controller.enqueue(MONITOR);
      timer = setInterval(() => controller.enqueue(MONITOR), period);
      timer.unref();
    },
    async stop(): Promise<void> {
      clearInterval(timer);
      await controller.stop();
    },
    get idle() { return controller.idle; },
  };
};
