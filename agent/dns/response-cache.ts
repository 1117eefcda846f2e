// A small cache of upstream answers honouring their TTLs: positive answers for their smallest record TTL,
// negative ones (NXDOMAIN, NODATA) for the SOA's negative TTL (RFC 2308), both capped; served with TTLs
// counted down. SERVFAIL, truncated and SOA-less negative answers are not kept. Bounded; oldest out first.
import { RCode, RRType, type Message, type ResourceRecord } from './message.js';

export interface CacheOptions {
  /** The longest any answer is kept, in seconds (kubeadm's CoreDNS runs `cache 30`). */
  maxTtl?: number;
  maxEntries?: number;
  now?: () => number;
}

interface Entry {
  msg: Message;
  storedAt: number;
  expiresAt: number;
}

export class ResponseCache {
  private readonly entries = new Map<string, Entry>();
  private readonly maxTtl: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(o: CacheOptions = {}) {
    this.maxTtl = o.maxTtl ?? 30;
    this.maxEntries = o.maxEntries ?? 10_000;
    this.now = o.now ?? Date.now;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The cached answer with its TTLs counted down, or undefined. The result is the caller's to change. */
  get(key: string): Message | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    const now = this.now();
    if (now >= e.expiresAt) {
      this.entries.delete(key);
      return undefined;
    }
    const elapsed = Math.floor((now - e.storedAt) / 1000);
    const age = (rr: ResourceRecord): ResourceRecord => ({ ...rr, ttl: Math.max(0, Math.min(rr.ttl, this.maxTtl) - elapsed) });
    return {
      ...e.msg,
      flags: { ...e.msg.flags },
      questions: [...e.msg.questions],
      answers: e.msg.answers.map(age),
      authority: e.msg.authority.map(age),
      additional: e.msg.additional.map(age),
    };
  }

  set(key: string, msg: Message): void {
    const ttl = cacheTtl(msg);
    if (ttl === undefined) return;
    const seconds = Math.min(ttl, this.maxTtl);
    if (seconds <= 0) return;
    const now = this.now();
    this.entries.delete(key);
    this.entries.set(key, { msg, storedAt: now, expiresAt: now + seconds * 1000 });
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }
}

/** How long an answer may be cached, or undefined if it must not be. */
export function cacheTtl(msg: Message): number | undefined {
  if (msg.flags.tc) return undefined;
  const answered = msg.rcode === RCode.NOERROR && msg.answers.length > 0;
  if (answered) return Math.min(...[...msg.answers, ...msg.authority].map((r) => r.ttl));
  if (msg.rcode !== RCode.NOERROR && msg.rcode !== RCode.NXDOMAIN) return undefined;
  const soa = msg.authority.find((r) => r.type === RRType.SOA);
  if (!soa || soa.data.kind !== 'soa') return undefined;
  return Math.min(soa.ttl, soa.data.minimum);
}
