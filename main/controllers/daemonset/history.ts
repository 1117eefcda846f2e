// A DaemonSet's ControllerRevisions (upstream's constructHistory, snapshot, dedupCurHistories, cleanupHistory):
// the revision matching the current template is the current one — created if missing, or renumbered past the
// others when an old template comes back (`kubectl rollout undo`); a hash clash with a different template bumps
// status.collisionCount; old revisions beyond revisionHistoryLimit go, unless a live pod still uses them.
import type { ControllerRevision } from 'kubernetes-types/apps/v1.js';
import { findResource } from '../../../api/resources/registry.js';
import { AlreadyExistsError, NotFoundError } from '../../../api/errors/status-error.js';
import type { KubeObject } from '../../../api/types/meta.js';
import type { Transport } from '../../../client/transport.js';
import { daemonSetRef, type DaemonSetObject, type PodObject } from './daemon-pod.js';
import { computeTemplateHash, HASH_LABEL, historyMatches, historyPatch } from './revision.js';

export type RevisionObject = KubeObject & ControllerRevision;

const REVISIONS = findResource('apps', 'v1', 'controllerrevisions')!;
const DAEMONSETS = findResource('apps', 'v1', 'daemonsets')!;
const PODS = findResource('', 'v1', 'pods')!;

export interface History {
  current: RevisionObject;
  old: RevisionObject[];
}

const revisionOf = (r: RevisionObject): number => r.revision ?? 0;

export async function constructHistory(transport: Transport, ds: DaemonSetObject, owned: readonly RevisionObject[], pods: readonly PodObject[]): Promise<History> {
  const ns = ds.metadata.namespace;
  const current: RevisionObject[] = [], old: RevisionObject[] = [];
  for (let h of owned) {
    if (h.metadata.labels?.[HASH_LABEL] === undefined) {
      // Older revisions may lack the label; the name is unique, so it serves as the hash.
      h = await transport.patch(REVISIONS, ns, h.metadata.name!, 'merge', { metadata: { labels: { [HASH_LABEL]: h.metadata.name } } }) as RevisionObject;
    }
    (historyMatches(ds, h.data) ? current : old).push(h);
  }
  const nextRevision = Math.max(0, ...old.map(revisionOf)) + 1;
  let cur: RevisionObject;
  if (current.length === 0) cur = await snapshot(transport, ds, nextRevision);
  else cur = await dedupCurrent(transport, current, pods);
  if (revisionOf(cur) < nextRevision) {
    cur = await transport.patch(REVISIONS, ns, cur.metadata.name!, 'merge', { revision: nextRevision }) as RevisionObject;
  }
  return { current: cur, old };
}

async function snapshot(transport: Transport, ds: DaemonSetObject, revision: number): Promise<RevisionObject> {
  const ns = ds.metadata.namespace;
  const hash = computeTemplateHash(ds.spec?.template, ds.status?.collisionCount);
  const name = `${ds.metadata.name}-${hash}`;
  const cr: RevisionObject = {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name,
      namespace: ns,
      labels: { ...ds.spec?.template.metadata?.labels, [HASH_LABEL]: hash },
      ...(ds.metadata.annotations ? { annotations: { ...ds.metadata.annotations } } : {}),
      ownerReferences: [daemonSetRef(ds)],
    },
    data: historyPatch(ds),
    revision,
  };
  try {
    return await transport.create(REVISIONS, ns, cr) as RevisionObject;
  } catch (err) {
    if (!(err instanceof AlreadyExistsError)) throw err;
    const existing = await transport.get(REVISIONS, ns, name) as RevisionObject;
    if (historyMatches(ds, existing.data)) return existing;
    // Same hash, different template: bump the collision count so the next attempt hashes differently.
    const fresh = await transport.get(DAEMONSETS, ns, ds.metadata.name!) as DaemonSetObject;
    if (fresh.status?.collisionCount !== ds.status?.collisionCount) {
      throw new Error(`found a stale collision count (${ds.status?.collisionCount}, expected ${fresh.status?.collisionCount}) of DaemonSet "${ds.metadata.name}" while processing; will retry until it is updated`, { cause: err });
    }
    await transport.update(DAEMONSETS, ns, ds.metadata.name!, { ...fresh, status: { ...fresh.status, collisionCount: (fresh.status?.collisionCount ?? 0) + 1 } }, { subresource: 'status' });
    throw err;
  }
}

/** Keeps the highest-numbered of several revisions matching the template, moving pods onto its hash. */
async function dedupCurrent(transport: Transport, current: RevisionObject[], pods: readonly PodObject[]): Promise<RevisionObject> {
  if (current.length === 1) return current[0];
  const sorted = [...current].sort((a, b) => revisionOf(b) - revisionOf(a));
  const keep = sorted[0];
  const keepHash = keep.metadata.labels?.[HASH_LABEL] ?? '';
  for (const dup of sorted.slice(1)) {
    const dupHash = dup.metadata.labels?.[HASH_LABEL];
    for (const pod of pods) {
      if (pod.metadata.labels?.[HASH_LABEL] !== dupHash) continue;
      await ignoreNotFound(transport.patch(PODS, pod.metadata.namespace, pod.metadata.name!, 'merge', { metadata: { labels: { [HASH_LABEL]: keepHash } } }));
    }
    await ignoreNotFound(transport.delete(REVISIONS, dup.metadata.namespace, dup.metadata.name!));
  }
  return keep;
}

/** Deletes the oldest revisions beyond revisionHistoryLimit that no live pod runs. */
export async function cleanupHistory(transport: Transport, ds: DaemonSetObject, old: readonly RevisionObject[], pods: readonly PodObject[]): Promise<string[]> {
  let toKill = old.length - (ds.spec?.revisionHistoryLimit ?? 10);
  if (toKill <= 0) return [];
  const live = new Set(pods.map((p) => p.metadata.labels?.[HASH_LABEL]).filter((h) => h !== undefined));
  const deleted: string[] = [];
  for (const h of [...old].sort((a, b) => revisionOf(a) - revisionOf(b))) {
    if (toKill <= 0) break;
    if (live.has(h.metadata.labels?.[HASH_LABEL] ?? '')) continue;
    await ignoreNotFound(transport.delete(REVISIONS, h.metadata.namespace, h.metadata.name!));
    deleted.push(h.metadata.name!);
    toKill--;
  }
  return deleted;
}

async function ignoreNotFound<T>(p: Promise<T>): Promise<T | undefined> {
  try {
    return await p;
  } catch (err) {
    if (err instanceof NotFoundError) return undefined;
    throw err;
  }
}
