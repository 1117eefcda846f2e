// The exec handler over a scripted runtime: exit codes, captured and capped output, timeouts from either
// the engine or the prober's own guard, engine errors, and $(VAR) expansion.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execProbe, expandCommand } from '../../../../agent/probes/exec-probe.js';
import { ProbeError } from '../../../../agent/probes/types.js';
import { FakeClock, FakeRuntime, flush } from './fakes.js';

describe('exec probe', () => {
  const clock = new FakeClock();

  test('exit 0 succeeds and any other code fails, with the command\'s output', async () => {
    const rt = new FakeRuntime((cmd) => ({ exitCode: cmd[1] === 'ok' ? 0 : 2, output: `said ${cmd[1]}\n` }));
    assert.deepEqual(await execProbe(rt, 'c1', ['check', 'ok'], [], 1000, clock), { outcome: 'success', output: 'said ok\n' });
    assert.deepEqual(await execProbe(rt, 'c1', ['check', 'bad'], [], 1000, clock), { outcome: 'failure', output: 'said bad\n' });
    assert.deepEqual(rt.calls.map((c) => [c.id, c.timeoutMs]), [['c1', 1000], ['c1', 1000]]);
  });

  test('output is capped at 10 KiB', async () => {
    const rt = new FakeRuntime(() => ({ exitCode: 1, output: 'y'.repeat(20_000) }));
    const r = await execProbe(rt, 'c1', ['noisy'], [], 1000, clock);
    assert.equal(r.output.length, 10 * 1024);
  });

  test('a command still running at the timeout fails with "command ... timed out"', async () => {
    const rt = new FakeRuntime(() => new Promise(() => {}));
    const pending = execProbe(rt, 'c1', ['sh', '-c', 'sleep 30'], [], 1000, clock);
    await flush();
    await clock.advance(1000);
    assert.deepEqual(await pending, { outcome: 'failure', output: 'command "sh -c sleep 30" timed out' });
  });

  test('the engine\'s own timeout reads the same', async () => {
    const rt = new FakeRuntime(() => Promise.reject(new Error('command timed out after 1000 ms')));
    assert.deepEqual(await execProbe(rt, 'c1', ['sleep', '5'], [], 1000, clock), { outcome: 'failure', output: 'command "sleep 5" timed out' });
  });

  test('an engine error (container gone) is a probe error, not a failure', async () => {
    const rt = new FakeRuntime(() => Promise.reject(new Error('No such container: c1')));
    await assert.rejects(execProbe(rt, 'c1', ['true'], [], 1000, clock), (err: unknown) => err instanceof ProbeError && /No such container/.test(err.message));
    await assert.rejects(execProbe(rt, 'c1', [], [], 1000, clock), ProbeError);
  });

  test('$(VAR) expands from the container env; unknown names stay; $$ escapes', () => {
    const env = [{ name: 'PORT', value: '8080' }, { name: 'FROM_SECRET', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }];
    assert.deepEqual(expandCommand(['curl', 'localhost:$(PORT)/$(MISSING)', '$$(PORT)', '[$(FROM_SECRET)]', 'cost $5', 'open $(PORT'], env),
      ['curl', 'localhost:8080/$(MISSING)', '$(PORT)', '[]', 'cost $5', 'open $(PORT']);
  });
});
