// Message → wire, with name compression (owner names and the names RFC 1035 lets us compress: CNAME, NS,
// PTR, MX, SOA) and truncation to a size: when the answer or authority does not fit, TC is set and the
// records that fit are kept (the client retries over TCP); additional records that do not fit are dropped
// without TC, as RFC 2181 §9 allows. The OPT record is always kept.
import { DnsFormatError, HEADER_SIZE, MAX_MESSAGE_SIZE, RRType, type Edns, type Flags, type Message, type Question, type ResourceRecord } from './message.js';
import { expandIPv6 } from './ip.js';
import { escapeLabel, MAX_LABEL, MAX_NAME_WIRE, splitLabels } from './names.js';

const OPT_SIZE = 11;
// Encoding is synchronous, so one scratch buffer serves every call.
const scratch = Buffer.alloc(MAX_MESSAGE_SIZE + 512);

export function encodeFlags(f: Flags, rcode: number): number {
  return (f.qr ? 0x8000 : 0) | ((f.opcode & 0xf) << 11) | (f.aa ? 0x0400 : 0) | (f.tc ? 0x0200 : 0) | (f.rd ? 0x0100 : 0)
    | (f.ra ? 0x0080 : 0) | (f.ad ? 0x0020 : 0) | (f.cd ? 0x0010 : 0) | (rcode & 0xf);
}

/** Encodes `msg` in at most `maxSize` bytes (truncating as described above). Throws DnsFormatError on a bad name. */
export function encodeMessage(msg: Message, maxSize = MAX_MESSAGE_SIZE): Buffer {
  const w = new Writer(scratch, Math.min(maxSize, MAX_MESSAGE_SIZE) - (msg.edns ? OPT_SIZE + msg.edns.options.length : 0));
  w.pos = HEADER_SIZE;
  let tc = msg.flags.tc;
  for (const q of msg.questions) writeQuestion(w, q);
  if (w.pos > w.limit) throw new DnsFormatError('the question alone does not fit');
  const counts = [msg.questions.length, 0, 0, 0];
  const sections = [msg.answers, msg.authority, msg.additional];
  outer: for (let s = 0; s < 3; s++) {
    for (const rr of sections[s]) {
      const mark = w.mark();
      writeRecord(w, rr);
      if (w.pos > w.limit) {
        w.rollback(mark);
        if (s < 2) tc = true;
        break outer;
      }
      counts[s + 1]++;
    }
  }
  if (msg.edns) {
    w.limit = MAX_MESSAGE_SIZE;
    writeOpt(w, msg.edns, msg.rcode);
    counts[3]++;
  }
  scratch.writeUInt16BE(msg.id & 0xffff, 0);
  scratch.writeUInt16BE(encodeFlags({ ...msg.flags, tc }, msg.rcode), 2);
  for (let i = 0; i < 4; i++) scratch.writeUInt16BE(counts[i], 4 + 2 * i);
  return Buffer.from(scratch.subarray(0, w.pos));
}

function writeQuestion(w: Writer, q: Question): void {
  w.name(q.name, true);
  w.u16(q.type);
  w.u16(q.class);
}

function writeOpt(w: Writer, e: Edns, rcode: number): void {
  w.u8(0);
  w.u16(RRType.OPT);
  w.u16(e.udpSize);
  w.u32((((rcode >> 4) & 0xff) << 24 | (e.version & 0xff) << 16 | (e.dnssecOk ? 0x8000 : 0)) >>> 0);
  w.u16(e.options.length);
  w.bytes(e.options);
}

function writeRecord(w: Writer, rr: ResourceRecord): void {
  w.name(rr.name, true);
  w.u16(rr.type);
  w.u16(rr.class);
  w.u32(rr.ttl >>> 0);
  const lenAt = w.pos;
  w.u16(0);
  const d = rr.data;
  switch (d.kind) {
    case 'a': w.ipv4(d.address); break;
    case 'aaaa': w.ipv6(d.address); break;
    case 'name': w.name(d.target, true); break;
    case 'mx': w.u16(d.preference); w.name(d.exchange, true); break;
    // RFC 2782: an SRV target is never compressed (but later names may point into it).
    case 'srv': w.u16(d.priority); w.u16(d.weight); w.u16(d.port); w.name(d.target, false); break;
    case 'soa':
      w.name(d.mname, true); w.name(d.rname, true);
      w.u32(d.serial >>> 0); w.u32(d.refresh >>> 0); w.u32(d.retry >>> 0); w.u32(d.expire >>> 0); w.u32(d.minimum >>> 0);
      break;
    case 'txt':
      for (const t of d.texts) {
        if (t.length > 255) throw new DnsFormatError('TXT string longer than 255 bytes');
        w.u8(t.length);
        w.bytes(t);
      }
      break;
    case 'raw': w.bytes(d.bytes); break;
  }
  const len = w.pos - lenAt - 2;
  if (w.pos <= w.buf.length) w.buf.writeUInt16BE(len, lenAt);
}

