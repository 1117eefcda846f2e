// The AtomicWriter's on-disk layout (the one the kubelet uses, which apps watching `..data` rely on),
// its no-op on unchanged content, and the paths it refuses.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { lstat, mkdtemp, readFile, readdir, readlink, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AtomicWriter, type Payload } from '../../../../agent/volumes/index.js';

const file = (text: string, mode = 0o644) => ({ data: Buffer.from(text), mode });

describe('AtomicWriter', () => {
  let root: string;
  before(async () => { root = await mkdtemp(join(tmpdir(), 'skiff-atomic-')); });
  after(async () => { await rm(root, { recursive: true, force: true }); });

  test('files live in a timestamped directory behind ..data; visible names are links through it', async () => {
    const dir = join(root, 'layout');
    const w = new AtomicWriter(dir, () => new Date(Date.UTC(2024, 4, 1, 12, 0, 5)));
    const changed = await w.write(new Map([['username', file('admin')], ['conf/app/settings.ini', file('x=1', 0o400)]]));
    assert.equal(changed, true);
    const ts = await readlink(join(dir, '..data'));
    assert.match(ts, /^\.\.2024_05_01_12_00_05\.\d{9}$/);
    assert.equal(await readlink(join(dir, 'username')), '..data/username');
    assert.equal(await readlink(join(dir, 'conf')), '..data/conf');
    assert.equal(await readFile(join(dir, 'conf/app/settings.ini'), 'utf8'), 'x=1');
    assert.equal((await stat(join(dir, 'conf/app/settings.ini'))).mode & 0o777, 0o400);
    assert.equal((await stat(join(dir, 'username'))).mode & 0o777, 0o644);
    assert.equal((await stat(join(dir, ts))).mode & 0o777, 0o755);
    assert.deepEqual((await readdir(dir)).sort(), [ts, '..data', 'conf', 'username'].sort());
  });

  test('unchanged content is a no-op; a change switches versions, keeps only the previous one and drops removed names', async () => {
    const dir = join(root, 'update');
    const w = new AtomicWriter(dir);
    await w.write(new Map([['a', file('1')], ['b', file('2')]]));
    const first = await readlink(join(dir, '..data'));

    assert.equal(await w.write(new Map([['a', file('1')], ['b', file('2')]])), false);
    assert.equal(await readlink(join(dir, '..data')), first);

    assert.equal(await w.write(new Map([['a', file('1', 0o600)], ['b', file('2')]])), true, 'a mode change is a change');
    const middle = await readlink(join(dir, '..data'));
    assert.equal(await w.write(new Map([['a', file('one', 0o600)]])), true);
    const second = await readlink(join(dir, '..data'));
    assert.notEqual(second, first);
    // The version before stays until the next update, for readers that resolved ..data before the swap.
    assert.deepEqual((await readdir(dir)).sort(), [middle, second, '..data', 'a'].sort());
    assert.equal(await readFile(join(dir, 'a'), 'utf8'), 'one');
    await assert.rejects(lstat(join(dir, 'b')), { code: 'ENOENT' });
  });

  test('a file may become a directory and back', async () => {
    const dir = join(root, 'reshape');
    const w = new AtomicWriter(dir);
    await w.write(new Map([['cfg', file('flat')]]));
    await w.write(new Map([['cfg/inner', file('nested')]]));
    assert.equal(await readFile(join(dir, 'cfg/inner'), 'utf8'), 'nested');
    await w.write(new Map([['cfg', file('flat again')]]));
    assert.equal(await readFile(join(dir, 'cfg'), 'utf8'), 'flat again');
  });

  test('refuses paths that would leave the volume or clash with its own names', async () => {
    const w = new AtomicWriter(join(root, 'refuse'));
    const cases: [string, string][] = [
      ['../escape', "invalid path: must not contain '..': ../escape"],
      ['a/../../b', "invalid path: must not contain '..': a/../../b"],
      ['/etc/passwd', 'invalid path: must be relative path: /etc/passwd'],
      ['..data', "invalid path: must not start with '..': ..data"],
      ['', 'invalid path: must not be empty: ""'],
      ['x'.repeat(256), 'invalid path: filenames must be less than or equal to 255 characters'],
    ];
    for (const [p, message] of cases) {
      const payload: Payload = new Map([['ok', file('fine')], [p, file('bad')]]);
      await assert.rejects(w.write(payload), { message });
    }
    await assert.rejects(lstat(join(root, 'refuse', 'ok')), { code: 'ENOENT' }, 'nothing is written when any path is bad');
  });
});
