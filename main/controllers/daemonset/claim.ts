// Ownership upkeep (client-go's ControllerRefManager): a DaemonSet adopts orphans its selector matches and
// releases what it owns but no longer matches. Adopting and releasing are strategic merge patches of
// metadata.ownerReferences guarded by the object's uid.
import type { ResourceType } from '../../../api/resources/registry.js';
import { NotFoundError } from '../../../api/errors/status-error.js';
import type { Selector } from '../../../api/selectors/index.js';
import type { KubeObject } from '../../../api/types/meta.js';
import { controllerOf } from '../../../api/workloads/owners.js';
import type { Transport } from '../../../client/transport.js';
import { daemonSetRef, type DaemonSetObject } from './daemon-pod.js';

export interface ClaimInput<T extends KubeObject> {
  transport: Transport;
  rt: ResourceType;
  ds: DaemonSetObject;
  selector: Selector;
  candidates: readonly T[];
  /** Re-reads the DaemonSet before the first adoption: never adopt for one being deleted. */
  stillWanted: () => Promise<boolean>;
}

/** The candidates the DaemonSet owns after adoption and release. */
export async function claim<T extends KubeObject>(input: ClaimInput<T>): Promise<T[]> {
  const { transport, rt, ds, selector } = input;
  const uid = ds.metadata.uid;
  const deleting = ds.metadata.deletionTimestamp !== undefined;
  const claimed: T[] = [];
  let mayAdopt: boolean | undefined;
  for (const obj of input.candidates) {
    const ref = controllerOf(obj);
    const matches = selector.matches(obj.metadata.labels);
    if (ref) {
      if (ref.uid !== uid) continue;
      if (matches) claimed.push(obj);
      else if (!deleting) await patchIgnoringGone(transport, rt, obj, [{ $patch: 'delete', uid }]);
      continue;
    }
    if (deleting || !matches || obj.metadata.deletionTimestamp !== undefined) continue;
    mayAdopt ??= await input.stillWanted();
    if (!mayAdopt) continue;
    const adopted = await patchIgnoringGone(transport, rt, obj, [daemonSetRef(ds)]);
    if (adopted) claimed.push(adopted as T);
  }
  return claimed;
}

async function patchIgnoringGone(transport: Transport, rt: ResourceType, obj: KubeObject, ownerReferences: unknown[]): Promise<KubeObject | undefined> {
  try {
    return await transport.patch(rt, obj.metadata.namespace, obj.metadata.name!, 'strategic', { metadata: { ownerReferences, uid: obj.metadata.uid } });
  } catch (err) {
    if (err instanceof NotFoundError) return undefined;
    throw err;
  }
}
