// A scripted DNS server on loopback standing in for the host's resolvers: UDP and TCP on one port, each
// query answered by the test's function (or dropped), every query recorded.
import { createSocket, type Socket } from 'node:dgram';
import { createServer, type Server, type Socket as TcpSocket } from 'node:net';
import { decodeMessage } from '../../../../agent/dns/decode.js';
import { encodeMessage } from '../../../../agent/dns/encode.js';
import { readFrames, writeFrame } from '../../../../agent/dns/exchange.js';
import { emptyFlags, type Message, type ResourceRecord } from '../../../../agent/dns/message.js';

export type Script = (q: Message, proto: 'udp' | 'tcp') => Message | 'drop' | Promise<Message | 'drop'>;

export interface SeenQuery {
  proto: 'udp' | 'tcp';
  name: string;
  type: number;
  udpSize?: number;
}

export class FakeUpstreamServer {
  seen: SeenQuery[] = [];
  port = 0;
  private udp: Socket | undefined;
  private tcp: Server | undefined;
  private readonly conns = new Set<TcpSocket>();

  constructor(readonly host: string, public script: Script) {}

  get address(): string {
    return `${this.host}:${this.port}`;
  }

  async start(): Promise<void> {
    const udp = createSocket('udp4');
    await new Promise<void>((resolve, reject) => { udp.once('error', reject); udp.bind({ address: this.host, port: 0 }, resolve); });
    this.port = udp.address().port;
    udp.on('message', (buf, rinfo) => void this.answer(buf, 'udp').then((out) => out && udp.send(out, rinfo.port, rinfo.address)));
    this.udp = udp;
    const tcp = createServer((c) => {
      this.conns.add(c);
      c.on('close', () => this.conns.delete(c));
      readFrames(c, (frame) => void this.answer(frame, 'tcp').then((out) => out && writeFrame(c, out)));
    });
    await new Promise<void>((resolve, reject) => { tcp.once('error', reject); tcp.listen({ host: this.host, port: this.port }, resolve); });
    this.tcp = tcp;
  }

  private async answer(buf: Buffer, proto: 'udp' | 'tcp'): Promise<Buffer | undefined> {
    const q = decodeMessage(buf);
    this.seen.push({ proto, name: q.questions[0]?.name ?? '', type: q.questions[0]?.type ?? 0, udpSize: q.edns?.udpSize });
    const out = await this.script(q, proto);
    if (out === 'drop') return undefined;
    return encodeMessage(out, proto === 'udp' ? Math.max(512, q.edns?.udpSize ?? 512) : 65535);
  }

  async stop(): Promise<void> {
    for (const c of this.conns) c.destroy();
    await Promise.all([
      new Promise<void>((r) => (this.udp ? this.udp.close(() => r()) : r())),
      new Promise<void>((r) => (this.tcp ? this.tcp.close(() => r()) : r())),
    ]);
  }
}

/** The answer to `q` with these records. */
export function answer(q: Message, rcode: number, answers: ResourceRecord[] = [], authority: ResourceRecord[] = []): Message {
  return {
    id: q.id, flags: { ...emptyFlags(), qr: true, rd: q.flags.rd, ra: true }, rcode, questions: q.questions, answers, authority, additional: [],
    edns: q.edns ? { udpSize: 1232, extendedRcode: 0, version: 0, dnssecOk: false, options: Buffer.alloc(0) } : undefined,
  };
}

export const aRecord = (name: string, address: string, ttl: number): ResourceRecord => ({ name, type: 1, class: 1, ttl, data: { kind: 'a', address } });

export const soaRecord = (zone: string, ttl: number, minimum: number): ResourceRecord => ({
  name: zone, type: 6, class: 1, ttl, data: { kind: 'soa', mname: `ns.${zone}`, rname: `hostmaster.${zone}`, serial: 1, refresh: 3600, retry: 600, expire: 86400, minimum },
});
