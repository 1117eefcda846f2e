// Which container instance logs, exec and attach mean, and the kubelet's messages when there is none.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { logContainer, runningContainer } from '../../../../agent/tunnel/containers.js';
import type { ContainerInfo } from '../../../../agent/runtime/types.js';

const POD = { namespace: 'default', name: 'web', uid: 'u1' };

function ctr(name: string, restartCount: number, state: ContainerInfo['state'], role: ContainerInfo['role'] = 'app'): ContainerInfo {
  return { id: `${name}-${restartCount}`, pod: POD, name, role, restartCount, specHash: '', state, oomKilled: false, image: 'busybox', imageId: 'sha256:1' };
}

const runtime = (list: ContainerInfo[]) => ({ list: async (uid?: string) => (uid === POD.uid ? list : []) });

describe('container instances', () => {
  const rt = runtime([ctr('POD', 0, 'running', 'sandbox'), ctr('main', 0, 'exited'), ctr('main', 1, 'running'), ctr('side', 0, 'running')]);

  test('logs: the newest instance, or the one before it for --previous', async () => {
    assert.equal((await logContainer(rt, POD, 'main', false)).id, 'main-1');
    assert.equal((await logContainer(rt, POD, 'main', true)).id, 'main-0');
    await assert.rejects(logContainer(rt, POD, 'side', true), { code: 400, message: 'previous terminated container "side" in pod "web" not found' });
  });

  test('logs of a container not started yet say why it waits', async () => {
    await assert.rejects(logContainer(rt, POD, 'later', false, 'ImagePullBackOff'), { message: 'container "later" in pod "web" is waiting to start: ImagePullBackOff' });
    await assert.rejects(logContainer(runtime([ctr('main', 0, 'created')]), POD, 'main', false), { message: 'container "main" in pod "web" is waiting to start: ContainerCreating' });
  });

  test('exec and attach need the current instance running', async () => {
    assert.equal((await runningContainer(rt, POD, 'main')).id, 'main-1');
    await assert.rejects(runningContainer(runtime([ctr('main', 2, 'exited')]), POD, 'main'), { message: 'container "main" in pod "web" is not running' });
    await assert.rejects(runningContainer(rt, POD, 'nope'), { message: 'container not found ("nope")' });
  });
});
