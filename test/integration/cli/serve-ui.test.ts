// `skiff serve --ui`: the UI line after the API line, a login URL that works once and sets the session
// cookie, the GUI's files under /ui/, and API requests authenticated by that cookie.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { startServe } from '../../helpers/serve-process.js';
import { tempDir } from '../../helpers/tmp.js';
import { waitFor } from '../../helpers/wait.js';

interface Answer { status: number; headers: Record<string, string | string[] | undefined>; body: string }

function get(url: string, ca: Buffer, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('skiff serve --ui', () => {
  const dir = tempDir('skiff-serve-ui-');
  after(() => dir.remove());

  test('prints a one-time login URL that becomes a session cookie for the API', async () => {
    const dataDir = join(dir.path, 'data');
    const p = await startServe(['--data-dir', dataDir, '--listen', '127.0.0.1:0', '--no-agent', '--ui']);
    try {
      const m = await waitFor('the UI line', () => /^UI: (https:\/\/\S+)/m.exec(p.stdout()));
      const lines = p.stdout().split('\n');
      assert.ok(lines.findIndex((l) => l.startsWith('UI: ')) === lines.findIndex((l) => l.startsWith('API: ')) + 1, 'UI: right after API:');
      const loginUrl = m[1];
      assert.match(loginUrl, new RegExp(`^${p.url.replace(/[.]/g, '\\.')}/ui/login\\?token=[\\w-]{20,}$`));
      const ca = readFileSync(join(dataDir, 'pki', 'ca.crt'));

      const login = await get(loginUrl, ca);
      assert.equal(login.status, 303);
      assert.equal(login.headers.location, '/ui/');
      const setCookie = String(login.headers['set-cookie']);
      assert.match(setCookie, /^skiff-session=[\w-]+; Path=\/; HttpOnly; Secure; SameSite=Strict/);
      const cookie = setCookie.split(';')[0];

      assert.equal((await get(loginUrl, ca)).status, 401, 'the login URL works once');
      assert.equal((await get(`${p.url}/api/v1/namespaces`, ca)).status, 401, 'no cookie, no certificate: 401');
      const list = await get(`${p.url}/api/v1/namespaces`, ca, { cookie });
      assert.equal(list.status, 200);
      assert.match(list.body, /"name":"kube-system"/);

      // The GUI's page (or, in a checkout without a built renderer, a page saying how to build it).
      const page = await get(`${p.url}/ui/pods`, ca);
      assert.ok(page.status === 200 || page.status === 503, String(page.status));
      assert.match(String(page.headers['content-type']), /^text\/html/);
    } finally {
      p.child.kill('SIGTERM');
    }
    assert.equal(await p.exited, 0);
  });
});
