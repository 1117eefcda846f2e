import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { StaticFiles } from '../../../../main/ui/index.js';
import { tempDir } from '../../../helpers/tmp.js';

interface Answer { status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }

function get(port: number, path: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const r = request({ host: '127.0.0.1', port, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    r.on('error', reject);
    r.end();
  });
}

describe('GUI static files', () => {
  const dir = tempDir('skiff-ui-');
  let server: Server;
  let port = 0;
  const script = `console.log(${JSON.stringify('x'.repeat(2000))});`;

  before(async () => {
    const root = join(dir.path, 'renderer');
    mkdirSync(join(root, 'assets'), { recursive: true });
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>Skiff</title>');
    writeFileSync(join(root, 'assets', 'index-abc123.js'), script);
    writeFileSync(join(dir.path, 'secret.txt'), 'not for you');
    const files = new StaticFiles(root, '/ui/');
    server = createServer((req, res) => {
      void files.serve(req, res, new URL(req.url ?? '/', 'http://x').pathname).then((ok) => {
        if (!ok) { res.writeHead(404); res.end(); }
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  after(() => {
    server.close();
    dir.remove();
  });

  test('app routes get index.html, revalidated, with a content security policy', async () => {
    for (const path of ['/ui/', '/ui/pods/default/web-1']) {
      const a = await get(port, path);
      assert.equal(a.status, 200, path);
      assert.match(a.body.toString(), /<title>Skiff/);
      assert.equal(a.headers['cache-control'], 'no-cache');
      assert.match(String(a.headers['content-security-policy']), /script-src 'self'/);
    }
  });

  test('hashed assets are immutable, gzipped when accepted, and answer 304 to their ETag', async () => {
    const a = await get(port, '/ui/assets/index-abc123.js', { 'accept-encoding': 'gzip, br' });
    assert.equal(a.status, 200);
    assert.equal(a.headers['content-encoding'], 'gzip');
    assert.match(String(a.headers['content-type']), /^text\/javascript/);
    assert.match(String(a.headers['cache-control']), /immutable/);
    assert.equal(gunzipSync(a.body).toString(), script);
    const again = await get(port, '/ui/assets/index-abc123.js', { 'if-none-match': String(a.headers.etag) });
    assert.equal(again.status, 304);
  });

  test('a missing asset is 404, not the app page', async () => {
    assert.equal((await get(port, '/ui/assets/index-old.js')).status, 404);
  });

  test('paths outside the directory are not served', async () => {
    for (const path of ['/ui/../secret.txt', '/ui/%2e%2e/secret.txt', '/ui/assets/%2e%2e%2f%2e%2e%2fsecret.txt']) {
      const a = await get(port, path);
      assert.ok(!a.body.toString().includes('not for you'), path);
    }
  });
});
