// The node's cluster DNS against a real control plane: Services get ClusterIPs from the allocator, pods
// get IPs through the status subresource (as an agent reports them), the EndpointSlice controller makes
// the slices, and the server — fed over HTTPS list/watch like the agent — answers on 127.0.0.2 to
// node:dgram, dig and busybox nslookup, forwarding the rest to a scripted upstream on 127.0.0.3.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Service } from 'kubernetes-types/core/v1.js';
import { ClusterDns } from '../../../agent/dns/index.js';
import { createAgentLogger } from '../../../agent/logger.js';
import { RCode, RRType, type Message } from '../../../agent/dns/message.js';
import { findResource } from '../../../api/resources/registry.js';
import type { KubeObject } from '../../../api/types/meta.js';
import { HttpTransport } from '../../../client/http-transport.js';
import { loadKubeconfig } from '../../../client/kubeconfig.js';
import { endpointSliceController } from '../../../main/controllers/endpoints/index.js';
import { InProcessTransport } from '../../../main/controllers/inprocess-transport.js';
import { startTestCluster, type TestCluster } from '../../helpers/cluster.js';
import { waitFor } from '../../helpers/wait.js';
import { ask } from '../../unit/agent/dns/dns-client.js';
import { aRecord, answer, FakeUpstreamServer, soaRecord } from '../../unit/agent/dns/fake-upstream.js';
import { show } from '../../unit/agent/dns/fixtures.js';

const PODS = findResource('', 'v1', 'pods')!;
const SERVICES = findResource('', 'v1', 'services')!;

const run = (cmd: string, args: string[]): Promise<string> => new Promise((resolve) => {
  execFile(cmd, args, { timeout: 15_000 }, (_err, stdout, stderr) => resolve(`${stdout}${stderr}`));
});
const which = (cmd: string): string | undefined => ['/usr/bin', '/bin', '/usr/local/bin'].map((d) => `${d}/${cmd}`).find((p) => existsSync(p));

