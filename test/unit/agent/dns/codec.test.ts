// The DNS wire codec: what resolvers send decodes, what we send is what dig and glibc read (round trips of
// every record kind, compression, EDNS, truncation), and no malformed packet can crash the server.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeMessage } from '../../../../agent/dns/decode.js';
import { encodeMessage } from '../../../../agent/dns/encode.js';
import { canonicalIPv6, parseReverseName, reverseName } from '../../../../agent/dns/ip.js';
import { DnsFormatError, emptyFlags, RCode, RRType, type Message, type ResourceRecord } from '../../../../agent/dns/message.js';
import { splitLabels } from '../../../../agent/dns/names.js';

const msg = (over: Partial<Message> = {}): Message => ({
  id: 0x1234, flags: { ...emptyFlags(), qr: true, aa: true, rd: true, ra: true }, rcode: 0,
  questions: [{ name: 'redis.default.svc.cluster.local', type: RRType.A, class: 1 }], answers: [], authority: [], additional: [], ...over,
});
const a = (name: string, address: string, ttl = 5): ResourceRecord => ({ name, type: RRType.A, class: 1, ttl, data: { kind: 'a', address } });

// `dig +noedns redis.default.svc.cluster.local` as captured on the wire (id 0xbeef, RD set).
const DIG_QUERY = Buffer.from('beef01000001000000000000' + '057265646973' + '0764656661756c74' + '03737663' + '07636c7573746572' + '056c6f63616c' + '00' + '00010001', 'hex');

