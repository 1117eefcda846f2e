// Pod creations and deletions a DaemonSet has asked for but not yet seen through its informer (client-go's
// ControllerExpectations). While any are outstanding the controller does not create or delete more, so a stale
// cache cannot make it create a second pod for a node. Deletions are tracked by pod uid, so seeing a pod first
// terminating and then gone counts once. Expectations older than the TTL are given up on.

interface Pending {
  adds: number;
  deletes: Set<string>;
  since: number;
}

export class Expectations {
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly now: () => number, private readonly ttlMs = 5 * 60_000) {}

  /** Called before issuing the writes. */
  expect(key: string, adds: number, deleteUids: readonly string[]): void {
    this.pending.set(key, { adds, deletes: new Set(deleteUids), since: this.now() });
  }

  creationObserved(key: string): void {
    const p = this.pending.get(key);
    if (p && p.adds > 0) p.adds--;
  }

  deletionObserved(key: string, uid: string | undefined): void {
    if (uid !== undefined) this.pending.get(key)?.deletes.delete(uid);
  }

  /** Creations that will never be observed (the create failed or was skipped). */
  lowerCreations(key: string, n: number): void {
    const p = this.pending.get(key);
    if (p) p.adds = Math.max(0, p.adds - n);
  }

  satisfied(key: string): boolean {
    const p = this.pending.get(key);
    if (!p) return true;
    if ((p.adds <= 0 && p.deletes.size === 0) || this.now() - p.since > this.ttlMs) return true;
    return false;
  }

  forget(key: string): void {
    this.pending.delete(key);
  }
}
