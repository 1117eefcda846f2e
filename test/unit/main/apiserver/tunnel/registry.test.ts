// The registry of agent tunnels: the newest connection of a node wins, disconnect fails its streams.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import { TunnelConnection, type StreamResult } from '../../../../../client/tunnel/index.js';
import { TunnelRegistry } from '../../../../../main/apiserver/tunnel/registry.js';
import { waitFor } from '../../../../helpers/wait.js';

describe('TunnelRegistry', () => {
  let wss: WebSocketServer;
  let url: string;
  before(async () => {
    wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((resolve) => wss.once('listening', resolve));
    url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => wss.close(() => resolve())));

  /** A server-side connection for `node` whose agent end accepts every stream and stays silent. */
  const connect = async (node: string): Promise<TunnelConnection> => {
    const serverSide = new Promise<WebSocket>((resolve) => wss.once('connection', resolve));
    const agentWs = new WebSocket(url);
    await new Promise((resolve) => agentWs.once('open', resolve));
    new TunnelConnection(agentWs, { role: 'agent', node, onStream: (s) => { s.accept(); s.setHandler({ data() {}, done() {} }); } });
    return new TunnelConnection(await serverSide, { role: 'server', node });
  };

  test('the newest connection of a node wins and the old one is closed', async () => {
    const reg = new TunnelRegistry();
    const first = await connect('n1');
    reg.attach(first);
    assert.equal(reg.get('n1'), first);
    const second = await connect('n1');
    reg.attach(second);
    assert.equal(reg.get('n1'), second);
    await waitFor('the old connection to close', () => !first.isOpen);
    // The old one closing later must not remove the new one.
    assert.equal(reg.get('n1'), second);
    assert.deepEqual(reg.nodes(), ['n1']);
    reg.closeAll('test over');
  });

  test('disconnect drops the tunnel and fails its open streams', async () => {
    const reg = new TunnelRegistry();
    const conn = await connect('n2');
    reg.attach(conn);
    const stream = await conn.open({ kind: 'portforward', pod: { namespace: 'default', name: 'web', uid: 'u' }, host: '10.0.0.1', port: 80 });
    const done = new Promise<StreamResult>((resolve) => stream.setHandler({ data() {}, done: resolve }));
    assert.equal(reg.disconnect('n2', 'node unpaired'), true);
    const r = await done;
    assert.equal(r.how, 'lost');
    assert.match(r.error!.message, /node "n2": node unpaired/);
    assert.equal(reg.get('n2'), undefined);
    assert.equal(reg.disconnect('n2'), false);
  });

  test('waitFor resolves when the node connects, and times out otherwise', async () => {
    const reg = new TunnelRegistry();
    const waiting = reg.waitFor('n3', 5000);
    const conn = await connect('n3');
    reg.attach(conn);
    assert.equal(await waiting, conn);
    await assert.rejects(reg.waitFor('nobody', 20), /no tunnel from node "nobody"/);
    reg.closeAll('test over');
  });
});
