// WATCH over the store's change stream, with selectors. An object that starts or stops matching a
// filtered watch is sent as ADDED or DELETED, as the real watch cache does.
import type { ResourceType } from '../../api/resources/registry.js';
import type { KubeObject, WatchEventType } from '../../api/types/meta.js';
import type { Change, Store, Subscription } from '../store/index.js';
import { selection, type SelectionOptions } from './query.js';

export interface WatchOptions extends SelectionOptions {
  /** Start after this revision; undefined (or "0") sends the current state as ADDED first. */
  resourceVersion?: string;
}

export interface RegistryWatchEvent {
  type: Exclude<WatchEventType, 'BOOKMARK' | 'ERROR'>;
  object: KubeObject;
}

/**
 * Starts a watch; throws CompactedError (→ 410) for a revision older than the history.
 * Returns the subscription and the revision the watch started at.
 */
export function watchResources(
  store: Store,
  rt: ResourceType,
  namespace: string | undefined,
  opts: WatchOptions,
  send: (event: RegistryWatchEvent) => void,
  onError?: (err: unknown) => void,
): { subscription: Subscription; startRevision: number } {
  const sel = selection(rt, opts);
  const ns = rt.namespaced ? namespace ?? sel.namespace : undefined;
  const filter = { group: rt.group, resource: rt.resource, namespace: ns, name: sel.name };
  const deliver = (c: Change): void => {
    const now = sel.matches(c.object);
    const before = c.previous !== undefined && c.type === 'MODIFIED' ? sel.matches(c.previous) : undefined;
    if (c.type === 'ADDED') {
      if (now) send({ type: 'ADDED', object: c.object });
    } else if (c.type === 'DELETED') {
      if (c.previous === undefined ? now : sel.matches(c.previous)) send({ type: 'DELETED', object: c.object });
    } else if (now && before === false) send({ type: 'ADDED', object: c.object });
    else if (!now && before !== false) send({ type: 'DELETED', object: c.object });
    else if (now) send({ type: 'MODIFIED', object: c.object });
  };
  const rv = opts.resourceVersion;
  if (rv === undefined || rv === '' || rv === '0') {
    // Current state first, then changes after it: one synchronous step, so nothing slips between.
    const { entries, revision } = store.list(rt.group, rt.resource, ns);
    for (const e of entries) if ((sel.name === undefined || e.key.name === sel.name) && sel.matches(e.object)) send({ type: 'ADDED', object: e.object });
    return { subscription: store.watch(filter, revision, deliver, onError), startRevision: revision };
  }
  const from = Number(rv);
  return { subscription: store.watch(filter, from, deliver, onError), startRevision: from };
}
