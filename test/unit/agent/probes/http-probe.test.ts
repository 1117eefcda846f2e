// The httpGet handler against real HTTP(S) servers on loopback: status ranges, the kubelet's headers,
// named ports, redirects (same host followed, other host a warning), body cap, refusals and timeouts.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { HTTPGetAction } from 'kubernetes-types/core/v1.js';
import { httpProbe } from '../../../../agent/probes/http-probe.js';
import { runProbe } from '../../../../agent/probes/prober.js';
import { createCa } from '../../../../main/pki/ca.js';
import { FakeClock, FakeRuntime, flush } from './fakes.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

describe('httpGet probe', () => {
  let handler: Handler = (_req, res) => res.end('ok');
  const seen: IncomingMessage[] = [];
  const server = createServer((req, res) => { seen.push(req); handler(req, res); });
  let port = 0;
  const clock = new FakeClock();
  const target = { podIP: () => '127.0.0.1' };
  const probe = (action: Partial<HTTPGetAction>, t = target) => httpProbe({ port, ...action }, t, 1000, clock);

  before(async () => { port = await listen(server); });
  after(() => { server.closeAllConnections(); server.close(); });
  beforeEach(() => { seen.length = 0; handler = (_req, res) => res.end('ok'); });

  test('200–399 succeed (3xx as a warning), 400 and up fail without the body in the message', async () => {
    const outcomes: [number, string, string][] = [];
    for (const status of [200, 204, 299, 300, 399, 400, 404, 500, 503]) {
      handler = (_req, res) => { res.statusCode = status; res.end(status === 204 ? undefined : `body ${status}`); };
      const r = await probe({ path: '/healthz' });
      outcomes.push([status, r.outcome, r.output]);
    }
    assert.deepEqual(outcomes, [
      [200, 'success', 'body 200'],
      [204, 'success', ''],
      [299, 'success', 'body 299'],
      [300, 'warning', 'Probe terminated redirects, Response body: body 300'],
      [399, 'warning', 'Probe terminated redirects, Response body: body 399'],
      [400, 'failure', 'HTTP probe failed with statuscode: 400'],
      [404, 'failure', 'HTTP probe failed with statuscode: 404'],
      [500, 'failure', 'HTTP probe failed with statuscode: 500'],
      [503, 'failure', 'HTTP probe failed with statuscode: 503'],
    ]);
  });

  test('sends the kubelet\'s request: GET path and query, User-Agent kube-probe/1.32, Accept */*, the pod IP and port as Host', async () => {
    await probe({ path: '/ready?verbose=1' });
    const req = seen[0];
    assert.equal(req.method, 'GET');
    assert.equal(req.url, '/ready?verbose=1');
    assert.equal(req.headers['user-agent'], 'kube-probe/1.32');
    assert.equal(req.headers.accept, '*/*');
    assert.equal(req.headers.host, `127.0.0.1:${port}`);
    assert.equal(req.headers.connection, 'close');
  });

  test('httpHeaders are sent with canonical names, may repeat, and override Host, User-Agent and Accept', async () => {
    await probe({ path: '/', httpHeaders: [
      { name: 'x-custom-header', value: 'a' }, { name: 'X-CUSTOM-HEADER', value: 'b' },
      { name: 'host', value: 'web.example.test' }, { name: 'User-Agent', value: 'probe-me' }, { name: 'Accept', value: '' },
    ] });
    const raw = seen[0].rawHeaders;
    const pairs: [string, string][] = [];
    for (let i = 0; i < raw.length; i += 2) pairs.push([raw[i], raw[i + 1]]);
    assert.deepEqual(pairs.filter(([n]) => n === 'X-Custom-Header'), [['X-Custom-Header', 'a'], ['X-Custom-Header', 'b']]);
    assert.equal(seen[0].headers.host, 'web.example.test');
    assert.equal(seen[0].headers['user-agent'], 'probe-me');
    assert.equal(seen[0].headers.accept, undefined, 'an empty Accept removes the header');
  });

  test('a named port resolves from the container\'s ports; a numeric string works too', async () => {
    const named = await httpProbe({ port: 'http', path: '/' }, { ...target, ports: [{ name: 'metrics', containerPort: 1 }, { name: 'http', containerPort: port }] }, 1000, clock);
    assert.equal(named.outcome, 'success');
    const numeric = await httpProbe({ port: String(port), path: '/' }, target, 1000, clock);
    assert.equal(numeric.outcome, 'success');
    assert.equal(seen.length, 2);
  });

  test('the probe\'s host overrides the pod IP; with neither the probe cannot run', async () => {
    const r = await httpProbe({ port, host: '127.0.0.1', path: '/' }, { podIP: () => undefined }, 1000, clock);
    assert.equal(r.outcome, 'success');
    const attempt = await runProbe('readiness', { httpGet: { port, path: '/' } }, 'c1', { podIP: () => undefined }, { runtime: new FakeRuntime(() => ({ exitCode: 0, output: '' })), clock });
    assert.equal(attempt.result, 'error');
    assert.equal(attempt.event?.message, 'Readiness probe errored and resulted in unknown state: the pod has no IP address yet');
  });

  test('redirects to the same host are followed, keeping the headers', async () => {
    handler = (req, res) => {
      if (req.url === '/old') res.writeHead(301, { Location: '/older' }).end();
      else if (req.url === '/older') res.writeHead(307, { Location: `http://127.0.0.1:${port}/healthz` }).end();
      else res.end(`at ${req.url}`);
    };
    const r = await probe({ path: '/old', httpHeaders: [{ name: 'X-Token', value: 't' }] });
    assert.deepEqual(r, { outcome: 'success', output: 'at /healthz' });
    assert.deepEqual(seen.map((s) => [s.url, s.headers['x-token']]), [['/old', 't'], ['/older', 't'], ['/healthz', 't']]);
  });

  test('a redirect to another host is not followed: the probe passes with a warning and the body', async () => {
    handler = (_req, res) => res.writeHead(302, { Location: `http://localhost:${port}/elsewhere` }).end('<a href="/elsewhere">Found</a>.');
    const r = await probe({ path: '/' });
    assert.deepEqual(r, { outcome: 'warning', output: 'Probe terminated redirects, Response body: <a href="/elsewhere">Found</a>.' });
    assert.equal(seen.length, 1);
  });

  test('a redirect loop fails after ten requests', async () => {
    handler = (req, res) => res.writeHead(302, { Location: `/loop${seen.length}` }).end();
    const r = await probe({ path: '/loop0' });
    assert.equal(r.outcome, 'failure');
    assert.equal(r.output, `Get "http://127.0.0.1:${port}/loop10": stopped after 10 redirects`);
    assert.equal(seen.length, 10);
  });

  test('reads at most 10 KiB of the body for the message', async () => {
    handler = (_req, res) => res.end('x'.repeat(50_000));
    const r = await probe({ path: '/' });
    assert.equal(r.outcome, 'success');
    assert.equal(r.output.length, 10 * 1024);
  });

  test('a refused connection fails with Go\'s dial message', async () => {
    const closed = createServer();
    const closedPort = await listen(closed);
    closed.close();
    const r = await httpProbe({ port: closedPort, path: '/healthz' }, target, 1000, clock);
    assert.deepEqual(r, { outcome: 'failure', output: `Get "http://127.0.0.1:${closedPort}/healthz": dial tcp 127.0.0.1:${closedPort}: connect: connection refused` });
  });

  test('no answer within timeoutSeconds fails', async () => {
    let hold: ServerResponse | undefined;
    handler = (_req, res) => { hold = res; };
    const pending = probe({ path: '/slow' });
    while (!hold) await flush();
    await clock.advance(1000);
    const r = await pending;
    hold.end();
    assert.deepEqual(r, { outcome: 'failure', output: `Get "http://127.0.0.1:${port}/slow": context deadline exceeded (Client.Timeout exceeded while awaiting headers)` });
  });

  test('HTTPS probes do not verify the container\'s certificate', async () => {
    const ca = await createCa({ commonName: 'self-signed' });
    const tls = createHttpsServer({ cert: ca.certPem, key: ca.keyPem }, (req, res) => res.end(`tls ${req.headers['user-agent']}`));
    const tlsPort = await listen(tls as unknown as Server);
    try {
      const r = await httpProbe({ port: tlsPort, scheme: 'HTTPS', path: '/' }, target, 1000, clock);
      assert.deepEqual(r, { outcome: 'success', output: 'tls kube-probe/1.32' });
    } finally {
      tls.close();
    }
  });
});
