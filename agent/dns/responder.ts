// One query in, one answer out, independent of the socket it came on: malformed packets get FORMERR (or
// nothing, when even the header is missing or it is a response), names in the cluster zone and reverse
// names of cluster addresses are answered from the cluster view, everything else is forwarded upstream.
import type { ClusterView } from './cluster-view.js';
import { answerCluster, answerReverse, type ClusterAnswer, type ZoneConfig } from './cluster-records.js';
import { decodeMessage, peekHeader } from './decode.js';
import { encodeMessage } from './encode.js';
import type { Forwarder } from './forwarder.js';
import { parseReverseName } from './ip.js';
import { emptyFlags, lowerName, MAX_MESSAGE_SIZE, maxUdpSize, OPCODE_QUERY, RCode, replyTo, RRClass, type Message, type ResourceRecord } from './message.js';
import { isInZone } from './names.js';

export interface ResponderStats {
  queries: number;
  cluster: number;
  forwarded: number;
  servfail: number;
  formerr: number;
  truncated: number;
}

export interface ResponderOptions {
  view: ClusterView;
  /** Whether the view has its first full list (until then cluster names get SERVFAIL, never a cached NXDOMAIN). */
  ready: () => boolean;
  zone: ZoneConfig;
  /** Resolves names outside the cluster (the Forwarder; tests pass a fake). */
  forwarder?: Pick<Forwarder, 'resolve'>;
  log?: { debug(obj: object, msg: string): void };
}

export class DnsResponder {
  readonly stats: ResponderStats = { queries: 0, cluster: 0, forwarded: 0, servfail: 0, formerr: 0, truncated: 0 };

  constructor(private readonly o: ResponderOptions) {}

  /** The answer's bytes, or undefined when the packet deserves no answer. */
  async handle(packet: Buffer, proto: 'udp' | 'tcp'): Promise<Buffer | undefined> {
    const head = peekHeader(packet);
    if (!head || head.flags.qr) return undefined;
    this.stats.queries++;
    let query: Message;
    try {
      query = decodeMessage(packet);
    } catch {
      this.stats.formerr++;
      const bare: Message = { id: head.id, flags: { ...emptyFlags(), qr: true, opcode: head.flags.opcode, rd: head.flags.rd }, rcode: RCode.FORMERR, questions: [], answers: [], authority: [], additional: [] };
      return encodeMessage(bare);
    }
    const maxSize = proto === 'udp' ? maxUdpSize(query) : MAX_MESSAGE_SIZE;
    let resp: Message;
    try {
      resp = await this.answer(query);
    } catch (err) {
      this.o.log?.debug({ err: (err as Error).message, name: query.questions[0]?.name }, 'dns query failed');
      resp = replyTo(query, RCode.SERVFAIL);
    }
    if (resp.rcode === RCode.SERVFAIL) this.stats.servfail++;
    if (resp.rcode === RCode.FORMERR) this.stats.formerr++;
    let wire: Buffer;
    try {
      wire = encodeMessage(resp, maxSize);
    } catch {
      // A record we could not encode (say, an invalid ExternalName): fail this name, not the server.
      this.stats.servfail++;
      wire = encodeMessage(replyTo(query, RCode.SERVFAIL), maxSize);
    }
    if (wire.length >= 3 && (wire[2] & 0x02) !== 0) this.stats.truncated++;
    return wire;
  }

  private async answer(query: Message): Promise<Message> {
    if (query.flags.opcode !== OPCODE_QUERY) return replyTo(query, RCode.NOTIMP);
    if (query.questions.length !== 1) return replyTo(query, RCode.FORMERR);
    if (query.edns && query.edns.version > 0) return replyTo(query, RCode.BADVERS);
    const q = query.questions[0];
    const lname = lowerName(q.name);
    const cfg = this.o.zone;
    const inClass = q.class === RRClass.IN || q.class === RRClass.ANY;
    if (inClass && isInZone(lname, cfg.zone)) {
      if (!this.o.ready()) return replyTo(query, RCode.SERVFAIL);
      this.stats.cluster++;
      const a = answerCluster(this.o.view, cfg, lname, q.type);
      const resp = this.fromCluster(query, lname, a);
      if (a.chase) await this.chase(query, resp, a.chase);
      return resp;
    }
    const ip = inClass ? parseReverseName(lname) : undefined;
    if (ip && this.o.ready()) {
      const a = answerReverse(this.o.view, cfg, lname, q.type, ip);
      if (a) {
        this.stats.cluster++;
        return this.fromCluster(query, lname, a);
      }
    }
    return this.forward(query, lname);
  }

  private fromCluster(query: Message, lname: string, a: ClusterAnswer): Message {
    const resp = replyTo(query, a.rcode);
    resp.flags.aa = true;
    resp.answers = withOwner(a.answers, lname, query.questions[0].name);
    resp.authority = a.authority;
    resp.additional = a.additional;
    return resp;
  }

  /** Appends the upstream answer for an ExternalName's target; without one, the CNAME alone still helps. */
  private async chase(query: Message, resp: Message, target: string): Promise<void> {
    const f = this.o.forwarder;
    if (!f) return;
    try {
      const up = await f.resolve({ question: { ...query.questions[0], name: target }, rd: true, cd: query.flags.cd, edns: query.edns });
      resp.answers.push(...up.answers);
      if (up.rcode === RCode.NXDOMAIN) {
        resp.rcode = RCode.NXDOMAIN;
        resp.authority = up.authority;
      }
    } catch (err) {
      this.o.log?.debug({ target, err: (err as Error).message }, 'dns ExternalName target unresolved');
    }
  }

  private async forward(query: Message, lname: string): Promise<Message> {
    const f = this.o.forwarder;
    if (!f) return replyTo(query, RCode.SERVFAIL);
    this.stats.forwarded++;
    const q = query.questions[0];
    const up = await f.resolve({ question: q, rd: query.flags.rd, cd: query.flags.cd, edns: query.edns });
    const resp = replyTo(query, up.rcode);
    resp.flags.aa = up.flags.aa;
    resp.flags.ad = up.flags.ad;
    resp.answers = withOwner(up.answers, lname, q.name);
    resp.authority = up.authority;
    resp.additional = up.additional;
    return resp;
  }
}

/** Owner names equal to the question get the question's own spelling (clients using 0x20 case checks). */
function withOwner(rrs: ResourceRecord[], lname: string, asked: string): ResourceRecord[] {
  return rrs.map((r) => (r.name === asked || lowerName(r.name) !== lname ? r : { ...r, name: asked }));
}
