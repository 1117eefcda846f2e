// What pairing leaves on the device, and how rotation rewrites it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadKubeconfig } from '../../../../client/kubeconfig.js';
import { readAgentConfig, renderAgentConfig, renderNodeKubeconfig, replaceClientCertificate, writePrivateFile } from '../../../../agent/pairing/node-files.js';
import { tempDir } from '../../../helpers/tmp.js';

test('the kubeconfig pairing writes is private and what the agent loads; rotation swaps only the user\'s pair', async () => {
  const dir = tempDir('skiff-node-files-');
  try {
    const path = join(dir.path, 'etc', 'kubeconfig');
    await writePrivateFile(path, renderNodeKubeconfig({ server: 'https://10.0.0.1:6443', caPem: 'CA', certPem: 'CERT1', keyPem: 'KEY1', nodeName: 'edge-1' }));
    assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.equal(statSync(join(dir.path, 'etc')).mode & 0o777, 0o700);
    assert.deepEqual(loadKubeconfig(path), { context: 'skiff', server: 'https://10.0.0.1:6443', caPem: 'CA', certPem: 'CERT1', keyPem: 'KEY1', token: undefined });
    await replaceClientCertificate(path, 'CERT2', 'KEY2');
    assert.deepEqual(loadKubeconfig(path), { context: 'skiff', server: 'https://10.0.0.1:6443', caPem: 'CA', certPem: 'CERT2', keyPem: 'KEY2', token: undefined });
    assert.equal(statSync(path).mode & 0o777, 0o600);
  } finally {
    dir.remove();
  }
});

test('agent.yaml round-trips, relative paths are taken from its directory, and mistakes are named', async () => {
  const dir = tempDir('skiff-agent-yaml-');
  try {
    const path = join(dir.path, 'agent.yaml');
    writeFileSync(path, renderAgentConfig({ kubeconfig: 'kubeconfig', nodeName: 'edge-1', dataDir: 'state', bridge: 'br9' }));
    assert.deepEqual(await readAgentConfig(path), { kubeconfig: join(dir.path, 'kubeconfig'), nodeName: 'edge-1', dataDir: join(dir.path, 'state'), bridge: 'br9' });
    writeFileSync(path, 'kubeconfig: /k\nnodeName: n\nbrige: x\n');
    await assert.rejects(readAgentConfig(path), /unknown setting "brige"/);
    writeFileSync(path, 'kubeconfig: /k\n');
    await assert.rejects(readAgentConfig(path), /"kubeconfig" and "nodeName" are required/);
  } finally {
    dir.remove();
  }
});
