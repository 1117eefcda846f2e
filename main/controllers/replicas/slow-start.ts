// Upstream's slowStartBatch: run `fn` `count` times in batches of 1, 2, 4, … (each batch concurrently) and
// stop at the first batch with a failure, so a create that keeps failing (quota, admission) costs a few
// calls per sync instead of hundreds.

export interface SlowStartResult {
  successes: number;
  /** The first error of the failing batch, if one failed. */
  error?: unknown;
}

export async function slowStartBatch(count: number, initialBatchSize: number, fn: () => Promise<void>): Promise<SlowStartResult> {
  let remaining = count;
  let successes = 0;
  for (let batch = Math.min(remaining, initialBatchSize); batch > 0; batch = Math.min(2 * batch, remaining)) {
    const results = await Promise.allSettled(Array.from({ length: batch }, () => fn()));
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    successes += batch - failed.length;
    if (failed.length > 0) return { successes, error: failed[0].reason };
    remaining -= batch;
  }
  return { successes };
}
