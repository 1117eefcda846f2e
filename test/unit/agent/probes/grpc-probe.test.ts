// The grpc handler against a small grpc.health.v1 server on cleartext HTTP/2: serving, not serving,
// unknown service, a server without the health service, and a closed port.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Http2Server, type ServerHttp2Stream } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { grpcProbe } from '../../../../agent/probes/grpc-probe.js';
import { FakeClock } from './fakes.js';

/** Service name → ServingStatus; a name not listed answers NOT_FOUND, as grpc-go's health server does. */
const statuses: Record<string, number> = { '': 1, 'db': 2, 'cache': 1 };
const requests: { path: string; service: string; userAgent: string; contentType: string }[] = [];

function answer(stream: ServerHttp2Stream, grpcStatus: number, message?: Buffer, grpcMessage?: string): void {
  stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
  stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': String(grpcStatus), ...(grpcMessage ? { 'grpc-message': encodeURIComponent(grpcMessage) } : {}) }));
  if (message) {
    const head = Buffer.alloc(5);
    head.writeUInt32BE(message.length, 1);
    stream.end(Buffer.concat([head, message]));
  } else stream.end();
}

function healthServer(): Http2Server {
  const server = createServer();
  server.on('stream', (stream, headers) => {
    const chunks: Buffer[] = [];
    stream.on('data', (d: Buffer) => chunks.push(d));
    stream.on('end', () => {
      // HealthCheckRequest: field 1 (service), length-delimited; short names only here.
      const msg = Buffer.concat(chunks).subarray(5);
      const service = msg.length ? msg.subarray(2, 2 + msg[1]).toString() : '';
      const path = String(headers[':path']);
      requests.push({ path, service, userAgent: String(headers['user-agent']), contentType: String(headers['content-type']) });
      // 'legacy' plays a server without the health service.
      if (path !== '/grpc.health.v1.Health/Check' || service === 'legacy') return answer(stream, 12, undefined, 'unknown service grpc.health.v1.Health');
      if (!(service in statuses)) return answer(stream, 5, undefined, 'unknown service');
      answer(stream, 0, Buffer.from([0x08, statuses[service]]));
    });
  });
  return server;
}

describe('grpc probe', () => {
  const clock = new FakeClock();
  const server = healthServer();
  let port = 0;
  before(() => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => { port = (server.address() as AddressInfo).port; resolve(); })));
  after(() => server.close());

  test('SERVING succeeds; the request names the service and carries the kubelet\'s user agent', async () => {
    assert.deepEqual(await grpcProbe('127.0.0.1', port, '', 1000, clock), { outcome: 'success', output: 'service healthy' });
    assert.deepEqual(await grpcProbe('127.0.0.1', port, 'cache', 1000, clock), { outcome: 'success', output: 'service healthy' });
    assert.deepEqual(requests.slice(-2).map((r) => r.service), ['', 'cache']);
    assert.equal(requests[0].path, '/grpc.health.v1.Health/Check');
    assert.equal(requests[0].contentType, 'application/grpc');
    assert.match(requests[0].userAgent, /^kube-probe\/1\.32/);
  });

  test('NOT_SERVING, an unknown service and a server without the health service fail with upstream\'s messages', async () => {
    assert.deepEqual(await grpcProbe('127.0.0.1', port, 'db', 1000, clock), { outcome: 'failure', output: 'service unhealthy (responded with "NOT_SERVING")' });
    assert.deepEqual(await grpcProbe('127.0.0.1', port, 'nope', 1000, clock), { outcome: 'failure', output: 'error: health rpc probe failed: rpc error: code = NotFound desc = unknown service' });
    assert.deepEqual(await grpcProbe('127.0.0.1', port, 'legacy', 1000, clock), {
      outcome: 'failure', output: 'error: this server does not implement the grpc health protocol (grpc.health.v1.Health): unknown service grpc.health.v1.Health',
    });
  });

  test('a closed port fails with the dial error', async () => {
    const other = createServer();
    const closed = await new Promise<number>((resolve) => other.listen(0, '127.0.0.1', () => resolve((other.address() as AddressInfo).port)));
    other.close();
    assert.deepEqual(await grpcProbe('127.0.0.1', closed, '', 1000, clock), {
      outcome: 'failure',
      output: `error: failed to connect service at "127.0.0.1:${closed}": dial tcp 127.0.0.1:${closed}: connect: connection refused`,
    });
  });

  test('a server that never answers fails at the timeout', async () => {
    const silent = createServer(() => {});
    const silentPort = await new Promise<number>((resolve) => silent.listen(0, '127.0.0.1', () => resolve((silent.address() as AddressInfo).port)));
    let streams = 0;
    silent.on('stream', () => { streams++; });
    try {
      const pending = grpcProbe('127.0.0.1', silentPort, '', 2000, clock);
      while (streams === 0) await new Promise((r) => setImmediate(r));
      await clock.advance(2000);
      assert.deepEqual(await pending, { outcome: 'failure', output: 'timeout: health rpc did not complete within 2s' });
    } finally {
      silent.close();
    }
  });
});