describe('cluster DNS with a control plane', () => {
  let c: TestCluster;
  let t: InProcessTransport;
  let upstream: FakeUpstreamServer;
  let dns: ClusterDns;
  let server: { host: string; port: number };
  const q = (name: string, type: number = RRType.A, o: { proto?: 'udp' | 'tcp'; edns?: boolean } = {}): Promise<Message> => ask(server, name, type, o);
  const addrs = (m: Message): string[] => m.answers.map(show).map((s) => s.split(' ').slice(1).join(' ')).sort();

  before(async () => {
    c = await startTestCluster({ controllers: [endpointSliceController] });
    t = new InProcessTransport(c.cp.registry, 'test');
    const many = Array.from({ length: 50 }, (_, i) => aRecord('many.example.org', `192.0.2.${i}`, 60));
    upstream = new FakeUpstreamServer('127.0.0.3', (m) => {
      const name = m.questions[0].name.toLowerCase();
      if (name === 'silent.example.org') return 'drop';
      if (name === 'many.example.org') return answer(m, RCode.NOERROR, many);
      if ((name === 'www.example.org' || name === 'api.example.org') && m.questions[0].type === RRType.A) return answer(m, RCode.NOERROR, [aRecord(m.questions[0].name, '93.184.216.34', 60)]);
      return answer(m, RCode.NXDOMAIN, [], [soaRecord('example.org', 60, 30)]);
    });
    await upstream.start();
    dns = new ClusterDns({
      transport: new HttpTransport({ ...loadKubeconfig(c.kubeconfig), userAgent: 'skiff-agent/dns-test' }),
      listen: [{ host: '127.0.0.2', port: 0 }],
      clusterDomain: 'cluster.local',
      upstreams: [upstream.address],
      forwardAttemptTimeoutMs: 400, forwardDeadlineMs: 800,
      log: createAgentLogger('dns-test', process.env.SKIFF_LOG_LEVEL ?? 'warn'),
    });
    await dns.start();
    await dns.waitForSync();
    server = dns.addresses[0];
  });
  after(async () => {
    await dns?.stop();
    await upstream?.stop();
    await c?.stop();
  });

  const createService = async (name: string, spec: Service['spec']): Promise<Service> =>
    (await t.create(SERVICES, 'default', { apiVersion: 'v1', kind: 'Service', metadata: { name }, spec } as KubeObject)) as Service;
  const setStatus = async (name: string, ip: string, ready: boolean): Promise<void> => {
    const pod = await t.get(PODS, 'default', name);
    const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    await t.update(PODS, 'default', name, {
      ...pod, status: { phase: 'Running', podIP: ip, podIPs: [{ ip }], conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: now }] },
    }, { subresource: 'status' });
  };
  /** A pod as an agent would report it: created through the API, then its IP and readiness through status. */
  const runPod = async (name: string, ip: string, o: { labels?: Record<string, string>; hostname?: string; subdomain?: string }): Promise<void> => {
    await t.create(PODS, 'default', {
      apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: o.labels },
      spec: { hostname: o.hostname, subdomain: o.subdomain, containers: [{ name: 'app', image: 'nginx', ports: [{ name: 'cql', containerPort: 9042 }] }] },
    } as KubeObject);
    await setStatus(name, ip, true);
  };

  test('a ClusterIP service resolves to the IP the allocator gave it, over UDP and TCP, and back by PTR', async () => {
    const svc = await createService('redis-master', { selector: { app: 'redis' }, ports: [{ name: 'redis', port: 6379 }] });
    const ip = svc.spec!.clusterIP!;
    assert.match(ip, /^10\.(9[6-9]|10[0-9]|11[01])\./, 'from 10.96.0.0/12');
    const m = await waitFor('redis-master in DNS', async () => {
      const r = await q('redis-master.default.svc.cluster.local');
      return r.answers.length > 0 ? r : undefined;
    });
    assert.deepEqual(addrs(m), [`A ${ip}`]);
    assert.equal(m.flags.aa, true);
    assert.deepEqual(addrs(await q('redis-master.default.svc.cluster.local', RRType.A, { proto: 'tcp' })), [`A ${ip}`]);
    assert.deepEqual(addrs(await q(`${ip.split('.').reverse().join('.')}.in-addr.arpa`, RRType.PTR)), ['PTR redis-master.default.svc.cluster.local']);
    assert.deepEqual(addrs(await q('_redis._tcp.redis-master.default.svc.cluster.local', RRType.SRV)), ['SRV 0 100 6379 redis-master.default.svc.cluster.local']);
  });

  test('a headless service answers with its ready pods, their hostnames and SRV records, following readiness', async () => {
    await createService('cassandra', { clusterIP: 'None', selector: { app: 'cassandra' }, ports: [{ name: 'cql', port: 9042, targetPort: 'cql' }] });
    await runPod('cassandra-0', '10.244.7.10', { labels: { app: 'cassandra' }, hostname: 'cassandra-0', subdomain: 'cassandra' });
    await runPod('cassandra-1', '10.244.7.11', { labels: { app: 'cassandra' }, hostname: 'cassandra-1', subdomain: 'cassandra' });
    await waitFor('both cassandra pods in DNS', async () => (await q('cassandra.default.svc.cluster.local')).answers.length === 2);
    assert.deepEqual(addrs(await q('cassandra.default.svc.cluster.local')), ['A 10.244.7.10', 'A 10.244.7.11']);
    assert.deepEqual(addrs(await q('cassandra-1.cassandra.default.svc.cluster.local')), ['A 10.244.7.11']);
    assert.deepEqual(addrs(await q('_cql._tcp.cassandra.default.svc.cluster.local', RRType.SRV)), [
      'SRV 0 50 9042 cassandra-0.cassandra.default.svc.cluster.local', 'SRV 0 50 9042 cassandra-1.cassandra.default.svc.cluster.local',
    ]);
    assert.deepEqual(addrs(await q('10.7.244.10.in-addr.arpa', RRType.PTR)), ['PTR cassandra-0.cassandra.default.svc.cluster.local']);
    assert.deepEqual(addrs(await q('10-244-7-10.default.pod.cluster.local')), ['A 10.244.7.10']);

    await setStatus('cassandra-1', '10.244.7.11', false);
    await waitFor('cassandra-1 gone from DNS', async () => (await q('cassandra-1.cassandra.default.svc.cluster.local')).rcode === RCode.NXDOMAIN);
    assert.deepEqual(addrs(await q('cassandra.default.svc.cluster.local')), ['A 10.244.7.10']);
  });

  test('unknown cluster names are NXDOMAIN with the SOA; an ExternalName is a CNAME followed upstream', async () => {
    const nx = await q('nope.default.svc.cluster.local');
    assert.equal(nx.rcode, RCode.NXDOMAIN);
    assert.deepEqual(nx.authority.map(show), ['cluster.local SOA ns.dns.cluster.local hostmaster.cluster.local']);
    await createService('www', { type: 'ExternalName', externalName: 'www.example.org' });
    const m = await waitFor('www CNAME', async () => {
      const r = await q('www.default.svc.cluster.local');
      return r.answers.length > 0 ? r : undefined;
    });
    assert.deepEqual(m.answers.map(show), ['www.default.svc.cluster.local CNAME www.example.org', 'www.example.org A 93.184.216.34']);
  });

  test('other names are forwarded upstream and cached; big answers go TC over UDP and whole over TCP; silence is SERVFAIL', async () => {
    upstream.seen = [];
    const first = await q('API.example.org');
    assert.deepEqual(first.answers.map(show), ['API.example.org A 93.184.216.34'], 'the owner spelled as asked');
    assert.deepEqual(addrs(await q('api.example.org')), ['A 93.184.216.34']);
    assert.equal(upstream.seen.length, 1, 'the second answer came from the cache');
    assert.equal((await q('missing.example.org')).rcode, RCode.NXDOMAIN);

    const udp = await q('many.example.org', RRType.A, { edns: false });
    assert.equal(udp.flags.tc, true);
    const tcp = await q('many.example.org', RRType.A, { proto: 'tcp' });
    assert.equal(tcp.answers.length, 50);
    assert.deepEqual(upstream.seen.filter((s) => s.name === 'many.example.org').map((s) => s.proto), ['udp', 'tcp']);

    assert.equal((await q('silent.example.org')).rcode, RCode.SERVFAIL);
  });

  test('dig and busybox nslookup read the answers', { skip: !which('dig') && !which('busybox') }, async () => {
    const svc = (await t.get(SERVICES, 'default', 'redis-master')) as Service;
    const ip = svc.spec!.clusterIP!;
    if (which('dig')) {
      const out = await run('dig', [`@${server.host}`, '-p', String(server.port), '+short', 'redis-master.default.svc.cluster.local']);
      assert.equal(out.trim(), ip);
      const srv = await run('dig', [`@${server.host}`, '-p', String(server.port), '+tcp', '+short', 'SRV', '_cql._tcp.cassandra.default.svc.cluster.local']);
      assert.equal(srv.trim(), '0 100 9042 cassandra-0.cassandra.default.svc.cluster.local.');
      const rev = await run('dig', [`@${server.host}`, '-p', String(server.port), '+short', '-x', ip]);
      assert.equal(rev.trim(), 'redis-master.default.svc.cluster.local.');
    }
    if (which('busybox')) {
      const out = await run('busybox', ['nslookup', `-port=${server.port}`, 'redis-master.default.svc.cluster.local', server.host]);
      assert.match(out, new RegExp(`Address: ${ip.replace(/\./g, '\\.')}\\b`));
    }
  });
});
