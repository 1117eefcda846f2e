// The local agent's status as the desktop app shows it: launched, crashed and restarting (with why and
// the command to run it by hand), stopped. Real child processes stand in for the agent.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AgentSupervisor, shellQuote, type LocalAgentStatus } from '../../../main/agent-supervisor.js';
import { createLogger } from '../../../main/logger.js';
import { createCa } from '../../../main/pki/index.js';
import type { ClusterPki } from '../../../main/pki/index.js';
import { tempDir } from '../../helpers/tmp.js';
import { waitFor } from '../../helpers/wait.js';

const rootOnly = typeof process.getuid === 'function' && process.getuid() !== 0 ? 'the supervisor launches the agent only as root' : false;

async function supervisor(dataDir: string, execPath: string, args: string[]): Promise<{ sup: AgentSupervisor; seen: LocalAgentStatus[] }> {
  const ca = await createCa();
  const pki = { ca, caCertPem: ca.certPem } as unknown as ClusterPki;
  const sup = new AgentSupervisor({ dataDir, apiUrl: 'https://127.0.0.1:1', pki, nodeName: 'laptop', log: createLogger('test', 'silent'), command: { execPath, args, env: { SKIFF_TEST_MARK: '1' } } });
  const seen: LocalAgentStatus[] = [];
  sup.onStatus((s) => seen.push(s));
  return { sup, seen };
}

describe('local agent status', { skip: rootOnly }, () => {
  test('an agent that exits is reported as restarting, with its exit code, its log and the command to run it', async () => {
    const dir = tempDir();
    try {
      const { sup, seen } = await supervisor(dir.path, process.execPath, ['-e', 'process.exit(process.env.SKIFF_TEST_MARK === "1" ? 3 : 0)', '--']);
      assert.equal(sup.status.state, 'starting');
      assert.equal(await sup.start(), true);
      await waitFor('the restarting status', () => sup.status.state === 'restarting', { timeoutMs: 10_000 });
      assert.deepEqual(seen.map((s) => s.state).slice(0, 2), ['running', 'restarting']);
      const s = sup.status;
      assert.match(s.message ?? '', /exited \(code 3\); it restarts in 1 s/);
      assert.equal(s.nodeName, 'laptop');
      assert.match(s.command ?? '', /^sudo env SKIFF_TEST_MARK=1 \S+ --max-semi-space-size=1 -e .* -- --kubeconfig \S+\/agent\/kubeconfig --data-dir \S+\/agent --node-name laptop$/);
      await sup.stop();
      assert.equal(sup.status.state, 'stopped');
    } finally {
      dir.remove();
    }
  });

  test('a program that cannot be started is reported with the reason', async () => {
    const dir = tempDir();
    try {
      const { sup } = await supervisor(dir.path, `${dir.path}/no-such-runtime`, []);
      await sup.start();
      await waitFor('the restarting status', () => sup.status.state === 'restarting', { timeoutMs: 10_000 });
      assert.match(sup.status.message ?? '', /could not be started \(spawn \S+no-such-runtime ENOENT\)/);
      await sup.stop();
    } finally {
      dir.remove();
    }
  });
});

describe('shellQuote', () => {
  test('plain words stay, others are single-quoted so a shell gives them back unchanged', () => {
    assert.equal(shellQuote('/usr/bin/node'), '/usr/bin/node');
    assert.equal(shellQuote('/home/me/My Skiff/kubeconfig'), "'/home/me/My Skiff/kubeconfig'");
    assert.equal(shellQuote("it's"), "'it'\\''s'");
  });
});
