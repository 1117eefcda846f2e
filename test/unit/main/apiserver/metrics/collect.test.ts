// A stats request down a real tunnel (WebSocket pair on loopback): the agent's end serves its
// sampler's summary, the server's end reads it back; agents that cannot or do not answer are left out.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import Dockerode from 'dockerode';
import { pino } from 'pino';
import { WebSocket, WebSocketServer } from 'ws';
import { serveStream } from '../../../../../agent/tunnel/serve.js';
import type { StatsSource } from '../../../../../agent/tunnel/index.js';
import { TunnelConnection, type IncomingStream, type StatsSummary } from '../../../../../client/tunnel/index.js';
import { collectSummaries } from '../../../../../main/apiserver/metrics/collect.js';
import { fetchSummary } from '../../../../../main/apiserver/metrics/fetch-summary.js';

const log = pino({ level: 'silent' });
const SUMMARY: StatsSummary = {
  node: { timestamp: '2025-03-01T10:00:10.000Z', windowMs: 10_000, cpuNanoCores: 1_200_000_000, memoryWorkingSetBytes: 3 * 2 ** 30 },
  pods: [{ namespace: 'default', name: 'web', uid: 'u1', containers: [{ name: 'main', usage: { timestamp: '2025-03-01T10:00:10.000Z', windowMs: 10_000, cpuNanoCores: 5, memoryWorkingSetBytes: 4096 } }] }],
};

describe('stats through the tunnel', () => {
  let wss: WebSocketServer;
  let url: string;
  const conns: TunnelConnection[] = [];

  /** A server-end connection whose agent end answers streams with `onStream`. */
  const connect = async (node: string, onStream: (s: IncomingStream, req: unknown) => void): Promise<TunnelConnection> => {
    const serverSide = new Promise<WebSocket>((resolve) => wss.once('connection', resolve));
    const agentWs = new WebSocket(url);
    await new Promise((resolve, reject) => { agentWs.once('open', resolve); agentWs.once('error', reject); });
    const server = new TunnelConnection(await serverSide, { role: 'server', node });
    conns.push(server, new TunnelConnection(agentWs, { role: 'agent', node, onStream }));
    return server;
  };
  const agentServing = (stats: StatsSource | undefined) => (s: IncomingStream, req: unknown) => serveStream(s, req, { runtime: { list: async () => [], exec: async () => { throw new Error('unused'); } }, docker: new Dockerode(), log, clock: () => new Date(), stats });

  before(async () => {
    wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((resolve) => wss.once('listening', resolve));
    url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
  });
  after(async () => {
    for (const c of conns) c.close('test over');
    await new Promise((resolve) => wss.close(resolve));
  });

  test('the agent answers with its sampler\'s summary', async () => {
    const tunnel = await connect('n1', agentServing({ summary: () => SUMMARY }));
    assert.deepEqual(await fetchSummary(tunnel, 2000), SUMMARY);
  });

  test('a big summary (more than one flow-control window) arrives whole', async () => {
    const pods = Array.from({ length: 6000 }, (_, i) => ({ ...SUMMARY.pods[0], name: `pod-${i}`, uid: `u${i}` }));
    const tunnel = await connect('n-big', agentServing({ summary: () => ({ pods }) }));
    assert.equal((await fetchSummary(tunnel, 5000)).pods.length, 6000);
  });

  test('an agent without a sampler refuses with 503; one that never answers times out', async () => {
    const refusing = await connect('n2', agentServing(undefined));
    await assert.rejects(fetchSummary(refusing, 2000), { code: 503, message: /does not sample usage/ });
    const silent = await connect('n3', () => {});
    await assert.rejects(fetchSummary(silent, 200), { code: 503, message: 'the agent of node "n3" sent no stats within 200 ms' });
  });

  test('the fan-out keeps the nodes that answered and leaves out the rest', async () => {
    const tunnels = new Map([
      ['good', await connect('good', agentServing({ summary: () => SUMMARY }))],
      ['silent', await connect('silent', () => {})],
      ['bad', await connect('bad', (s) => { s.accept(); s.write(1, Buffer.from('{"pods": 3}')); s.end(); })],
    ]);
    const got = await collectSummaries(tunnels, ['good', 'silent', 'bad', 'no-tunnel', 'good'], { timeoutMs: 300, log });
    assert.deepEqual([...got.keys()], ['good']);
    assert.deepEqual(got.get('good'), SUMMARY);
  });
});
