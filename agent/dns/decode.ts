// Wire → Message. Every read is bounds-checked and every malformation (short buffer, label type bits,
// pointer loops or forward jumps, over-long names, RDATA lengths that disagree) throws DnsFormatError, so a
// hostile packet costs one exception and never a crash.
import { DnsFormatError, HEADER_SIZE, RRType, type Edns, type Flags, type Message, type Question, type RData, type ResourceRecord } from './message.js';
import { compressIPv6 } from './ip.js';
import { escapeLabel, MAX_NAME_WIRE } from './names.js';

/** The 16-bit id and flags of a packet too broken to decode, so the server can still answer FORMERR. */
export function peekHeader(buf: Buffer): { id: number; flags: Flags } | undefined {
  if (buf.length < HEADER_SIZE) return undefined;
  return { id: buf.readUInt16BE(0), flags: decodeFlags(buf.readUInt16BE(2)) };
}

export function decodeFlags(f: number): Flags {
  return {
    qr: (f & 0x8000) !== 0, opcode: (f >> 11) & 0xf, aa: (f & 0x0400) !== 0, tc: (f & 0x0200) !== 0,
    rd: (f & 0x0100) !== 0, ra: (f & 0x0080) !== 0, ad: (f & 0x0020) !== 0, cd: (f & 0x0010) !== 0,
  };
}

export function decodeMessage(buf: Buffer): Message {
  if (buf.length < HEADER_SIZE) throw new DnsFormatError(`message of ${buf.length} bytes is shorter than a header`);
  const r = new Reader(buf);
  const id = r.u16();
  const rawFlags = r.u16();
  const qd = r.u16(), an = r.u16(), ns = r.u16(), ar = r.u16();
  const msg: Message = { id, flags: decodeFlags(rawFlags), rcode: rawFlags & 0xf, questions: [], answers: [], authority: [], additional: [] };
  for (let i = 0; i < qd; i++) msg.questions.push(readQuestion(r));
  for (let i = 0; i < an; i++) msg.answers.push(readRecord(r));
  for (let i = 0; i < ns; i++) msg.authority.push(readRecord(r));
  for (let i = 0; i < ar; i++) {
    const rr = readRecord(r);
    if (rr.type !== RRType.OPT) {
      msg.additional.push(rr);
      continue;
    }
    if (msg.edns) throw new DnsFormatError('more than one OPT record');
    if (rr.name !== '') throw new DnsFormatError('OPT record not owned by the root');
    msg.edns = toEdns(rr);
    msg.rcode |= msg.edns.extendedRcode << 4;
  }
  // Trailing bytes are tolerated (some middleboxes pad), as most resolvers do.
  return msg;
}

function toEdns(rr: ResourceRecord): Edns {
  const bytes = rr.data.kind === 'raw' ? rr.data.bytes : Buffer.alloc(0);
  return {
    udpSize: rr.class,
    extendedRcode: (rr.ttl >>> 24) & 0xff,
    version: (rr.ttl >>> 16) & 0xff,
    dnssecOk: (rr.ttl & 0x8000) !== 0,
    options: bytes,
  };
}

function readQuestion(r: Reader): Question {
  const name = r.name();
  return { name, type: r.u16(), class: r.u16() };
}

function readRecord(r: Reader): ResourceRecord {
  const name = r.name();
  const type = r.u16();
  const cls = r.u16();
  const ttl = r.u32();
  const len = r.u16();
  const end = r.pos + len;
  if (end > r.buf.length) throw new DnsFormatError(`record data of ${len} bytes runs past the message`);
  const data = readData(r, type, len);
  if (r.pos !== end) throw new DnsFormatError(`record data of type ${type} is ${len} bytes but its fields take ${r.pos - (end - len)}`);
  return { name, type, class: cls, ttl, data };
}

function readData(r: Reader, type: number, len: number): RData {
  switch (type) {
    case RRType.A:
      if (len !== 4) throw new DnsFormatError(`A record of ${len} bytes`);
      return { kind: 'a', address: `${r.u8()}.${r.u8()}.${r.u8()}.${r.u8()}` };
    case RRType.AAAA: {
      if (len !== 16) throw new DnsFormatError(`AAAA record of ${len} bytes`);
      const parts: string[] = [];
      for (let i = 0; i < 8; i++) parts.push(r.u16().toString(16));
      return { kind: 'aaaa', address: compressIPv6(parts) };
    }
    case RRType.CNAME: case RRType.NS: case RRType.PTR:
      return { kind: 'name', target: r.name() };
    case RRType.MX:
      return { kind: 'mx', preference: r.u16(), exchange: r.name() };
    case RRType.SRV:
      return { kind: 'srv', priority: r.u16(), weight: r.u16(), port: r.u16(), target: r.name() };
    case RRType.SOA:
      return { kind: 'soa', mname: r.name(), rname: r.name(), serial: r.u32(), refresh: r.u32(), retry: r.u32(), expire: r.u32(), minimum: r.u32() };
    case RRType.TXT: {
      const texts: Buffer[] = [];
      const end = r.pos + len;
      while (r.pos < end) texts.push(r.bytes(r.u8()));
      return { kind: 'txt', texts };
    }
    default:
      return { kind: 'raw', bytes: r.bytes(len) };
  }
}

class Reader {
  pos = 0;
  constructor(readonly buf: Buffer) {}

  private need(n: number): void {
    if (this.pos + n > this.buf.length) throw new DnsFormatError(`message ends ${this.pos + n - this.buf.length} bytes early`);
  }

  u8(): number {
    this.need(1);
    return this.buf[this.pos++];
  }

  u16(): number {
    this.need(2);
    const v = this.buf.readUInt16BE(this.pos);
    this.pos += 2;
    return v;
  }

  u32(): number {
    this.need(4);
    const v = this.buf.readUInt32BE(this.pos);
    this.pos += 4;
    return v;
  }

  bytes(n: number): Buffer {
    this.need(n);
    const b = Buffer.from(this.buf.subarray(this.pos, this.pos + n));
    this.pos += n;
    return b;
  }

  /** A possibly compressed name; pointers must point strictly backwards, which also rules out loops. */
  name(): string {
    const buf = this.buf;
    let p = this.pos;
    let jumped = false;
    let wire = 1;
    let limit = p;
    let out = '';
    for (;;) {
      if (p >= buf.length) throw new DnsFormatError('name runs past the message');
      const len = buf[p];
      if (len === 0) {
        if (!jumped) this.pos = p + 1;
        return out;
      }
      const tag = len & 0xc0;
      if (tag === 0xc0) {
        if (p + 1 >= buf.length) throw new DnsFormatError('compression pointer runs past the message');
        const target = ((len & 0x3f) << 8) | buf[p + 1];
        if (!jumped) this.pos = p + 2;
        if (target >= limit) throw new DnsFormatError('compression pointer does not point backwards');
        jumped = true;
        limit = target;
        p = target;
        continue;
      }
      if (tag !== 0) throw new DnsFormatError(`unsupported label type 0x${tag.toString(16)}`);
      if (p + 1 + len > buf.length) throw new DnsFormatError('label runs past the message');
      wire += len + 1;
      if (wire > MAX_NAME_WIRE) throw new DnsFormatError(`name longer than ${MAX_NAME_WIRE} bytes`);
      const label = escapeLabel(buf.toString('latin1', p + 1, p + 1 + len));
      out = out === '' ? label : `${out}.${label}`;
      p += 1 + len;
    }
  }
}
