import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { IpcContractError } from '../../../../main/electron/ipc-contract.js';
import { apiUrlFromArgv, createSkiffBridge, guardedIpc, type IpcRendererLike } from '../../../../main/electron/preload-bridge.js';

/** ipcRenderer that records what would cross to the main process, and can push events. */
function fakeIpcRenderer(answers: Record<string, unknown> = {}) {
  const invoked: { channel: string; args: unknown[] }[] = [];
  const listeners = new Map<string, Set<(event: unknown, ...args: unknown[]) => void>>();
  const ipc: IpcRendererLike = {
    invoke: async (channel, ...args) => {
      invoked.push({ channel, args });
      return answers[channel];
    },
    on: (channel, listener) => {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)!.add(listener);
    },
    removeListener: (channel, listener) => {
      listeners.get(channel)?.delete(listener);
    },
  };
  const emit = (channel: string, ...args: unknown[]): void => {
    for (const l of listeners.get(channel) ?? []) l({ sender: 'the-ipc-renderer' }, ...args);
  };
  return { ipc, invoked, emit, listenerCount: (c: string) => listeners.get(c)?.size ?? 0 };
}

describe('preload bridge', () => {
  test('window.skiff calls the contract channels and returns the main process answers', async () => {
    const f = fakeIpcRenderer({ 'skiff:get-token': 'tok-9', 'skiff:local-agent': { state: 'running', nodeName: 'laptop' } });
    const bridge = createSkiffBridge(f.ipc, 'https://127.0.0.1:6443');
    assert.equal(bridge.apiUrl, 'https://127.0.0.1:6443');
    assert.equal(await bridge.getToken(), 'tok-9');
    assert.deepEqual(await bridge.localAgent(), { state: 'running', nodeName: 'laptop' });
    await bridge.openExternal('https://kubernetes.io/');
    await bridge.copyText('kubectl get nodes');
    assert.deepEqual(f.invoked, [
      { channel: 'skiff:get-token', args: [] },
      { channel: 'skiff:local-agent', args: [] },
      { channel: 'skiff:open-external', args: ['https://kubernetes.io/'] },
      { channel: 'skiff:copy-text', args: ['kubectl get nodes'] },
    ]);
  });

  test('a push reaches the page without the IPC event (no sender object leaks), until unsubscribed', () => {
    const f = fakeIpcRenderer();
    const bridge = createSkiffBridge(f.ipc, 'https://127.0.0.1:6443');
    const got: unknown[][] = [];
    const off = bridge.onLocalAgentChange((...args: unknown[]) => { got.push(args); });
    f.emit('skiff:local-agent-changed', { state: 'restarting', nodeName: 'laptop' });
    off();
    f.emit('skiff:local-agent-changed', { state: 'running', nodeName: 'laptop' });
    assert.deepEqual(got, [[{ state: 'restarting', nodeName: 'laptop' }]]);
    assert.equal(f.listenerCount('skiff:local-agent-changed'), 0);
  });

  test('channels without the app prefix are refused before anything is sent', async () => {
    const f = fakeIpcRenderer();
    // What a compromised page could try if it got hold of the guard: any channel name at all.
    const g = guardedIpc(f.ipc) as unknown as { invoke(channel: string, ...args: unknown[]): Promise<unknown>; on(channel: string, listener: () => void): () => void };
    assert.throws(() => g.invoke('vscode:openWindow'), IpcContractError);
    assert.throws(() => g.invoke(''), IpcContractError);
    assert.throws(() => g.on('ELECTRON_BROWSER_REQUIRE', () => {}), IpcContractError);
    // Prefixed but not in the contract: refused too.
    await assert.rejects(g.invoke('skiff:run-shell'), IpcContractError);
    assert.throws(() => g.on('skiff:get-token', () => {}), IpcContractError, 'an invoke channel is not a push channel');
    assert.deepEqual(f.invoked, []);
    assert.equal(f.listenerCount('ELECTRON_BROWSER_REQUIRE'), 0);
  });

  test('the API URL comes from the main process argument, as an https origin only', () => {
    assert.equal(apiUrlFromArgv(['/opt/Skiff/skiff-desktop', '--type=renderer', '--skiff-api-url=https://127.0.0.1:6443']), 'https://127.0.0.1:6443');
    assert.equal(apiUrlFromArgv(['--skiff-api-url=https://[::1]:6443/ui/x']), 'https://[::1]:6443');
    assert.equal(apiUrlFromArgv(['--skiff-api-url=http://127.0.0.1:6443']), undefined);
    assert.equal(apiUrlFromArgv(['--skiff-api-url=nonsense']), undefined);
    assert.equal(apiUrlFromArgv(['--type=renderer']), undefined);
  });
});
