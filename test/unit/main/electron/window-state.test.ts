import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_WINDOW_STATE, fitToDisplays, MIN_WINDOW_SIZE, parseWindowState, WindowStateFile } from '../../../../main/electron/window-state.js';
import { tempDir } from '../../../helpers/tmp.js';

const LAPTOP = { x: 0, y: 0, width: 1440, height: 876 };
const MONITOR = { x: 1440, y: 0, width: 2560, height: 1400 };

describe('window state', () => {
  test('what was saved is what the next start opens with', async () => {
    const dir = tempDir();
    try {
      const file = new WindowStateFile(join(dir.path, 'nested', 'window-state.json'));
      assert.deepEqual(await file.load(), DEFAULT_WINDOW_STATE, 'nothing saved yet: the default');
      const saved = { x: 1600, y: 40, width: 1500, height: 900, maximized: true };
      await file.save(saved);
      assert.deepEqual(await new WindowStateFile(join(dir.path, 'nested', 'window-state.json')).load(), saved);
    } finally {
      dir.remove();
    }
  });

  test('a damaged file gives the default instead of an error', async () => {
    const dir = tempDir();
    try {
      const path = join(dir.path, 'window-state.json');
      writeFileSync(path, '{"width": 9');
      assert.deepEqual(await new WindowStateFile(path).load(), DEFAULT_WINDOW_STATE);
      writeFileSync(path, JSON.stringify({ width: 'wide', height: 500 }));
      assert.deepEqual(await new WindowStateFile(path).load(), DEFAULT_WINDOW_STATE);
    } finally {
      dir.remove();
    }
  });

  test('saving leaves no temporary file and writes JSON a person can read', async () => {
    const dir = tempDir();
    try {
      const path = join(dir.path, 'window-state.json');
      await new WindowStateFile(path).save({ width: 1000, height: 700, maximized: false });
      assert.deepEqual(JSON.parse(readFileSync(path, 'utf8')), { width: 1000, height: 700, maximized: false });
    } finally {
      dir.remove();
    }
  });

  test('parseWindowState keeps only numbers it understands', () => {
    assert.deepEqual(parseWindowState({ width: 800.4, height: 600, x: 10, y: 'top', maximized: 'yes' }), { width: 800, height: 600, maximized: false });
    assert.equal(parseWindowState(null), undefined);
    assert.equal(parseWindowState({ width: Infinity, height: 1 }), undefined);
  });

  test('a place on a monitor that is still there is kept', () => {
    const s = fitToDisplays({ x: 1700, y: 100, width: 1400, height: 900, maximized: false }, [LAPTOP, MONITOR]);
    assert.deepEqual(s, { x: 1700, y: 100, width: 1400, height: 900, maximized: false });
  });

  test('a place on an unplugged monitor is dropped (the window opens centred) and the size fits the display', () => {
    const s = fitToDisplays({ x: 1700, y: 100, width: 2400, height: 1300, maximized: true }, [LAPTOP]);
    assert.deepEqual(s, { width: 1440, height: 876, maximized: true });
  });

  test('a window whose title bar is above the screen is not kept there', () => {
    const s = fitToDisplays({ x: 100, y: -500, width: 1000, height: 700, maximized: false }, [LAPTOP]);
    assert.equal(s.x, undefined);
    assert.equal(s.y, undefined);
  });

  test('a tiny saved size grows to the minimum', () => {
    const s = fitToDisplays({ width: 100, height: 50, maximized: false }, [LAPTOP]);
    assert.deepEqual([s.width, s.height], [MIN_WINDOW_SIZE.width, MIN_WINDOW_SIZE.height]);
  });
});
