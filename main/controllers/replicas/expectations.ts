// Creations and deletions a controller has asked for but not yet seen in its informer (client-go's
// UIDTrackingControllerExpectations): while any are outstanding the owner is not managed again, so a burst
// of events never makes it create or delete twice. Deletions are tracked per pod key, so seeing a pod both
// marked for deletion and then deleted counts once. Expectations older than the timeout are treated as met
// (a watch event can be lost for good, e.g. a create that timed out but never happened).

const EXPECTATIONS_TIMEOUT_MS = 5 * 60_000;

interface Expectation {
  add: number;
  del: number;
  /** Pod keys whose deletion is awaited. */
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
    if (e.add <= 0 && e.del <= 0) return true;
    return this.now() - e.setAt > this.timeoutMs;
  }

  expectCreations(ownerKey: string, count: number): void {
    this.byOwner.set(ownerKey, { add: count, del: 0, deleting: new Set(), setAt: this.now() });
  }

  expectDeletions(ownerKey: string, podKeys: readonly string[]): void {
    this.byOwner.set(ownerKey, { add: 0, del: podKeys.length, deleting: new Set(podKeys), setAt: this.now() });
  }

  creationObserved(ownerKey: string): void {
    const e = this.byOwner.get(ownerKey);
    if (e) e.add--;
  }

  /** A pod the owner deleted is gone or going; only pods the owner was waiting for count. */
  deletionObserved(ownerKey: string, podKey: string): void {
    const e = this.byOwner.get(ownerKey);
    if (e?.deleting.delete(podKey)) e.del--;
  }

  delete(ownerKey: string): void {
    this.byOwner.delete(ownerKey);
  }

  /** Outstanding counts (for logs and tests). */
  pending(ownerKey: string): { add: number; del: number } | undefined {
    const e = this.byOwner.get(ownerKey);
    return e && { add: e.add, del: e.del };
  }
}