class Writer {
  pos = 0;
  /** Suffix (as written) → offset, for compression; `added` lets a rollback forget what it undid. */
  private readonly offsets = new Map<string, number>();
  private readonly added: string[] = [];

  constructor(readonly buf: Buffer, public limit: number) {}

  mark(): { pos: number; added: number } {
    return { pos: this.pos, added: this.added.length };
  }

  rollback(m: { pos: number; added: number }): void {
    this.pos = m.pos;
    while (this.added.length > m.added) this.offsets.delete(this.added.pop()!);
  }

  // Writes past `limit` land in the scratch slack or are skipped; the caller checks pos against limit.
  private room(n: number): boolean {
    return this.pos + n <= this.buf.length;
  }

  u8(v: number): void {
    if (this.room(1)) this.buf[this.pos] = v;
    this.pos += 1;
  }

  u16(v: number): void {
    if (this.room(2)) this.buf.writeUInt16BE(v & 0xffff, this.pos);
    this.pos += 2;
  }

  u32(v: number): void {
    if (this.room(4)) this.buf.writeUInt32BE(v, this.pos);
    this.pos += 4;
  }

  bytes(b: Buffer): void {
    if (this.room(b.length)) b.copy(this.buf, this.pos);
    this.pos += b.length;
  }

  ipv4(address: string): void {
    // Hand-parsed: this runs for every A record of every answer.
    let octet = -1, parts = 0;
    for (let i = 0; i <= address.length; i++) {
      const c = i < address.length ? address.charCodeAt(i) : 0x2e;
      if (c === 0x2e) {
        if (octet < 0 || parts === 4) throw new DnsFormatError(`not an IPv4 address: ${address}`);
        this.u8(octet);
        parts++;
        octet = -1;
      } else if (c >= 0x30 && c <= 0x39) {
        octet = octet < 0 ? c - 0x30 : octet * 10 + c - 0x30;
        if (octet > 255) throw new DnsFormatError(`not an IPv4 address: ${address}`);
      } else {
        throw new DnsFormatError(`not an IPv4 address: ${address}`);
      }
    }
    if (parts !== 4) throw new DnsFormatError(`not an IPv4 address: ${address}`);
  }

  ipv6(address: string): void {
    for (const g of expandIPv6(address)) this.u16(g);
  }

  /**
   * Writes a name, ending in a pointer to an earlier copy of its longest known suffix. Suffix keys are the
   * presentation text from a label boundary on (case-sensitive, so a pointer never changes case).
   */
  name(name: string, compress: boolean): void {
    const text = name.endsWith('.') && !name.endsWith('\\.') ? name.slice(0, -1) : name;
    if (text.includes('\\')) return this.escapedName(text, compress);
    if (text.length > MAX_NAME_WIRE - 2) throw new DnsFormatError(`name longer than ${MAX_NAME_WIRE} bytes: "${name}"`);
    let start = 0;
    while (start < text.length) {
      const key = start === 0 ? text : text.slice(start);
      if (this.suffix(key, compress)) return;
      let end = text.indexOf('.', start);
      if (end < 0) end = text.length;
      const len = end - start;
      if (len === 0 || len > MAX_LABEL) throw new DnsFormatError(`bad label length ${len} in "${name}"`);
      this.u8(len);
      if (this.room(len)) {
        for (let i = 0; i < len; i++) {
          const c = text.charCodeAt(start + i);
          if (c > 0xff) throw new DnsFormatError(`non-latin1 character in "${name}"`);
          this.buf[this.pos + i] = c;
        }
      }
      this.pos += len;
      start = end + 1;
    }
    this.u8(0);
  }

  private escapedName(text: string, compress: boolean): void {
    const labels = splitLabels(text);
    for (let i = 0; i < labels.length; i++) {
      if (this.suffix(labels.slice(i).map(escapeLabel).join('.'), compress)) return;
      const l = labels[i];
      this.u8(l.length);
      if (this.room(l.length)) this.buf.write(l, this.pos, 'latin1');
      this.pos += l.length;
    }
    this.u8(0);
  }

  /** Writes a pointer if `key` was written before (and returns true); else remembers it starts here. */
  private suffix(key: string, compress: boolean): boolean {
    if (compress) {
      const at = this.offsets.get(key);
      if (at !== undefined) {
        this.u16(0xc000 | at);
        return true;
      }
    }
    if (this.pos < 0x4000 && !this.offsets.has(key)) {
      this.offsets.set(key, this.pos);
      this.added.push(key);
    }
    return false;
  }
}
