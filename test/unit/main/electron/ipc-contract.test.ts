import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CHANNEL_PREFIX, INVOKE_CHANNELS, invokeArgs, IpcContractError, PUSH_CHANNELS } from '../../../../main/electron/ipc-contract.js';
import { handleInvokes, push, type IpcInvokeEventLike, type IpcMainLike } from '../../../../main/electron/ipc-main.js';

const ORIGIN = 'https://127.0.0.1:6443';

/** ipcMain as the renderer reaches it: handlers by channel, called with an event and raw arguments. */
function fakeIpcMain(): IpcMainLike & { call(channel: string, frameUrl: string | null, ...args: unknown[]): Promise<unknown>; channels: Set<string> } {
  const handlers = new Map<string, (event: IpcInvokeEventLike, ...args: unknown[]) => unknown>();
  return {
    channels: new Set(),
    handle(channel, listener) {
      handlers.set(channel, listener);
      this.channels.add(channel);
    },
    removeHandler(channel) {
      handlers.delete(channel);
      this.channels.delete(channel);
    },
    async call(channel, frameUrl, ...args) {
      const h = handlers.get(channel);
      if (!h) throw new Error(`No handler registered for '${channel}'`);
      return h({ senderFrame: frameUrl === null ? null : { url: frameUrl } }, ...args);
    },
  };
}

const handlers = {
  'skiff:get-token': () => 'tok-1',
  'skiff:local-agent': () => ({ state: 'running' as const, nodeName: 'laptop' }),
  'skiff:open-external': (_url: string) => {},
  'skiff:copy-text': (_text: string) => {},
};

describe('IPC contract', () => {
  test('every channel carries the prefix, and every invoke channel has a validator', () => {
    for (const c of [...INVOKE_CHANNELS, ...PUSH_CHANNELS]) assert.ok(c.startsWith(CHANNEL_PREFIX), c);
    assert.deepEqual([...INVOKE_CHANNELS].sort(), ['skiff:copy-text', 'skiff:get-token', 'skiff:local-agent', 'skiff:open-external']);
  });

  test('open-external takes only http(s) URLs: file:, javascript: and custom schemes are refused', () => {
    assert.deepEqual(invokeArgs['skiff:open-external'](['https://kubernetes.io/docs/']), ['https://kubernetes.io/docs/']);
    for (const bad of [['file:///etc/passwd'], ['javascript:alert(1)'], ['vscode://x'], ['not a url'], [42], [], ['https://a', 'https://b']]) {
      assert.throws(() => invokeArgs['skiff:open-external'](bad), IpcContractError, JSON.stringify(bad));
    }
  });

  test('copy-text takes one string of bounded size; get-token takes nothing', () => {
    assert.deepEqual(invokeArgs['skiff:copy-text'](['sudo skiff agent pair …']), ['sudo skiff agent pair …']);
    assert.throws(() => invokeArgs['skiff:copy-text']([{ toString: () => 'x' }]), IpcContractError);
    assert.throws(() => invokeArgs['skiff:copy-text'](['x'.repeat(70_000)]), IpcContractError);
    assert.throws(() => invokeArgs['skiff:get-token'](['extra']), IpcContractError);
  });
});

describe('main-process handlers', () => {
  test('our page gets answers; the arguments reach the handler validated', async () => {
    const ipc = fakeIpcMain();
    const opened: string[] = [];
    handleInvokes(ipc, ORIGIN, { ...handlers, 'skiff:open-external': (url) => { opened.push(url); } });
    assert.equal(await ipc.call('skiff:get-token', `${ORIGIN}/ui/nodes`), 'tok-1');
    assert.deepEqual(await ipc.call('skiff:local-agent', `${ORIGIN}/ui/`), { state: 'running', nodeName: 'laptop' });
    await ipc.call('skiff:open-external', `${ORIGIN}/ui/`, 'https://example.com/a b');
    assert.deepEqual(opened, ['https://example.com/a%20b']);
    await assert.rejects(ipc.call('skiff:open-external', `${ORIGIN}/ui/`, 'file:///etc/passwd'), IpcContractError);
    assert.deepEqual(opened, ['https://example.com/a%20b'], 'the handler never saw the refused URL');
  });

  test('a frame from another origin (a navigated-away page, an iframe) gets no token', async () => {
    const ipc = fakeIpcMain();
    handleInvokes(ipc, ORIGIN, handlers);
    await assert.rejects(ipc.call('skiff:get-token', 'https://evil.example/'), /refused a call from https:\/\/evil\.example/);
    await assert.rejects(ipc.call('skiff:get-token', 'https://127.0.0.1:6444/ui/'), IpcContractError);
    await assert.rejects(ipc.call('skiff:get-token', null), /unknown frame/);
  });

  test('the undo removes every handler', () => {
    const ipc = fakeIpcMain();
    const undo = handleInvokes(ipc, ORIGIN, handlers);
    assert.equal(ipc.channels.size, INVOKE_CHANNELS.length);
    undo();
    assert.equal(ipc.channels.size, 0);
  });

  test('push sends to a live window and skips a destroyed one', () => {
    const sent: unknown[][] = [];
    const status = { state: 'not-started' as const, nodeName: 'laptop', message: 'needs root' };
    push({ send: (...a: unknown[]) => { sent.push(a); }, isDestroyed: () => false }, 'skiff:local-agent-changed', status);
    push({ send: () => { throw new Error('sent to a destroyed window'); }, isDestroyed: () => true }, 'skiff:local-agent-changed', status);
    assert.deepEqual(sent, [['skiff:local-agent-changed', status]]);
  });
});
