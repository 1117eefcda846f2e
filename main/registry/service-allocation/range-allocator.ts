// Offsets 0..size-1 handed out once each, remembering who holds them (a Service key), so a release by
// someone who no longer holds an offset cannot free another Service's. Dynamic picks start at a random
// offset in the upper band and fall back to the lower one, as upstream's bitmap allocator does.

export class RangeAllocator {
  private readonly owners = new Map<number, string>();

  /**
   * @param size number of offsets
   * @param band offsets below this are left to explicit requests while the upper band has room
   * @param neverDynamic offsets dynamic allocation skips (10.96.0.1, the `kubernetes` Service's)
   */
  constructor(
    readonly size: number,
    readonly band: number,
    private readonly neverDynamic: ReadonlySet<number> = new Set(),
    private readonly random: () => number = Math.random,
  ) {}

  get used(): number {
    return this.owners.size;
  }

  ownerOf(offset: number): string | undefined {
    return this.owners.get(offset);
  }

  /** Takes `offset` for `owner`; false when someone holds it already. */
  allocate(offset: number, owner: string): boolean {
    if (offset < 0 || offset >= this.size || this.owners.has(offset)) return false;
    this.owners.set(offset, owner);
    return true;
  }

  /** A free offset for `owner`, or undefined when the range is full. */
  allocateNext(owner: string): number | undefined {
    const found = this.scan(this.band, this.size) ?? this.scan(0, this.band);
    if (found !== undefined) this.owners.set(found, owner);
    return found;
  }

  /** Frees `offset` if `owner` holds it. */
  release(offset: number, owner: string): void {
    if (this.owners.get(offset) === owner) this.owners.delete(offset);
  }

  /** Probes [from, to) from a random start, wrapping once. */
  private scan(from: number, to: number): number | undefined {
    const n = to - from;
    if (n <= 0) return undefined;
    const start = Math.floor(this.random() * n);
    for (let i = 0; i < n; i++) {
      const offset = from + ((start + i) % n);
      if (!this.owners.has(offset) && !this.neverDynamic.has(offset)) return offset;
    }
    return undefined;
  }
}
