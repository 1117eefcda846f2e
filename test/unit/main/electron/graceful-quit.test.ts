import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { gracefulQuit } from '../../../../main/electron/graceful-quit.js';

const silent = { info: () => {}, error: () => {} };

function quitEvent() {
  let prevented = 0;
  return { preventDefault: () => { prevented++; }, get prevented() { return prevented; } };
}

describe('graceful quit', () => {
  test('the app exits only after the store is closed; quit requests meanwhile are held, stop runs once', async () => {
    const order: string[] = [];
    let release!: () => void;
    let stops = 0;
    const exited = new Promise<number>((resolve) => {
      const q = gracefulQuit({
        log: silent,
        stop: async () => {
          stops++;
          order.push('stop started');
          await new Promise<void>((r) => { release = r; });
          order.push('store closed');
        },
        exit: (code) => { order.push(`exit ${code}`); resolve(code); },
      });
      const first = quitEvent();
      q.onQuitRequest(first);
      assert.equal(first.prevented, 1, 'the first quit is held');
      assert.equal(q.quitting, true);
      const second = quitEvent();
      q.onQuitRequest(second);
      q.onQuitRequest();
      assert.equal(second.prevented, 1, 'so is a second (Cmd+Q twice, a signal)');
      setImmediate(() => release());
    });
    assert.equal(await exited, 0);
    assert.equal(stops, 1);
    assert.deepEqual(order, ['stop started', 'store closed', 'exit 0']);
  });

  test('a failed shutdown still exits, with code 1', async () => {
    const errors: string[] = [];
    const code = await new Promise<number>((resolve) => {
      gracefulQuit({
        log: { info: () => {}, error: (_o, msg) => { errors.push(msg); } },
        stop: () => Promise.reject(new Error('LevelDB close failed')),
        exit: resolve,
      }).onQuitRequest(quitEvent());
    });
    assert.equal(code, 1);
    assert.deepEqual(errors, ['shutdown failed']);
  });

  test('a shutdown that hangs is given up on, so the app can always be closed', async () => {
    const code = await new Promise<number>((resolve) => {
      gracefulQuit({ log: silent, stop: () => new Promise(() => {}), exit: resolve, timeoutMs: 20 }).onQuitRequest();
    });
    assert.equal(code, 1);
  });
});
