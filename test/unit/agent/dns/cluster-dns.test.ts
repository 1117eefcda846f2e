// The server's sockets: UDP and TCP on the same address and port, a taken port refused at start, an address
// that does not exist yet (the node bridge before the first pod) waited for instead of failing the agent,
// and the port released on stop.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ClusterDns } from '../../../../agent/dns/index.js';
import { createAgentLogger } from '../../../../agent/logger.js';
import { RCode, RRType } from '../../../../agent/dns/message.js';
import { ask } from './dns-client.js';
import { guestbook, show, StaticTransport } from './fixtures.js';

const log = createAgentLogger('dns-test', 'silent');
const server = (listen: { host: string; port?: number }[]): ClusterDns =>
  new ClusterDns({ transport: new StaticTransport(guestbook()), listen, upstreams: ['127.0.0.1:9'], forwardDeadlineMs: 200, log });

describe('ClusterDns', () => {
  test('answers on UDP and TCP at one address and port, and lets go of it on stop', async () => {
    const dns = server([{ host: '127.0.0.7', port: 0 }]);
    await dns.start();
    await dns.waitForSync();
    const addr = dns.addresses[0];
    assert.equal(addr.host, '127.0.0.7');
    for (const proto of ['udp', 'tcp'] as const) {
      const m = await ask(addr, 'redis-master.default.svc.cluster.local', RRType.A, { proto });
      assert.deepEqual(m.answers.map(show), ['redis-master.default.svc.cluster.local A 10.96.0.20'], proto);
    }
    // Nothing listens on the upstream: the forwarded name fails fast with SERVFAIL.
    assert.equal((await ask(addr, 'example.com', RRType.A)).rcode, RCode.SERVFAIL);
    await dns.stop();
    const again = server([addr]);
    await again.start();
    assert.deepEqual(again.addresses, [addr]);
    await again.stop();
  });

  test('a port already taken fails start()', async () => {
    const first = server([{ host: '127.0.0.7', port: 0 }]);
    await first.start();
    const second = server([first.addresses[0]]);
    await assert.rejects(second.start(), /EADDRINUSE/);
    await first.stop();
  });

  test('an address the host does not have yet is waited for, not fatal', async () => {
    const dns = server([{ host: '127.0.0.7', port: 0 }, { host: '192.0.2.53', port: 0 }]);
    await dns.start();
    await dns.waitForSync();
    assert.deepEqual(dns.addresses.map((a) => a.host), ['127.0.0.7']);
    assert.equal((await ask(dns.addresses[0], 'dns-version.cluster.local', RRType.TXT)).rcode, RCode.NOERROR);
    await dns.stop();
  });
});
