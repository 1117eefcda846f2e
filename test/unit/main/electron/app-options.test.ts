import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { appArgv, parseAppOptions } from '../../../../main/electron/app-options.js';

describe('desktop app options', () => {
  test('serve-style flags are read; switches Chromium adds are ignored', () => {
    const o = parseAppOptions(['--data-dir', 'tmp/d', '--listen', '0.0.0.0:7443', '--no-agent', '--no-sandbox', '--enable-logging', '--node-name=laptop'], {});
    assert.equal(o.dataDir, resolve('tmp/d'));
    assert.equal(o.host, '0.0.0.0');
    assert.equal(o.port, 7443);
    assert.equal(o.noAgent, true);
    assert.equal(o.nodeName, 'laptop');
  });

  test('defaults: loopback 6443 and the per-user data directory (SKIFF_DATA_DIR wins)', () => {
    const o = parseAppOptions([], { SKIFF_DATA_DIR: '/srv/skiff' });
    assert.deepEqual([o.host, o.port, o.dataDir, o.noAgent], ['127.0.0.1', 6443, '/srv/skiff', false]);
  });

  test('a malformed --listen is an error that names the flag', () => {
    assert.throws(() => parseAppOptions(['--listen', 'localhost'], {}), /--listen: "localhost" is not HOST:PORT/);
  });

  test('the arguments start after the entry script in development, after the program when packaged', () => {
    assert.deepEqual(appArgv(['/x/electron', '/repo/dist/main/electron/main.js', '--no-agent'], false), ['--no-agent']);
    assert.deepEqual(appArgv(['/opt/Skiff/skiff-desktop', '--no-agent'], true), ['--no-agent']);
  });
});
