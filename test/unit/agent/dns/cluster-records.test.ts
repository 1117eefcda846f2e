// The names the cluster DNS answers, per the Kubernetes DNS specification, asked as a pod's resolver asks:
// service A/AAAA, headless endpoints and their hostnames, SRV for named ports, ExternalName CNAMEs, pod A
// records, PTR for service and pod IPs, negative answers with the SOA, and the protocol edges (FORMERR,
// NOTIMP, BADVERS, truncation). The data comes through real informers over a static transport.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createClusterInformers, InformerClusterView } from '../../../../agent/dns/cluster-view.js';
import type { PodRecordMode } from '../../../../agent/dns/cluster-records.js';
import { decodeMessage } from '../../../../agent/dns/decode.js';
import type { ForwardRequest } from '../../../../agent/dns/forwarder.js';
import { emptyFlags, RCode, RRType, type Message } from '../../../../agent/dns/message.js';
import { DnsResponder } from '../../../../agent/dns/responder.js';
import type { Informer } from '../../../../client/informer.js';
import type { KubeObject } from '../../../../api/types/meta.js';
import { guestbook, queryWire, service, show, slice, StaticTransport } from './fixtures.js';

/** Stands in for the upstream resolvers: knows one name, NXDOMAIN for the rest, remembers what it was asked. */
class FakeUpstream {
  asked: string[] = [];
  async resolve(req: ForwardRequest): Promise<Message> {
    this.asked.push(`${req.question.name}/${req.question.type}`);
    const known = req.question.name.toLowerCase() === 'search.example.com' && req.question.type === RRType.A;
    return {
      id: 1, flags: { ...emptyFlags(), qr: true, ra: true }, rcode: known ? RCode.NOERROR : RCode.NXDOMAIN, questions: [req.question],
      answers: known ? [{ name: 'search.example.com', type: RRType.A, class: 1, ttl: 300, data: { kind: 'a', address: '93.184.216.34' } }] : [],
      authority: [], additional: [],
    };
  }
}

interface Rig {
  transport: StaticTransport;
  upstream: FakeUpstream;
  view: InformerClusterView;
  ask(name: string, type?: number, o?: { proto?: 'udp' | 'tcp'; edns?: boolean; raw?: Buffer }): Promise<Message>;
  stop(): void;
}

async function rig(objects: Record<string, KubeObject[]>, podRecords: PodRecordMode = 'insecure'): Promise<Rig> {
  const transport = new StaticTransport(objects);
  const inf = createClusterInformers(transport, true);
  const view = new InformerClusterView(inf);
  const all = [inf.services, inf.endpointSlices, inf.pods].filter((i): i is Informer => !!i);
  for (const i of all) i.start();
  await view.waitForSync();
  const upstream = new FakeUpstream();
  const responder = new DnsResponder({ view, ready: () => view.synced, zone: { zone: 'cluster.local', ttl: 5, podRecords, nameserverIPs: ['10.244.0.1'] }, forwarder: upstream });
  return {
    transport, upstream, view,
    async ask(name, type = RRType.A, o = {}) {
      const out = await responder.handle(o.raw ?? queryWire(name, type, { edns: o.edns }), o.proto ?? 'udp');
      assert.ok(out, `an answer for ${name}`);
      return decodeMessage(out);
    },
    stop: () => all.forEach((i) => i.stop()),
  };
}

const answers = (m: Message): string[] => m.answers.map(show).sort();

