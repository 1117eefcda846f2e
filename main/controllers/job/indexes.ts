// Completion indexes of Indexed Jobs as compressed ordered intervals ("1,3-5,7"), the format of
// status.completedIndexes, and the choice of which indexes to start next.
import type { KubeObject } from '../../../api/types/meta.js';
import { JOB_COMPLETION_INDEX } from './job-types.js';

export interface Interval { first: number; last: number }
export type OrderedIntervals = readonly Interval[];

/** The pod's completion index annotation, or -1 when missing or not a non-negative integer. */
export function completionIndexOf(pod: KubeObject): number {
  const v = pod.metadata.annotations?.[JOB_COMPLETION_INDEX];
  if (v === undefined || !/^[+-]?\d+$/.test(v)) return -1;
  const i = Number(v);
  return i >= 0 && i <= 2_147_483_647 ? i : -1;
}

/** Parses "1,3-5" keeping only indexes below `completions`; corrupt pieces are skipped. */
export function parseIndexes(text: string | undefined | null, completions: number): Interval[] {
  if (!text) return [];
  const result: Interval[] = [];
  for (const piece of text.split(',')) {
    const limits = piece.split('-');
    if (!/^\d+$/.test(limits[0])) continue;
    const first = Number(limits[0]);
    if (first >= completions) break;
    let last = first;
    if (limits.length > 1) {
      if (!/^\d+$/.test(limits[1])) continue;
      last = Math.min(Number(limits[1]), completions - 1);
    }
    const prev = result[result.length - 1];
    if (prev && prev.last === first - 1) prev.last = last;
    else result.push({ first, last });
  }
  return result;
}

/** Union of two ordered interval lists, adjacent intervals merged. */
export function mergeIntervals(a: OrderedIntervals, b: OrderedIntervals): Interval[] {
  const result: Interval[] = [];
  const push = (iv: Interval): void => {
    const last = result[result.length - 1];
    if (!last || iv.first > last.last + 1) result.push({ ...iv });
    else if (last.last < iv.last) last.last = iv.last;
  };
  let i = 0, j = 0;
  while (i < a.length && j < b.length) push(a[i].first < b[j].first ? a[i++] : b[j++]);
  while (i < a.length) push(a[i++]);
  while (j < b.length) push(b[j++]);
  return result;
}

/** Adds indexes (given in increasing order). */
export function withIndexes(intervals: OrderedIntervals, indexes: readonly number[]): Interval[] {
  return mergeIntervals(intervals, indexes.map((i) => ({ first: i, last: i })));
}

export function totalIndexes(intervals: OrderedIntervals): number {
  return intervals.reduce((n, iv) => n + iv.last - iv.first + 1, 0);
}

export function hasIndex(intervals: OrderedIntervals, ix: number): boolean {
  return intervals.some((iv) => iv.first <= ix && ix <= iv.last);
}

/** "1,3-5,7": pairs are written "3,4", runs of three or more "3-5". */
export function formatIndexes(intervals: OrderedIntervals): string {
  return intervals.map((iv) => iv.last === iv.first ? `${iv.first}` : `${iv.first}${iv.last === iv.first + 1 ? ',' : '-'}${iv.last}`).join(',');
}

const sortedUnique = (xs: Iterable<number>): number[] => [...new Set(xs)].sort((a, b) => a - b);

/** The indexes of the pods (those with a valid annotation), sorted. */
export function indexesOf(pods: readonly KubeObject[]): number[] {
  return sortedUnique(pods.map(completionIndexOf).filter((i) => i >= 0));
}

/** The first `count` indexes below `completions` that are neither done nor covered by `busy`. */
export function firstPendingIndexes(done: OrderedIntervals, busy: readonly number[], count: number, completions: number): number[] {
  if (count <= 0) return [];
  const nonPending = withIndexes(done, sortedUnique(busy));
  const result: number[] = [];
  let candidate = 0;
  for (const iv of nonPending) {
    for (; candidate < completions && result.length < count && candidate < iv.first; candidate++) result.push(candidate);
    if (candidate < iv.last + 1) candidate = iv.last + 1;
  }
  for (; candidate < completions && result.length < count; candidate++) result.push(candidate);
  return result;
}
