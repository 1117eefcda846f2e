// An acknowledged write survives `kill -9` of the process right after the acknowledgement.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Store } from '../../../../main/store/index.js';
import { tempDir } from '../../../helpers/tmp.js';

const writer = fileURLToPath(new URL('./durability-writer.js', import.meta.url));

test('every write acknowledged before SIGKILL is on disk after reopening', async () => {
  const dir = tempDir();
  const path = join(dir.path, 'db');
  const child = spawn(process.execPath, [writer, path], { stdio: ['ignore', 'pipe', 'inherit'] });
  const acked: string[] = [];
  await new Promise<void>((resolve) => {
    let buf = '';
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      const lines = buf.split('\n');
      buf = lines.pop() ?? '';
      for (const l of lines) if (l.startsWith('ack ')) acked.push(l.slice(4));
      if (acked.length >= 40) {
        child.kill('SIGKILL');
      }
    });
    child.on('exit', () => resolve());
  });
  assert.ok(acked.length >= 40);
  const store = await Store.open(path);
  try {
    for (const name of acked) {
      assert.ok(store.get({ group: '', resource: 'configmaps', namespace: 'default', name }), `acknowledged ${name} lost`);
    }
    assert.ok(store.revision >= acked.length);
  } finally {
    await store.close();
    dir.remove();
  }
});
