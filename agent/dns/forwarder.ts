// Names outside the cluster go to the upstream resolvers: over UDP (a fresh socket and a random id per
// query), over TCP when the answer comes back truncated. Upstreams are tried in order within one deadline; SERVFAIL/REFUSED move on to the next.
// Identical questions in flight share one upstream query; answers are cached per their TTLs.
import { randomInt } from 'node:crypto';
import { encodeMessage } from './encode.js';
import { exchange } from './exchange.js';
import { emptyFlags, lowerName, MIN_UDP_SIZE, RCode, type Edns, type Message, type Question } from './message.js';
import type { Upstream } from './resolv-conf.js';
import { ResponseCache } from './response-cache.js';

export interface ForwarderOptions {
  upstreams: Upstream[];
  /** One attempt at one upstream (default 2 s). */
  attemptTimeoutMs?: number;
  /** All attempts together (default 4 s, inside a stub resolver's usual 5 s). */
  deadlineMs?: number;
  cache?: ResponseCache;
  log?: { debug(obj: object, msg: string): void };
}

export interface ForwardRequest {
  question: Question;
  rd: boolean;
  cd: boolean;
  /** The client's EDNS (its UDP size and DO bit are passed on); none if the client sent none. */
  edns?: Edns;
}

export class UpstreamError extends Error {
  override readonly name = 'UpstreamError';
}

export class Forwarder {
  private readonly inflight = new Map<string, Promise<Message>>();
  readonly cache: ResponseCache;

  constructor(private readonly o: ForwarderOptions) {
    this.cache = o.cache ?? new ResponseCache();
  }

  get upstreams(): readonly Upstream[] {
    return this.o.upstreams;
  }

  /** The upstream answer (id and question as the upstream sent them); throws UpstreamError when none came. */
  resolve(req: ForwardRequest): Promise<Message> {
    const q = req.question;
    const key = `${lowerName(q.name)}|${q.type}|${q.class}|${req.edns?.dnssecOk ? 1 : 0}|${req.cd ? 1 : 0}`;
    const cached = this.cache.get(key);
    if (cached) return Promise.resolve(cached);
    let p = this.inflight.get(key);
    if (!p) {
      p = this.query(req).then((msg) => {
        this.cache.set(key, msg);
        return msg;
      }).finally(() => this.inflight.delete(key));
      this.inflight.set(key, p);
    }
    return p;
  }

  private async query(req: ForwardRequest): Promise<Message> {
    if (this.o.upstreams.length === 0) throw new UpstreamError('no upstream resolvers configured');
    const deadline = Date.now() + (this.o.deadlineMs ?? 4000);
    let fallback: Message | undefined;
    let lastErr: unknown;
    for (const up of this.o.upstreams) {
      const left = deadline - Date.now();
      if (left <= 0) break;
      const timeout = Math.min(this.o.attemptTimeoutMs ?? 2000, left);
      try {
        let resp = await this.exchange(up, req, 'udp', timeout);
        if (resp.flags.tc) resp = await this.exchange(up, req, 'tcp', Math.max(1, Math.min(timeout, deadline - Date.now())));
        if (resp.rcode === RCode.SERVFAIL || resp.rcode === RCode.REFUSED || resp.rcode === RCode.NOTIMP) {
          fallback = resp;
          continue;
        }
        return resp;
      } catch (err) {
        lastErr = err;
        this.o.log?.debug({ upstream: `${up.host}:${up.port}`, name: req.question.name, err: (err as Error).message }, 'dns upstream attempt failed');
      }
    }
    if (fallback) return fallback;
    throw new UpstreamError(`no answer from ${this.o.upstreams.map((u) => `${u.host}:${u.port}`).join(', ')}: ${(lastErr as Error | undefined)?.message ?? 'deadline passed'}`);
  }

  private exchange(up: Upstream, req: ForwardRequest, proto: 'udp' | 'tcp', timeoutMs: number): Promise<Message> {
    const id = randomInt(0, 0x10000);
    const query: Message = {
      id, flags: { ...emptyFlags(), rd: req.rd, cd: req.cd }, rcode: 0, questions: [req.question], answers: [], authority: [], additional: [],
    };
    if (req.edns) query.edns = { udpSize: Math.max(MIN_UDP_SIZE, req.edns.udpSize), extendedRcode: 0, version: 0, dnssecOk: req.edns.dnssecOk, options: Buffer.alloc(0) };
    const wire = encodeMessage(query);
    const matches = (m: Message): boolean => {
      const q = m.questions[0];
      return m.id === id && m.flags.qr && !!q && q.type === req.question.type && q.class === req.question.class && lowerName(q.name) === lowerName(req.question.name);
    };
    return exchange(up, wire, proto, matches, timeoutMs);
  }
}
