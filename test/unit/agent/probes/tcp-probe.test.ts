// The tcpSocket handler: a listening port succeeds, a closed one fails with Go's dial message, and a
// connection not made within the timeout fails.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tcpProbe } from '../../../../agent/probes/tcp-probe.js';
import { runProbe } from '../../../../agent/probes/prober.js';
import { FakeClock, FakeRuntime } from './fakes.js';

const listen = (s: Server): Promise<number> => new Promise((resolve) => s.listen(0, '127.0.0.1', () => resolve((s.address() as AddressInfo).port)));

describe('tcpSocket probe', () => {
  const clock = new FakeClock();

  test('connects to a listening port, by number or by the container port\'s name', async () => {
    let accepted = 0;
    const server = createServer((sock) => { accepted++; sock.destroy(); });
    const port = await listen(server);
    try {
      assert.deepEqual(await tcpProbe('127.0.0.1', port, 1000, clock), { outcome: 'success', output: '' });
      const deps = { runtime: new FakeRuntime(() => ({ exitCode: 0, output: '' })), clock };
      const attempt = await runProbe('liveness', { tcpSocket: { port: 'redis' } }, 'c1', { podIP: () => '127.0.0.1', ports: [{ name: 'redis', containerPort: port }] }, deps);
      assert.deepEqual(attempt, { result: 'success', output: '' });
      while (accepted < 2) await new Promise((r) => setImmediate(r));
    } finally {
      server.close();
    }
  });

  test('a closed port fails with "connection refused"', async () => {
    const server = createServer();
    const port = await listen(server);
    server.close();
    const deps = { runtime: new FakeRuntime(() => ({ exitCode: 0, output: '' })), clock };
    const attempt = await runProbe('liveness', { tcpSocket: { port } }, 'c1', { podIP: () => '127.0.0.1' }, deps);
    assert.deepEqual(attempt, {
      result: 'failure',
      output: `dial tcp 127.0.0.1:${port}: connect: connection refused`,
      event: { type: 'Warning', reason: 'Unhealthy', message: `Liveness probe failed: dial tcp 127.0.0.1:${port}: connect: connection refused` },
    });
  });

  test('no connection within the timeout fails with an i/o timeout', async () => {
    const server = createServer((sock) => sock.destroy());
    const port = await listen(server);
    try {
      const pending = tcpProbe('127.0.0.1', port, 1000, clock);
      // The timer fires before the event loop could complete the connect.
      await clock.advance(1000);
      assert.deepEqual(await pending, { outcome: 'failure', output: `dial tcp 127.0.0.1:${port}: i/o timeout` });
    } finally {
      server.close();
    }
  });
});
