// The Status kubectl reads on channel 3 at the end of exec/attach (kubectl-compat §17.6).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ServiceUnavailableError } from '../../../../../api/errors/status-error.js';
import { chooseRemoteCommandProtocol, exitStatus } from '../../../../../main/apiserver/tunnel/remote-command.js';

describe('remote command', () => {
  test('exit 0 and attach endings are Success', () => {
    assert.deepEqual(exitStatus({ how: 'closed', trailer: { exitCode: 0 } }, ['true']), { metadata: {}, status: 'Success' });
    assert.deepEqual(exitStatus({ how: 'closed' }, []), { metadata: {}, status: 'Success' });
  });

  test('a non-zero exit is NonZeroExitCode with the ExitCode cause kubectl exits with', () => {
    assert.deepEqual(exitStatus({ how: 'closed', trailer: { exitCode: 3 } }, ['sh', '-c', 'exit 3']), {
      metadata: {},
      status: 'Failure',
      message: 'command terminated with non-zero exit code: error executing command [sh -c exit 3], exit code 3',
      reason: 'NonZeroExitCode',
      details: { causes: [{ reason: 'ExitCode', message: '3' }] },
    });
  });

  test('a lost tunnel is a Failure with its message', () => {
    const s = exitStatus({ how: 'lost', error: new ServiceUnavailableError('lost the connection to the agent of node "n1": gone') }, ['sh']);
    assert.deepEqual(s, { metadata: {}, status: 'Failure', message: 'lost the connection to the agent of node "n1": gone', reason: 'ServiceUnavailable', code: 503 });
  });

  test('v5 is preferred, v4 accepted, others refused', () => {
    assert.equal(chooseRemoteCommandProtocol(['v5.channel.k8s.io']), 'v5.channel.k8s.io');
    assert.equal(chooseRemoteCommandProtocol(['v4.channel.k8s.io', 'v5.channel.k8s.io']), 'v5.channel.k8s.io');
    assert.equal(chooseRemoteCommandProtocol(['v4.channel.k8s.io', 'channel.k8s.io']), 'v4.channel.k8s.io');
    assert.equal(chooseRemoteCommandProtocol(['base64.channel.k8s.io']), undefined);
  });
});
