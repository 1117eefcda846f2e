// LIST with selectors and pagination. Continue tokens carry the last key returned (and the revision
// the first page was read at), in the shape Kubernetes uses: base64 JSON {"v","rv","start"}.
import { BadRequestError, GoneError } from '../../api/errors/status-error.js';
import type { ResourceType } from '../../api/resources/registry.js';
import type { KubeObject } from '../../api/types/meta.js';
import type { Store } from '../store/index.js';
import { selection, type SelectionOptions } from './query.js';

export interface ListOptions extends SelectionOptions {
  limit?: number;
  continue?: string;
  resourceVersion?: string;
  resourceVersionMatch?: string;
}

export interface ListPage {
  items: KubeObject[];
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
}

interface ContinueToken {
  v: 'meta.k8s.io/v1';
  rv: number;
  start: string;
}

export function listResources(store: Store, rt: ResourceType, namespace: string | undefined, opts: ListOptions): ListPage {
  const sel = selection(rt, opts);
  checkResourceVersion(store, opts);
  const ns = rt.namespaced ? namespace ?? sel.namespace : undefined;
  const { entries, revision } = store.list(rt.group, rt.resource, ns);
  let start = '';
  let rv = revision;
  if (opts.continue) {
    const token = decodeContinue(opts.continue);
    start = token.start;
    rv = token.rv;
    if (rv < store.oldestWatchableRevision) {
      throw new GoneError('The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.');
    }
  }
  const limit = opts.limit && opts.limit > 0 ? opts.limit : Infinity;
  const items: KubeObject[] = [];
  let lastKey = '';
  let i = 0;
  for (; i < entries.length; i++) {
    const e = entries[i];
    const k = `${e.key.namespace}/${e.key.name}`;
    if (start && k <= start) continue;
    if (sel.name !== undefined && e.key.name !== sel.name) continue;
    if (!sel.matches(e.object)) continue;
    if (items.length >= limit) break;
    items.push(e.object);
    lastKey = k;
  }
  const page: ListPage = { items, resourceVersion: String(rv) };
  if (i < entries.length && items.length >= limit) {
    page.continue = encodeContinue({ v: 'meta.k8s.io/v1', rv, start: lastKey });
    // Only known exactly when nothing filters the list (as upstream).
    if (!opts.labelSelector && !opts.fieldSelector) page.remainingItemCount = entries.length - i;
  }
  return page;
}

function checkResourceVersion(store: Store, opts: ListOptions): void {
  const rv = opts.resourceVersion;
  if (rv === undefined || rv === '' || rv === '0') return;
  if (!/^\d+$/.test(rv)) throw new BadRequestError(`invalid resource version "${rv}": must be a decimal number`);
  if (opts.resourceVersionMatch === 'Exact' && Number(rv) !== store.revision) {
    throw new GoneError(`too old resource version: ${rv} (${store.revision})`);
  }
}

function encodeContinue(t: ContinueToken): string {
  return Buffer.from(JSON.stringify(t)).toString('base64url');
}

function decodeContinue(s: string): ContinueToken {
  try {
    const t = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as Partial<ContinueToken>;
    if (typeof t.rv === 'number' && typeof t.start === 'string') return { v: 'meta.k8s.io/v1', rv: t.rv, start: t.start };
  } catch {
    // fall through
  }
  throw new BadRequestError('continue key is not valid: the token is malformed; start the list again without it');
}
