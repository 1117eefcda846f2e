// `npm start` (`skiff start`) where the Electron binary is absent: it says why, runs the headless server
// with the GUI, prints the API and one-time UI URLs, and shuts down cleanly on Ctrl+C.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { findElectronBinary } from '../../../main/cli/start.js';
import { repoPath } from '../../helpers/paths.js';
import { tempDir } from '../../helpers/tmp.js';
import { waitFor } from '../../helpers/wait.js';

const skip = findElectronBinary() ? 'the Electron binary is installed here: `skiff start` would open the desktop app' : false;

describe('skiff start without Electron', { skip }, () => {
  const dir = tempDir('skiff-start-');
  after(() => dir.remove());

  test('falls back to `skiff serve --ui` and prints the API and UI URLs', async () => {
    const dataDir = join(dir.path, 'data');
    const child = spawn(process.execPath, [repoPath('bin', 'skiff.js'), 'start', '--data-dir', dataDir, '--listen', '127.0.0.1:0', '--no-agent'], {
      env: { ...process.env, SKIFF_LOG_LEVEL: 'warn', DISPLAY: ':0' },
    });
    let out = '', err = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const ui = await waitFor('the UI line', () => /^UI: (https:\/\/\S+)/m.exec(out), { timeoutMs: 20_000 });
      const api = /^API: (https:\/\/127\.0\.0\.1:(\d+))$/m.exec(out);
      assert.ok(api, `an API line in:\n${out}`);
      assert.notEqual(api[2], '0', 'the port the server got');
      assert.match(ui[1], new RegExp(`^${api[1].replace(/\./g, '\\.')}/ui/login\\?token=`));
      assert.match(err, /starting the headless server with the GUI in the browser: the Electron binary is not installed/);
      // The URL is live: it signs in once (303 to the app with a session cookie).
      const status = await new Promise<number>((resolve, reject) => {
        request(ui[1], { ca: readFileSync(join(dataDir, 'pki', 'ca.crt')) }, (res) => { res.resume(); resolve(res.statusCode ?? 0); }).on('error', reject).end();
      });
      assert.equal(status, 303);
    } finally {
      child.kill('SIGINT');
    }
    assert.equal(await exited, 0, `clean shutdown; stderr:\n${err}`);
  });
});
