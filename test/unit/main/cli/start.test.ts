import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decideStartMode, ELECTRON_ENTRY, findElectronBinary, type StartFacts } from '../../../../main/cli/start.js';
import { tempDir } from '../../../helpers/tmp.js';

const desktop: StartFacts = { electronBinary: '/repo/node_modules/electron/dist/electron', entryBuilt: true, headlessFlag: false, platform: 'linux', env: { DISPLAY: ':0' } };

describe('skiff start: desktop app or headless server', () => {
  test('with the binary, the built shell and a display, the desktop app starts', () => {
    assert.deepEqual(decideStartMode(desktop), { kind: 'electron', binary: desktop.electronBinary, entry: ELECTRON_ENTRY });
    assert.equal(decideStartMode({ ...desktop, env: { WAYLAND_DISPLAY: 'wayland-0' } }).kind, 'electron');
    assert.equal(decideStartMode({ ...desktop, platform: 'darwin', env: {} }).kind, 'electron', 'macOS needs no DISPLAY');
  });

  test('each missing piece falls back to the headless server and says why', () => {
    const reason = (f: Partial<StartFacts>): string => {
      const m = decideStartMode({ ...desktop, ...f });
      assert.equal(m.kind, 'headless');
      return m.kind === 'headless' ? m.reason : '';
    };
    assert.match(reason({ electronBinary: undefined }), /Electron binary is not installed/);
    assert.match(reason({ entryBuilt: false }), /npm run build:electron/);
    assert.match(reason({ env: {} }), /no display/);
    assert.match(reason({ headlessFlag: true }), /--headless/);
  });

  test('the binary is found through path.txt only when the file it names exists', () => {
    const dir = tempDir();
    try {
      assert.equal(findElectronBinary(dir.path), undefined, 'no path.txt (the download never ran)');
      writeFileSync(join(dir.path, 'path.txt'), 'electron');
      assert.equal(findElectronBinary(dir.path), undefined, 'path.txt but no dist/ (the download failed)');
      mkdirSync(join(dir.path, 'dist'));
      writeFileSync(join(dir.path, 'dist', 'electron'), '');
      assert.equal(findElectronBinary(dir.path), join(dir.path, 'dist', 'electron'));
    } finally {
      dir.remove();
    }
  });
});