describe('cluster DNS records', () => {
  let r: Rig;
  before(async () => { r = await rig(guestbook()); });
  after(() => r.stop());

  const cases: [string, number, number, string[]][] = [
    ['redis-master.default.svc.cluster.local', RRType.A, RCode.NOERROR, ['redis-master.default.svc.cluster.local A 10.96.0.20']],
    ['redis-master.default.svc.cluster.local.', RRType.A, RCode.NOERROR, ['redis-master.default.svc.cluster.local A 10.96.0.20']],
    ['Redis-Master.DEFAULT.svc.Cluster.Local', RRType.A, RCode.NOERROR, ['Redis-Master.DEFAULT.svc.Cluster.Local A 10.96.0.20']],
    ['redis-master.default.svc.cluster.local', RRType.AAAA, RCode.NOERROR, []],
    ['dual.default.svc.cluster.local', RRType.AAAA, RCode.NOERROR, ['dual.default.svc.cluster.local AAAA fd00:10:96::21']],
    ['cassandra.db.svc.cluster.local', RRType.A, RCode.NOERROR, ['10.244.1.10', '10.244.1.11', '10.244.1.12'].map((ip) => `cassandra.db.svc.cluster.local A ${ip}`)],
    ['cassandra-0.cassandra.db.svc.cluster.local', RRType.A, RCode.NOERROR, ['cassandra-0.cassandra.db.svc.cluster.local A 10.244.1.10']],
    ['10-244-1-12.cassandra.db.svc.cluster.local', RRType.A, RCode.NOERROR, ['10-244-1-12.cassandra.db.svc.cluster.local A 10.244.1.12']],
    ['cassandra-2.cassandra.db.svc.cluster.local', RRType.A, RCode.NXDOMAIN, []],
    ['unready.db.svc.cluster.local', RRType.A, RCode.NXDOMAIN, []],
    ['peers.db.svc.cluster.local', RRType.A, RCode.NOERROR, ['peers.db.svc.cluster.local A 10.244.1.30']],
    ['peer-0.peers.db.svc.cluster.local', RRType.A, RCode.NOERROR, ['peer-0.peers.db.svc.cluster.local A 10.244.1.30']],
    ['cassandra-0.redis-master.default.svc.cluster.local', RRType.A, RCode.NXDOMAIN, []],
    ['_cql._tcp.cassandra.db.svc.cluster.local', RRType.SRV, RCode.NOERROR, ['cassandra-0', 'cassandra-1', '10-244-1-12'].map((h) => `_cql._tcp.cassandra.db.svc.cluster.local SRV 0 33 9042 ${h}.cassandra.db.svc.cluster.local`)],
    ['_gossip._udp.cassandra.db.svc.cluster.local', RRType.SRV, RCode.NOERROR, ['cassandra-0', 'cassandra-1', '10-244-1-12'].map((h) => `_gossip._udp.cassandra.db.svc.cluster.local SRV 0 33 7001 ${h}.cassandra.db.svc.cluster.local`)],
    ['_cql._udp.cassandra.db.svc.cluster.local', RRType.SRV, RCode.NXDOMAIN, []],
    ['_redis._tcp.redis-master.default.svc.cluster.local', RRType.SRV, RCode.NOERROR, ['_redis._tcp.redis-master.default.svc.cluster.local SRV 0 100 6379 redis-master.default.svc.cluster.local']],
    ['_https._tcp.kubernetes.default.svc.cluster.local', RRType.SRV, RCode.NOERROR, ['_https._tcp.kubernetes.default.svc.cluster.local SRV 0 100 443 kubernetes.default.svc.cluster.local']],
    ['_redis._tcp.redis-master.default.svc.cluster.local', RRType.A, RCode.NOERROR, []],
    ['_http._tcp.redis-master.default.svc.cluster.local', RRType.SRV, RCode.NXDOMAIN, []],
    ['search.default.svc.cluster.local', RRType.CNAME, RCode.NOERROR, ['search.default.svc.cluster.local CNAME search.example.com']],
    ['search.default.svc.cluster.local', RRType.A, RCode.NOERROR, ['search.default.svc.cluster.local CNAME search.example.com', 'search.example.com A 93.184.216.34']],
    ['alias.default.svc.cluster.local', RRType.A, RCode.NOERROR, ['alias.default.svc.cluster.local CNAME redis-master.default.svc.cluster.local', 'redis-master.default.svc.cluster.local A 10.96.0.20']],
    ['10-244-2-7.web.pod.cluster.local', RRType.A, RCode.NOERROR, ['10-244-2-7.web.pod.cluster.local A 10.244.2.7']],
    ['10-244-2-7.web.pod.cluster.local', RRType.AAAA, RCode.NOERROR, []],
    ['1-2-3-999.web.pod.cluster.local', RRType.A, RCode.NXDOMAIN, []],
    ['20.0.96.10.in-addr.arpa', RRType.PTR, RCode.NOERROR, ['20.0.96.10.in-addr.arpa PTR redis-master.default.svc.cluster.local']],
    ['10.1.244.10.in-addr.arpa', RRType.PTR, RCode.NOERROR, ['10.1.244.10.in-addr.arpa PTR cassandra-0.cassandra.db.svc.cluster.local']],
    ['5.1.244.10.in-addr.arpa', RRType.PTR, RCode.NOERROR, ['5.1.244.10.in-addr.arpa PTR 10-244-1-5.default.pod.cluster.local']],
    ['7.2.244.10.in-addr.arpa', RRType.PTR, RCode.NOERROR, ['7.2.244.10.in-addr.arpa PTR 10-244-2-7.web.pod.cluster.local']],
    ['1.2.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.6.9.0.0.0.1.0.0.0.0.d.f.ip6.arpa', RRType.PTR, RCode.NOERROR, ['1.2.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.6.9.0.0.0.1.0.0.0.0.d.f.ip6.arpa PTR dual.default.svc.cluster.local']],
    ['nope.default.svc.cluster.local', RRType.A, RCode.NXDOMAIN, []],
    ['default.svc.cluster.local', RRType.A, RCode.NOERROR, []],
    ['nothere.svc.cluster.local', RRType.A, RCode.NXDOMAIN, []],
    ['a.b.c.redis-master.default.svc.cluster.local', RRType.A, RCode.NXDOMAIN, []],
    ['redis-master.default.cluster.local', RRType.A, RCode.NXDOMAIN, []],
    ['cluster.local', RRType.NS, RCode.NOERROR, ['cluster.local NS ns.dns.cluster.local']],
    ['ns.dns.cluster.local', RRType.A, RCode.NOERROR, ['ns.dns.cluster.local A 10.244.0.1']],
    ['dns-version.cluster.local', RRType.TXT, RCode.NOERROR, ['dns-version.cluster.local TXT "1.0.1"']],
  ];
  for (const [name, type, rcode, want] of cases) {
    test(`${name} ${type}`, async () => {
      const m = await r.ask(name, type);
      assert.equal(m.rcode, rcode);
      assert.deepEqual(answers(m), [...want].sort());
      assert.equal(m.flags.aa, true);
      assert.equal(m.flags.qr, true);
      assert.equal(m.id, 4242);
      // Negative answers carry the zone's SOA so resolvers can cache them (RFC 2308).
      if (want.length === 0) assert.deepEqual(m.authority.map(show), ['cluster.local SOA ns.dns.cluster.local hostmaster.cluster.local']);
    });
  }

  test('records carry the 5 s TTL; SRV answers bring the targets\' addresses along', async () => {
    const m = await r.ask('_cql._tcp.cassandra.db.svc.cluster.local', RRType.SRV);
    assert.ok(m.answers.every((a) => a.ttl === 5));
    assert.deepEqual(m.additional.map(show).sort(), [
      '10-244-1-12.cassandra.db.svc.cluster.local A 10.244.1.12', 'cassandra-0.cassandra.db.svc.cluster.local A 10.244.1.10', 'cassandra-1.cassandra.db.svc.cluster.local A 10.244.1.11',
    ]);
    const soa = (await r.ask('cluster.local', RRType.SOA)).answers[0];
    assert.equal(soa.data.kind === 'soa' && soa.data.minimum, 5);
  });

  test('names outside the zone and reverse names of unknown addresses go upstream', async () => {
    r.upstream.asked = [];
    assert.equal((await r.ask('example.com', RRType.A)).rcode, RCode.NXDOMAIN);
    assert.equal((await r.ask('8.8.8.8.in-addr.arpa', RRType.PTR)).rcode, RCode.NXDOMAIN);
    assert.deepEqual(r.upstream.asked, ['example.com/1', '8.8.8.8.in-addr.arpa/12']);
  });

  test('a pod resolves short names only through its search path', async () => {
    // What glibc does with `search default.svc.cluster.local svc.cluster.local cluster.local` and ndots:5.
    const search = ['default.svc.cluster.local', 'svc.cluster.local', 'cluster.local'];
    const resolve = async (name: string): Promise<string | undefined> => {
      const absolute = name.endsWith('.');
      const dots = name.split('.').length - 1;
      const tries = absolute ? [name] : dots >= 5 ? [name, ...search.map((s) => `${name}.${s}`)] : [...search.map((s) => `${name}.${s}`), name];
      for (const t of tries) {
        const m = await r.ask(t, RRType.A);
        if (m.rcode === RCode.NOERROR && m.answers.length > 0) return `${t.replace(/\.$/, '')} ${m.answers.map(show).map((s) => s.split(' ').pop()).join(',')}`;
      }
      return undefined;
    };
    assert.equal(await resolve('redis-master'), 'redis-master.default.svc.cluster.local 10.96.0.20');
    assert.equal(await resolve('redis-master.default'), 'redis-master.default.svc.cluster.local 10.96.0.20');
    assert.equal(await resolve('redis-master.default.svc'), 'redis-master.default.svc.cluster.local 10.96.0.20');
    assert.equal(await resolve('cassandra-0.cassandra.db'), 'cassandra-0.cassandra.db.svc.cluster.local 10.244.1.10');
    assert.equal(await resolve('redis-master.default.svc.cluster.local.'), 'redis-master.default.svc.cluster.local 10.96.0.20');
    // The server itself does not expand short names: asked as they are, they are not cluster names.
    r.upstream.asked = [];
    for (const short of ['redis-master', 'redis-master.default', 'redis-master.default.svc']) assert.equal((await r.ask(short, RRType.A)).rcode, RCode.NXDOMAIN);
    assert.deepEqual(r.upstream.asked, ['redis-master/1', 'redis-master.default/1', 'redis-master.default.svc/1']);
  });

  test('changes seen by the informers are answered at once, with a new SOA serial', async () => {
    const serial = (m: Message): number => (m.authority[0]?.data.kind === 'soa' ? m.authority[0].data.serial : -1);
    const before = await r.ask('late.default.svc.cluster.local');
    assert.equal(before.rcode, RCode.NXDOMAIN);
    r.transport.push('services', 'ADDED', service('default', 'late', { clusterIP: '10.96.0.99', clusterIPs: ['10.96.0.99'], ports: [{ port: 80 }] }));
    assert.deepEqual(answers(await r.ask('late.default.svc.cluster.local')), ['late.default.svc.cluster.local A 10.96.0.99']);
    r.transport.push('services', 'DELETED', service('default', 'late', {}));
    const gone = await r.ask('late.default.svc.cluster.local');
    assert.equal(gone.rcode, RCode.NXDOMAIN);
    assert.ok(serial(gone) > serial(before), `serial ${serial(gone)} > ${serial(before)}`);
  });

  test('malformed and unsupported queries get FORMERR, NOTIMP or BADVERS; responses and runts get nothing', async () => {
    const garbage = Buffer.from('abcd0100000100000000000005726564', 'hex');
    const formerr = await r.ask('', 0, { raw: garbage });
    assert.equal(formerr.rcode, RCode.FORMERR);
    assert.equal(formerr.id, 0xabcd);

    const status = queryWire('cluster.local', RRType.SOA);
    status[2] |= 2 << 3; // opcode STATUS
    assert.equal((await r.ask('', 0, { raw: status })).rcode, RCode.NOTIMP);

    const two = Buffer.from(queryWire('cluster.local', RRType.SOA, { edns: false }));
    two.writeUInt16BE(2, 4);
    const twice = Buffer.concat([two, two.subarray(12)]);
    assert.equal((await r.ask('', 0, { raw: twice })).rcode, RCode.FORMERR);

    const v1 = queryWire('cluster.local', RRType.SOA);
    v1[v1.length - 5] = 1; // EDNS version 1 (the OPT record's TTL bytes: rcode, version, flags)
    assert.equal((await r.ask('', 0, { raw: v1 })).rcode, RCode.BADVERS);

    const responder = new DnsResponder({ view: r.view, ready: () => true, zone: { zone: 'cluster.local', ttl: 5, podRecords: 'insecure', nameserverIPs: [] } });
    const response = Buffer.from(queryWire('cluster.local', RRType.SOA));
    response[2] |= 0x80;
    assert.equal(await responder.handle(response, 'udp'), undefined);
    assert.equal(await responder.handle(Buffer.from('abcd', 'hex'), 'udp'), undefined);
  });

  test('a headless service too large for 512 bytes is truncated over UDP and whole over TCP', async () => {
    const big = Array.from({ length: 60 }, (_, i) => ({ ip: `10.244.3.${i + 1}`, hostname: `web-${i}` }));
    r.transport.push('services', 'ADDED', service('default', 'big', { clusterIP: 'None', clusterIPs: ['None'], ports: [{ name: 'http', port: 80 }] }));
    r.transport.push('endpointslices', 'ADDED', slice('default', 'big', 'zzzzz', [{ name: 'http', port: 8080 }], big));
    const udp = await r.ask('big.default.svc.cluster.local', RRType.A, { edns: false });
    assert.equal(udp.flags.tc, true);
    assert.ok(udp.answers.length < 60);
    const tcp = await r.ask('big.default.svc.cluster.local', RRType.A, { proto: 'tcp', edns: false });
    assert.equal(tcp.flags.tc, false);
    assert.equal(tcp.answers.length, 60);
    const edns = await r.ask('big.default.svc.cluster.local', RRType.A);
    assert.equal(edns.flags.tc, false, '60 A records fit the 1232 bytes EDNS allows');
  });

  test('until the caches are filled, cluster names get SERVFAIL rather than a false NXDOMAIN', async () => {
    const stuck = new StaticTransport({});
    stuck.list = () => new Promise(() => undefined);
    const inf = createClusterInformers(stuck, false);
    const view = new InformerClusterView(inf);
    const responder = new DnsResponder({ view, ready: () => view.synced, zone: { zone: 'cluster.local', ttl: 5, podRecords: 'insecure', nameserverIPs: [] } });
    const m = decodeMessage((await responder.handle(queryWire('redis-master.default.svc.cluster.local', RRType.A), 'udp'))!);
    assert.equal(m.rcode, RCode.SERVFAIL);
  });
});

describe('cluster DNS pod records, verified mode', () => {
  let r: Rig;
  before(async () => { r = await rig(guestbook(), 'verified'); });
  after(() => r.stop());

  test('answers only for a pod with that IP in that namespace', async () => {
    assert.deepEqual(answers(await r.ask('10-244-2-7.web.pod.cluster.local')), ['10-244-2-7.web.pod.cluster.local A 10.244.2.7']);
    assert.equal((await r.ask('10-244-2-7.default.pod.cluster.local')).rcode, RCode.NXDOMAIN);
    assert.equal((await r.ask('10-244-9-9.web.pod.cluster.local')).rcode, RCode.NXDOMAIN);
  });
});
