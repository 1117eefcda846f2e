// Creations and deletions a controller has asked for but not yet seen in its informer (client-go's
// UIDTrackingControllerExpectations), per owner key: while any are outstanding the owner is not managed again,
// so a burst of events or a stale cache never makes it create or delete twice. Deletions are tracked by pod
// identity (the caller's choice: key or uid), so seeing a pod first terminating and then gone counts once, and
// a pod it did not delete counts not at all. Expectations older than the timeout are treated as met (a watch
// event can be lost for good, e.g. a create that timed out but never happened).

const EXPECTATIONS_TIMEOUT_MS = 5 * 60_000;

interface Expectation {
  add: number;
  /** Pods whose deletion is awaited. */
  deleting: Set<string>;
  setAt: number;
}

export class Expectations {
  private readonly byOwner = new Map<string, Expectation>();

  constructor(private readonly now: () => number = Date.now, private readonly timeoutMs = EXPECTATIONS_TIMEOUT_MS) {}

  /** True when the owner may be managed: nothing outstanding, nothing recorded, or the record expired. */
  satisfied(ownerKey: string): boolean {
    const e = this.byOwner.get(ownerKey);
    if (!e) return true;
    if (e.add <= 0 && e.deleting.size === 0) return true;
    return this.now() - e.setAt > this.timeoutMs;
  }

  /** Records the writes about to be issued, replacing what was recorded for the owner. */
  expect(ownerKey: string, creations: number, deletions: readonly string[]): void {
    this.byOwner.set(ownerKey, { add: creations, deleting: new Set(deletions), setAt: this.now() });
  }

  expectCreations(ownerKey: string, count: number): void {
    this.expect(ownerKey, count, []);
  }

  expectDeletions(ownerKey: string, pods: readonly string[]): void {
    this.expect(ownerKey, 0, pods);
  }

  creationObserved(ownerKey: string): void {
    this.lowerCreations(ownerKey, 1);
  }

  /** Creations that will never be observed (the create failed or was skipped). */
  lowerCreations(ownerKey: string, n: number): void {
    const e = this.byOwner.get(ownerKey);
    if (e) e.add = Math.max(0, e.add - n);
  }

  /** A pod the owner deleted is gone or going; only pods the owner was waiting for count. */
  deletionObserved(ownerKey: string, pod: string | undefined): void {
    if (pod !== undefined) this.byOwner.get(ownerKey)?.deleting.delete(pod);
  }

  delete(ownerKey: string): void {
    this.byOwner.delete(ownerKey);
  }

  /** Outstanding counts (for logs and tests). */
  pending(ownerKey: string): { add: number; del: number } | undefined {
    const e = this.byOwner.get(ownerKey);
    return e && { add: e.add, del: e.deleting.size };
  }
}
