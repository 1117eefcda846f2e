// Forwarding names outside the cluster to the host's resolvers (fake ones on loopback): the client's EDNS
// size passed on, TCP after a truncated UDP answer, the next upstream after a timeout or SERVFAIL, one
// upstream query for identical questions in flight, and a cache that keeps answers exactly as long as
// their TTLs (and the SOA's negative TTL) allow.
import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Forwarder, UpstreamError, type ForwardRequest } from '../../../../agent/dns/forwarder.js';
import { RCode, RRType } from '../../../../agent/dns/message.js';
import { ResponseCache } from '../../../../agent/dns/response-cache.js';
import { aRecord, answer, FakeUpstreamServer, soaRecord, type Script } from './fake-upstream.js';

const req = (name: string, udpSize?: number): ForwardRequest => ({
  question: { name, type: RRType.A, class: 1 }, rd: true, cd: false,
  edns: udpSize ? { udpSize, extendedRcode: 0, version: 0, dnssecOk: false, options: Buffer.alloc(0) } : undefined,
});

describe('DNS forwarder', () => {
  const servers: FakeUpstreamServer[] = [];
  const upstream = async (script: Script): Promise<FakeUpstreamServer> => {
    const s = new FakeUpstreamServer('127.0.0.1', script);
    await s.start();
    servers.push(s);
    return s;
  };
  afterEach(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    servers.length = 0;
  });
  const fwd = (ups: FakeUpstreamServer[], o: { now?: () => number; attemptTimeoutMs?: number; deadlineMs?: number } = {}): Forwarder => new Forwarder({
    upstreams: ups.map((u) => ({ host: u.host, port: u.port })), attemptTimeoutMs: o.attemptTimeoutMs ?? 300, deadlineMs: o.deadlineMs ?? 1000,
    cache: new ResponseCache({ now: o.now }),
  });

  test('asks over UDP with the client\'s EDNS buffer size, and returns the answer', async () => {
    const up = await upstream((q) => answer(q, RCode.NOERROR, [aRecord('example.com', '93.184.216.34', 300)]));
    const m = await fwd([up]).resolve(req('example.com', 4096));
    assert.deepEqual(m.answers.map((a) => a.data), [{ kind: 'a', address: '93.184.216.34' }]);
    assert.deepEqual(up.seen, [{ proto: 'udp', name: 'example.com', type: RRType.A, udpSize: 4096 }]);
  });

  test('a truncated UDP answer is asked again over TCP', async () => {
    const many = Array.from({ length: 50 }, (_, i) => aRecord('many.example', `192.0.2.${i}`, 60));
    const up = await upstream((q) => answer(q, RCode.NOERROR, many));
    const m = await fwd([up]).resolve(req('many.example'));
    assert.equal(m.answers.length, 50);
    assert.deepEqual(up.seen.map((s) => s.proto), ['udp', 'tcp']);
  });

  test('an upstream that times out or fails is skipped for the next; when all fail, UpstreamError', async () => {
    const silent = await upstream(() => 'drop');
    const failing = await upstream((q) => answer(q, RCode.SERVFAIL));
    const good = await upstream((q) => answer(q, RCode.NOERROR, [aRecord('example.com', '192.0.2.1', 60)]));
    const m = await fwd([silent, failing, good]).resolve(req('example.com'));
    assert.equal(m.rcode, RCode.NOERROR);
    assert.deepEqual([silent, failing, good].map((s) => s.seen.length), [1, 1, 1]);

    await assert.rejects(fwd([silent], { deadlineMs: 500 }).resolve(req('example.org')), UpstreamError);
    // Only failures: the last SERVFAIL is passed on (and not cached).
    const f = fwd([failing]);
    assert.equal((await f.resolve(req('example.net'))).rcode, RCode.SERVFAIL);
    assert.equal((await f.resolve(req('example.net'))).rcode, RCode.SERVFAIL);
    assert.equal(failing.seen.filter((s) => s.name === 'example.net').length, 2);
  });

  test('identical questions in flight share one upstream query', async () => {
    const up = await upstream(async (q) => {
      await new Promise((r) => setTimeout(r, 50));
      return answer(q, RCode.NOERROR, [aRecord('example.com', '192.0.2.1', 0)]);
    });
    const f = fwd([up]);
    const [a, b] = await Promise.all([f.resolve(req('example.com')), f.resolve(req('EXAMPLE.com'))]);
    assert.equal(a.answers.length, 1);
    assert.equal(b.answers.length, 1);
    assert.equal(up.seen.length, 1);
  });

  test('answers are cached for their smallest TTL (at most 30 s) and served with the TTL counted down', async () => {
    let now = 1_000_000;
    const up = await upstream((q) => answer(q, RCode.NOERROR, [aRecord(q.questions[0].name, '192.0.2.1', 20), aRecord(q.questions[0].name, '192.0.2.2', 10)]));
    const f = fwd([up], { now: () => now });
    await f.resolve(req('example.com'));
    now += 4_000;
    const hit = await f.resolve(req('example.com'));
    assert.deepEqual(hit.answers.map((a) => a.ttl), [16, 6]);
    assert.equal(up.seen.length, 1);
    now += 6_000;
    await f.resolve(req('example.com'));
    assert.equal(up.seen.length, 2, 'expired after the smallest TTL');

    const long = await upstream((q) => answer(q, RCode.NOERROR, [aRecord(q.questions[0].name, '192.0.2.3', 86400)]));
    const g = fwd([long], { now: () => now });
    await g.resolve(req('stable.example'));
    now += 29_000;
    assert.deepEqual((await g.resolve(req('stable.example'))).answers.map((a) => a.ttl), [1]);
    now += 1_000;
    await g.resolve(req('stable.example'));
    assert.equal(long.seen.length, 2, 'kept no longer than 30 s');
  });

  test('negative answers are cached for the SOA\'s negative TTL; without an SOA they are not', async () => {
    let now = 1_000_000;
    const up = await upstream((q) => (q.questions[0].name === 'nosoa.example'
      ? answer(q, RCode.NXDOMAIN)
      : answer(q, RCode.NXDOMAIN, [], [soaRecord('example', 3600, 10)])));
    const f = fwd([up], { now: () => now });
    await f.resolve(req('missing.example'));
    now += 9_000;
    assert.equal((await f.resolve(req('missing.example'))).rcode, RCode.NXDOMAIN);
    assert.equal(up.seen.length, 1);
    now += 1_000;
    await f.resolve(req('missing.example'));
    assert.equal(up.seen.length, 2);
    await f.resolve(req('nosoa.example'));
    await f.resolve(req('nosoa.example'));
    assert.equal(up.seen.length, 4);
  });
});
