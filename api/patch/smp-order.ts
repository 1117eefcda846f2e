// List ordering after a strategic merge, as k8s.io/apimachinery/pkg/util/strategicpatch does it: items named by
// the patch (or by `$setElementOrder`) take the patch's order, items only on the server keep theirs, and the two
// runs are interleaved where the server's order can compare them. A patch item the server never had is placed
// before the server-only items it cannot be compared with (upstream's mergeSortedSlice), so without
// `$setElementOrder` a new item lands in front; kubectl's apply always sends `$setElementOrder` to avoid this.
import { isObject } from '../types/meta.js';

/** How list items are matched: by the merge key's value (lists of maps) or by value (lists of scalars). */
export type Identity = (item: unknown) => unknown;

export function identityFor(mergeKey: string | undefined): Identity {
  if (!mergeKey) return (item) => item;
  return (item) => (isObject(item) && Object.hasOwn(item, mergeKey) ? item[mergeKey] : NO_KEY);
}

const NO_KEY = Symbol('no merge key');

function indexIn(list: readonly unknown[], item: unknown, id: Identity): number {
  const want = id(item);
  if (want === NO_KEY) return -1;
  return list.findIndex((x) => id(x) === want);
}

/** Stable sort of `items` by their position in `order`; items not in `order` go last. */
function sortBy(items: unknown[], order: readonly unknown[], id: Identity): unknown[] {
  const pos = (x: unknown): number => {
    const i = indexIn(order, x, id);
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  };
  return items.map((item, i) => ({ item, i, p: pos(item) })).sort((a, b) => a.p - b.p || a.i - b.i).map((e) => e.item);
}

/**
 * Orders `merged`: the items present in `patchOrder` by it, the rest by `serverOrder`, interleaved by
 * `serverOrder` where both sides of a comparison are found in it.
 */
export function normalizeOrder(merged: readonly unknown[], patchOrder: readonly unknown[], serverOrder: readonly unknown[], id: Identity): unknown[] {
  const inPatch: unknown[] = [], serverOnly: unknown[] = [];
  for (const item of merged) (indexIn(patchOrder, item, id) >= 0 ? inPatch : serverOnly).push(item);
  const right = sortBy(inPatch, patchOrder, id);
  const left = sortBy(serverOnly, serverOrder, id);
  const out: unknown[] = [];
  let i = 0, j = 0;
  while (i < left.length || j < right.length) {
    if (j >= right.length) out.push(left[i++]);
    else if (i >= left.length) out.push(right[j++]);
    else {
      const li = indexIn(serverOrder, left[i], id), ri = indexIn(serverOrder, right[j], id);
      out.push(li >= 0 && ri >= 0 && li < ri ? left[i++] : right[j++]);
    }
  }
  return out;
}
