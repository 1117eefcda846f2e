// The local shell of browser mode: only the signed-in admin's session from the GUI's own origin gets one;
// it is a real pty running the configured shell with KUBECONFIG set, resizes, reports its exit status and
// is killed when the socket closes.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket } from 'ws';
import { createLogger } from '../../../../main/logger.js';
import { BrowserUi, LOCAL_SHELL_PATH } from '../../../../main/ui/index.js';
import { waitFor } from '../../../helpers/wait.js';

const ADMIN = { name: 'skiff-admin', groups: ['system:masters'] };
const PROTOCOL = 'v5.channel.k8s.io';
const log = createLogger('test', 'silent');

function serve(ui: BrowserUi): Promise<{ server: Server; host: string }> {
  const server = createServer((req, res) => void ui.handle(req, res));
  server.on('upgrade', (req, socket, head: Buffer) => ui.handleUpgrade(req, socket, head));
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, host: `127.0.0.1:${(server.address() as AddressInfo).port}` })));
}

interface Shell {
  ws: WebSocket;
  output: () => string;
  status: () => Record<string, unknown> | undefined;
  send(channel: number, payload: string): void;
}

function connect(host: string, headers: Record<string, string>, protocol = PROTOCOL): Promise<Shell> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://${host}${LOCAL_SHELL_PATH}`, [protocol], { headers });
    let out = '';
    let status: Record<string, unknown> | undefined;
    ws.on('message', (data: Buffer) => {
      if (data[0] === 1) out += data.subarray(1).toString('utf8');
      if (data[0] === 3) status = JSON.parse(data.subarray(1).toString('utf8')) as Record<string, unknown>;
    });
    ws.once('open', () => resolve({ ws, output: () => out, status: () => status, send: (ch, p) => ws.send(Buffer.concat([Buffer.from([ch]), Buffer.from(p)])) }));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('local shell (/ui/shell)', () => {
  let ui: BrowserUi;
  let server: Server;
  let host: string;
  let cookie: string;
  let origin: string;

  before(async () => {
    ui = new BrowserUi({ user: ADMIN, log, localShell: { kubeconfig: '/data/dir/kubeconfig', shell: '/bin/sh', cwd: '/' } });
    ({ server, host } = await serve(ui));
    cookie = `skiff-session=${ui.sessions.redeem(ui.sessions.issueLoginToken())!}`;
    origin = `https://${host}`;
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  test('is refused without a session, from another origin, without an Origin, or without the channel protocol', async () => {
    await assert.rejects(connect(host, { origin }), /HTTP 401/);
    await assert.rejects(connect(host, { origin: 'https://evil.example', cookie }), /HTTP 403/);
    await assert.rejects(connect(host, { cookie }), /HTTP 403/);
    await assert.rejects(connect(host, { origin, cookie }, 'base64.channel.k8s.io'), /HTTP 400|Server sent no subprotocol/);
  });

  test('GET says whether there is a shell, to the signed-in session only', async () => {
    const get = async (headers: Record<string, string>) => {
      const res = await fetch(`http://${host}${LOCAL_SHELL_PATH}`, { headers });
      return { status: res.status, body: await res.json() as Record<string, unknown> };
    };
    assert.deepEqual(await get({ cookie }), { status: 200, body: { available: true, shell: '/bin/sh' } });
    assert.equal((await get({})).status, 401);
    const without = new BrowserUi({ user: ADMIN, log });
    const other = await serve(without);
    try {
      const c = `skiff-session=${without.sessions.redeem(without.sessions.issueLoginToken())!}`;
      const res = await fetch(`http://${other.host}${LOCAL_SHELL_PATH}`, { headers: { cookie: c } });
      assert.equal((await res.json() as { available: boolean }).available, false);
      await assert.rejects(connect(other.host, { origin: `https://${other.host}`, cookie: c }), /HTTP 404/);
    } finally {
      other.server.close();
    }
  });

  test('runs the shell in a pty with KUBECONFIG set, follows resizes, and reports the exit code', async () => {
    const sh = await connect(host, { origin, cookie });
    sh.send(4, JSON.stringify({ Width: 123, Height: 45 }));
    sh.send(0, 'echo "kc=$KUBECONFIG"; stty size; tty\r');
    await waitFor('the shell to answer', () => /kc=\/data\/dir\/kubeconfig/.test(sh.output()) && /45 123/.test(sh.output()) && /\/dev\/pts\//.test(sh.output()), { timeoutMs: 10_000 });
    sh.send(0, 'exit 7\r');
    await waitFor('the exit status', () => sh.status(), { timeoutMs: 10_000 });
    assert.equal(sh.status()!.reason, 'NonZeroExitCode');
    assert.deepEqual((sh.status()!.details as { causes: unknown[] }).causes, [{ reason: 'ExitCode', message: '7' }]);
    await waitFor('the server to close the socket', () => sh.ws.readyState === WebSocket.CLOSED, { timeoutMs: 5000 });
  });

  test('closing the socket kills the shell', async () => {
    const sh = await connect(host, { origin, cookie });
    sh.send(0, 'echo "pid=$$"\r');
    const pid = Number((await waitFor('the pid', () => /pid=(\d+)/.exec(sh.output()), { timeoutMs: 10_000 }))[1]);
    assert.ok(alive(pid));
    sh.ws.close();
    await waitFor('the shell to end', () => !alive(pid), { timeoutMs: 5000 });
  });
});
