// The DNS message model (RFC 1035, EDNS0 from RFC 6891) shared by the codec, the cluster records and the
// forwarder. Names are presentation strings without the trailing dot ('' is the root); a label byte that
// is not a plain printable character appears as a \DDD escape, so any wire name round-trips.

export const RRType = {
  A: 1, NS: 2, CNAME: 5, SOA: 6, PTR: 12, MX: 15, TXT: 16, AAAA: 28, SRV: 33, OPT: 41, ANY: 255,
} as const;

export const RRClass = { IN: 1, ANY: 255 } as const;

export const RCode = {
  NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5,
  /** Extended (EDNS): the query's EDNS version is not supported. */
  BADVERS: 16,
} as const;

export const OPCODE_QUERY = 0;

export interface Flags {
  qr: boolean;
  opcode: number;
  aa: boolean;
  tc: boolean;
  rd: boolean;
  ra: boolean;
  ad: boolean;
  cd: boolean;
}

export interface Question {
  name: string;
  type: number;
  class: number;
}

/** Record data by shape; types whose data this codec does not model travel as their raw bytes. */
export type RData =
  | { kind: 'a'; address: string }
  | { kind: 'aaaa'; address: string }
  /** CNAME, NS, PTR. */
  | { kind: 'name'; target: string }
  | { kind: 'mx'; preference: number; exchange: string }
  | { kind: 'srv'; priority: number; weight: number; port: number; target: string }
  | { kind: 'soa'; mname: string; rname: string; serial: number; refresh: number; retry: number; expire: number; minimum: number }
  | { kind: 'txt'; texts: Buffer[] }
  | { kind: 'raw'; bytes: Buffer };

export interface ResourceRecord {
  name: string;
  type: number;
  class: number;
  ttl: number;
  data: RData;
}

/** The OPT pseudo-record, kept apart from the additional section. */
export interface Edns {
  udpSize: number;
  /** The upper 8 bits of the 12-bit rcode. */
  extendedRcode: number;
  version: number;
  dnssecOk: boolean;
  /** The options' raw bytes (cookies, client subnet, ...), passed through untouched. */
  options: Buffer;
}

export interface Message {
  id: number;
  flags: Flags;
  /** The full rcode: header bits plus EDNS extended bits (e.g. 16 = BADVERS). */
  rcode: number;
  questions: Question[];
  answers: ResourceRecord[];
  authority: ResourceRecord[];
  additional: ResourceRecord[];
  edns?: Edns;
}

export const HEADER_SIZE = 12;
/** The classic UDP limit, for clients without EDNS. */
export const MIN_UDP_SIZE = 512;
/** The UDP size we advertise in our OPT records (the 2020 DNS flag day size, safe from fragmentation). */
export const EDNS_UDP_SIZE = 1232;
/** The most we send over UDP, whatever larger size a client offers. */
export const MAX_UDP_SIZE = 4096;
export const MAX_MESSAGE_SIZE = 65535;

export function emptyFlags(): Flags {
  return { qr: false, opcode: OPCODE_QUERY, aa: false, tc: false, rd: false, ra: false, ad: false, cd: false };
}

/** A response skeleton for a query: same id, opcode, question and RD; RA set (we recurse for clients). */
export function replyTo(query: Message, rcode: number): Message {
  const reply: Message = {
    id: query.id,
    flags: { ...emptyFlags(), qr: true, opcode: query.flags.opcode, rd: query.flags.rd, ra: true, cd: query.flags.cd },
    rcode,
    questions: query.questions.slice(0, 1),
    answers: [], authority: [], additional: [],
  };
  if (query.edns) reply.edns = { udpSize: EDNS_UDP_SIZE, extendedRcode: 0, version: 0, dnssecOk: query.edns.dnssecOk, options: Buffer.alloc(0) };
  return reply;
}

/** The most a UDP answer to this query may hold: 512 without EDNS, else the client's size within our bounds. */
export function maxUdpSize(query: Message | undefined): number {
  const asked = query?.edns?.udpSize ?? MIN_UDP_SIZE;
  return Math.max(MIN_UDP_SIZE, Math.min(asked, MAX_UDP_SIZE));
}

/** Lowercases ASCII letters only: DNS names compare case-insensitively over ASCII (RFC 4343). */
export function lowerName(name: string): string {
  return /[A-Z]/.test(name) ? name.replace(/[A-Z]+/g, (m) => m.toLowerCase()) : name;
}

/** Accepts 'name.' or 'name' (a trailing dot marks an FQDN in presentation form). */
export function trimDot(name: string): string {
  return name.endsWith('.') && !name.endsWith('\\.') ? name.slice(0, -1) : name;
}

export class DnsFormatError extends Error {
  override readonly name = 'DnsFormatError';
}
