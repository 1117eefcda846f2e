// Claiming (upstream's ControllerRefManager): an owner keeps the objects it controls that its selector still
// matches, releases those it no longer matches (its ownerReference is patched out) and adopts orphans it
// matches (its controller reference is patched in). Adoption first re-reads the owner from the API, so an owner
// deleted and recreated under the same name never adopts on behalf of its stale cached self.
import { StatusError } from '../../../api/errors/status-error.js';
import type { ResourceType } from '../../../api/resources/registry.js';
import type { Selector } from '../../../api/selectors/index.js';
import type { KubeObject } from '../../../api/types/meta.js';
import { controllerOf, controllerRefTo } from '../../../api/workloads/owners.js';
import type { Transport } from '../../../client/transport.js';

export interface ClaimOptions {
  transport: Transport;
  /** Resource of the owner (re-read before adopting). */
  ownerType: ResourceType;
  /** Resource of the claimed objects (patched to adopt or release). */
  ownedType: ResourceType;
  owner: KubeObject;
  selector: Selector;
}

export interface ClaimResult {
  claimed: KubeObject[];
  /** Adoptions or releases that failed for another reason than the object being gone. */
  errors: unknown[];
}

/**
 * Sorts `candidates` (the namespace's objects owned by `owner` plus its orphans) into the ones `owner` controls
 * after adopting and releasing. Objects controlled by someone else are ignored.
 */
export async function claimObjects(candidates: readonly KubeObject[], opts: ClaimOptions): Promise<ClaimResult> {
  const { owner, selector, transport, ownedType } = opts;
  const uid = owner.metadata.uid;
  const deleting = owner.metadata.deletionTimestamp !== undefined && owner.metadata.deletionTimestamp !== null;
  const claimed: KubeObject[] = [];
  const errors: unknown[] = [];
  let adoptable: Promise<void> | undefined;
  const work: Promise<void>[] = [];
  for (const obj of candidates) {
    const ref = controllerOf(obj);
    const matches = selector.matches(obj.metadata.labels);
    if (ref) {
      if (ref.uid !== uid) continue;
      if (matches) {
        claimed.push(obj);
        continue;
      }
      if (deleting) continue;
      work.push(patchOwnerRefs(transport, ownedType, obj, [{ $patch: 'delete', uid }]).then(() => {}, (err: unknown) => {
        // Gone already, or being deleted (an Invalid answer): either way it is no longer ours.
        if (!isReason(err, 'NotFound') && !isReason(err, 'Invalid')) errors.push(err);
      }));
      continue;
    }
    if (deleting || !matches || obj.metadata.deletionTimestamp) continue;
    adoptable ??= checkAdoptable(opts);
    work.push(adoptable.then(() => patchOwnerRefs(transport, ownedType, obj, [controllerRefTo(owner)])).then((adopted) => { claimed.push(adopted); }, (err: unknown) => {
      if (!isReason(err, 'NotFound')) errors.push(err);
    }));
  }
  await Promise.all(work);
  return { claimed, errors };
}

/** Strategic merge of ownerReferences (merge key uid), with the object's uid as a precondition. */
function patchOwnerRefs(transport: Transport, rt: ResourceType, obj: KubeObject, refs: unknown[]): Promise<KubeObject> {
  const patch = { metadata: { ownerReferences: refs, uid: obj.metadata.uid } };
  return transport.patch(rt, obj.metadata.namespace, obj.metadata.name!, 'strategic', patch);
}

async function checkAdoptable(opts: ClaimOptions): Promise<void> {
  const m = opts.owner.metadata;
  const fresh = await opts.transport.get(opts.ownerType, m.namespace, m.name!);
  if (fresh.metadata.uid !== m.uid) throw new Error(`original ${opts.owner.kind} ${m.namespace}/${m.name} is gone: got uid ${fresh.metadata.uid}, wanted ${m.uid}`);
  if (fresh.metadata.deletionTimestamp) throw new Error(`${opts.owner.kind} ${m.namespace}/${m.name} has just been deleted at ${fresh.metadata.deletionTimestamp}`);
}

export function isReason(err: unknown, reason: string): boolean {
  return err instanceof StatusError && err.reason === reason;
}
