// The garbage collector's view of who owns what: one shared informer per collectable kind, indexed by
// uid and by owner uid, so "the object with uid U" and "everything that names U as an owner" are cache
// lookups. Unlike upstream's GraphBuilder it keeps no graph of its own: the caches are the graph, so
// there is nothing to rebuild or drift after a restart.
import { RESOURCE_TYPES, type ResourceType } from '../../../api/resources/registry.js';
import type { KubeObject } from '../../../api/types/meta.js';
import type { EventHandler, Informer } from '../../../client/informer.js';
import type { InformerFactory } from '../../../client/informer-factory.js';

const BY_UID = 'gc/uid';
const BY_OWNER = 'gc/owner-uid';

export interface Node {
  rt: ResourceType;
  obj: KubeObject;
}

/** Kinds the collector follows: everything listable, watchable and deletable, except Events (as upstream). */
export const COLLECTABLE_TYPES: readonly ResourceType[] = RESOURCE_TYPES.filter((rt) =>
  ['list', 'watch', 'delete'].every((v) => rt.verbs.includes(v as ResourceType['verbs'][number])) && !(rt.group === '' && rt.resource === 'events'));

export class DependencyGraph {
  private readonly informers: { rt: ResourceType; informer: Informer }[];

  constructor(factory: InformerFactory) {
    this.informers = COLLECTABLE_TYPES.map((rt) => {
      const informer = factory.informerFor(rt);
      informer.addIndex(BY_UID, (o) => (o.metadata.uid ? [o.metadata.uid] : []));
      informer.addIndex(BY_OWNER, (o) => (o.metadata.ownerReferences ?? []).map((r) => r.uid));
      return { rt, informer };
    });
  }

  /** Handlers get the kind along with the object. */
  addEventHandler(make: (rt: ResourceType) => EventHandler): void {
    for (const { rt, informer } of this.informers) informer.addEventHandler(make(rt));
  }

  byUid(uid: string): Node | undefined {
    for (const { rt, informer } of this.informers) {
      const obj = informer.byIndex(BY_UID, uid)[0];
      if (obj) return { rt, obj };
    }
    return undefined;
  }

  /** Every cached object with an owner reference to `uid`. */
  dependentsOf(uid: string): Node[] {
    return this.informers.flatMap(({ rt, informer }) => informer.byIndex(BY_OWNER, uid).map((obj) => ({ rt, obj })));
  }
}