describe('DNS codec', () => {
  test('decodes the query a stub resolver sends', () => {
    const m = decodeMessage(DIG_QUERY);
    assert.equal(m.id, 0xbeef);
    assert.equal(m.flags.rd, true);
    assert.equal(m.flags.qr, false);
    assert.deepEqual(m.questions, [{ name: 'redis.default.svc.cluster.local', type: RRType.A, class: 1 }]);
    assert.equal(m.edns, undefined);
  });

  test('every record kind survives a round trip', () => {
    const records: ResourceRecord[] = [
      a('redis.default.svc.cluster.local', '10.96.0.20'),
      { name: 'dual.default.svc.cluster.local', type: RRType.AAAA, class: 1, ttl: 5, data: { kind: 'aaaa', address: 'fd00:10:96::21' } },
      { name: 'ext.default.svc.cluster.local', type: RRType.CNAME, class: 1, ttl: 5, data: { kind: 'name', target: 'www.example.com' } },
      { name: '_cql._tcp.cassandra.db.svc.cluster.local', type: RRType.SRV, class: 1, ttl: 5, data: { kind: 'srv', priority: 0, weight: 33, port: 9042, target: 'cassandra-0.cassandra.db.svc.cluster.local' } },
      { name: '20.0.96.10.in-addr.arpa', type: RRType.PTR, class: 1, ttl: 5, data: { kind: 'name', target: 'redis.default.svc.cluster.local' } },
      { name: 'cluster.local', type: RRType.NS, class: 1, ttl: 5, data: { kind: 'name', target: 'ns.dns.cluster.local' } },
      { name: 'example.com', type: RRType.MX, class: 1, ttl: 300, data: { kind: 'mx', preference: 10, exchange: 'mail.example.com' } },
      { name: 'dns-version.cluster.local', type: RRType.TXT, class: 1, ttl: 28800, data: { kind: 'txt', texts: [Buffer.from('1.0.1'), Buffer.from('')] } },
      { name: 'example.com', type: 99, class: 1, ttl: 1, data: { kind: 'raw', bytes: Buffer.from([1, 2, 3]) } },
    ];
    const soa: ResourceRecord = { name: 'cluster.local', type: RRType.SOA, class: 1, ttl: 5, data: { kind: 'soa', mname: 'ns.dns.cluster.local', rname: 'hostmaster.cluster.local', serial: 4000000000, refresh: 7200, retry: 1800, expire: 86400, minimum: 5 } };
    const m = msg({ answers: records, authority: [soa], additional: [a('ns.dns.cluster.local', '10.244.0.1')], edns: { udpSize: 1232, extendedRcode: 0, version: 0, dnssecOk: true, options: Buffer.from('000a00080102030405060708', 'hex') } });
    const back = decodeMessage(encodeMessage(m));
    assert.deepEqual(back, m);
  });

  test('names are compressed: repeated suffixes become pointers, the SRV target is not compressed', () => {
    const answers = ['10.244.1.10', '10.244.1.11', '10.244.1.12'].map((ip) => a('redis.default.svc.cluster.local', ip));
    const wire = encodeMessage(msg({ answers }));
    const uncompressed = 12 + 37 + 3 * (33 + 14);
    assert.ok(wire.length < uncompressed - 90, `compressed ${wire.length} vs ${uncompressed}`);
    // Each answer's owner is a pointer to the question name at offset 12.
    assert.equal(wire.readUInt16BE(12 + 37), 0xc00c);
    const srv: ResourceRecord = { name: '_x._tcp.s.default.svc.cluster.local', type: RRType.SRV, class: 1, ttl: 5, data: { kind: 'srv', priority: 0, weight: 1, port: 1, target: 's.default.svc.cluster.local' } };
    const w2 = encodeMessage(msg({ questions: [{ name: '_x._tcp.s.default.svc.cluster.local', type: RRType.SRV, class: 1 }], answers: [srv] }));
    assert.ok(w2.includes(Buffer.from('\x01s\x07default\x03svc\x07cluster\x05local\x00', 'latin1')), 'SRV target written in full');
    assert.deepEqual(decodeMessage(w2).answers, [srv]);
  });

  test('trailing dots, escapes and odd bytes in labels round-trip', () => {
    assert.deepEqual(splitLabels('redis.default.'), ['redis', 'default']);
    assert.deepEqual(splitLabels(''), []);
    assert.deepEqual(splitLabels('a\\.b.c'), ['a.b', 'c']);
    const odd = 'we\\032ird\\.x.example';
    const back = decodeMessage(encodeMessage(msg({ questions: [{ name: odd, type: RRType.A, class: 1 }] })));
    assert.equal(back.questions[0].name, odd);
    assert.throws(() => splitLabels('a..b'), DnsFormatError);
    assert.throws(() => splitLabels(`${'x'.repeat(64)}.com`), DnsFormatError);
    assert.throws(() => splitLabels(Array(130).fill('ab').join('.')), DnsFormatError);
  });

  test('a message over the size limit is truncated: TC set, whole records kept, OPT kept; additional dropped without TC', () => {
    const answers = Array.from({ length: 40 }, (_, i) => a('cassandra.db.svc.cluster.local', `10.244.1.${i}`));
    const edns = { udpSize: 512, extendedRcode: 0, version: 0, dnssecOk: false, options: Buffer.alloc(0) };
    const wire = encodeMessage(msg({ questions: [{ name: 'cassandra.db.svc.cluster.local', type: RRType.A, class: 1 }], answers, edns }), 512);
    assert.ok(wire.length <= 512);
    const m = decodeMessage(wire);
    assert.equal(m.flags.tc, true);
    assert.ok(m.answers.length > 10 && m.answers.length < 40, `${m.answers.length} answers`);
    assert.deepEqual(m.answers, answers.slice(0, m.answers.length));
    assert.equal(m.edns?.udpSize, 512);

    const extra = Array.from({ length: 40 }, (_, i) => a(`h${i}.cassandra.db.svc.cluster.local`, `10.244.1.${i}`));
    const m2 = decodeMessage(encodeMessage(msg({ answers: [a('redis.default.svc.cluster.local', '10.96.0.20')], additional: extra }), 512));
    assert.equal(m2.flags.tc, false);
    assert.equal(m2.answers.length, 1);
    assert.ok(m2.additional.length < 40);
  });

  test('extended rcodes travel in the OPT record (BADVERS)', () => {
    const m = decodeMessage(encodeMessage(msg({ rcode: RCode.BADVERS, edns: { udpSize: 1232, extendedRcode: 0, version: 0, dnssecOk: false, options: Buffer.alloc(0) } })));
    assert.equal(m.rcode, RCode.BADVERS);
  });

  test('malformed packets throw DnsFormatError, never anything else', () => {
    const bad: [string, Buffer][] = [
      ['short header', Buffer.from('beef0100', 'hex')],
      ['question count with no question', Buffer.from('beef01000001000000000000', 'hex')],
      ['label past the end', Buffer.from('beef0100000100000000000005726564', 'hex')],
      ['pointer loop', Buffer.from('beef01000001000000000000c00c00010001', 'hex')],
      ['forward pointer', Buffer.from('beef01000001000000000000c01000010001000000', 'hex')],
      ['extended label type', Buffer.from('beef0100000100000000000041610000010001', 'hex')],
      ['A record with 3 bytes', Buffer.concat([Buffer.from('beef81000000000100000000', 'hex'), Buffer.from('0000010001000000050003010203', 'hex')])],
      ['rdata past the end', Buffer.concat([Buffer.from('beef81000000000100000000', 'hex'), Buffer.from('00000100010000000500ff01', 'hex')])],
      ['two OPT records', Buffer.concat([Buffer.from('beef01000000000000000002', 'hex'), Buffer.from('00002904d000000000000000002904d0000000000000', 'hex')])],
    ];
    for (const [what, buf] of bad) assert.throws(() => decodeMessage(buf), DnsFormatError, what);
  });

  test('ten thousand random corruptions of real packets decode or throw DnsFormatError', () => {
    const seeds = [DIG_QUERY, encodeMessage(msg({ answers: [a('redis.default.svc.cluster.local', '10.96.0.20')], edns: { udpSize: 1232, extendedRcode: 0, version: 0, dnssecOk: false, options: Buffer.alloc(0) } }))];
    let seed = 42;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let i = 0; i < 10_000; i++) {
      const buf = Buffer.from(seeds[i % 2]);
      for (let k = 0; k <= rand(4); k++) buf[rand(buf.length)] = rand(256);
      const cut = rand(3) === 0 ? buf.subarray(0, rand(buf.length)) : buf;
      try {
        decodeMessage(cut);
      } catch (err) {
        assert.ok(err instanceof DnsFormatError, `corruption ${i} threw ${(err as Error).stack}`);
      }
    }
  });

  test('reverse names and IPv6 text', () => {
    assert.equal(reverseName('10.96.0.20'), '20.0.96.10.in-addr.arpa');
    assert.equal(parseReverseName('20.0.96.10.in-addr.arpa'), '10.96.0.20');
    assert.equal(parseReverseName('96.10.in-addr.arpa'), undefined);
    assert.equal(parseReverseName('300.0.96.10.in-addr.arpa'), undefined);
    // As `dig -x fd00:10:96::21` spells it.
    const v6 = reverseName('fd00:10:96::21');
    assert.equal(v6, '1.2.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.6.9.0.0.0.1.0.0.0.0.d.f.ip6.arpa');
    assert.equal(parseReverseName(v6), 'fd00:10:96::21');
    assert.equal(canonicalIPv6('FD00:0010:0096:0000:0000:0000:0000:0021'), 'fd00:10:96::21');
    assert.equal(canonicalIPv6('::ffff:10.0.0.1'), '::ffff:a00:1');
    assert.equal(canonicalIPv6('1:2:3:4:5:6:7'), undefined);
  });
});
