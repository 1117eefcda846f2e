// The agent checks what the server asks it to serve before touching the engine.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseOpenRequest } from '../../../../client/tunnel/index.js';

const pod = { namespace: 'default', name: 'web', uid: 'u1' };

describe('parseOpenRequest', () => {
  test('accepts the four kinds, dropping what it does not know', () => {
    assert.deepEqual(parseOpenRequest({ kind: 'exec', pod, container: 'main', command: ['sh', '-c', 'id'], tty: true, stdin: true, stdout: true, extra: 1 }),
      { kind: 'exec', pod, container: 'main', command: ['sh', '-c', 'id'], tty: true, stdin: true, stdout: true, stderr: false });
    assert.deepEqual(parseOpenRequest({ kind: 'portforward', pod, host: '10.1.0.5', port: 8080 }), { kind: 'portforward', pod, host: '10.1.0.5', port: 8080 });
    assert.equal(parseOpenRequest({ kind: 'log', pod, container: 'main', tailLines: 10 }).kind, 'log');
    // The node's usage summary is about no pod.
    assert.deepEqual(parseOpenRequest({ kind: 'stats', pod }), { kind: 'stats' });
  });

  test('refuses malformed requests with the field named', () => {
    assert.throws(() => parseOpenRequest('x'), /open request must be an object/);
    assert.throws(() => parseOpenRequest({ kind: 'shell', pod }), /unknown stream kind "shell"/);
    assert.throws(() => parseOpenRequest({ kind: 'exec', pod, container: 'main', command: [] }), /exec needs a command/);
    assert.throws(() => parseOpenRequest({ kind: 'exec', pod, container: 'main', command: ['sh', 1] }), /command must be a list of strings/);
    assert.throws(() => parseOpenRequest({ kind: 'portforward', pod, host: 'h', port: 70000 }), /port must be 1-65535/);
    assert.throws(() => parseOpenRequest({ kind: 'log', pod: { name: 'web' }, container: 'main' }), /pod\.namespace must be a non-empty string/);
    assert.throws(() => parseOpenRequest({ kind: 'log', pod, container: 'main', tailLines: 1.5 }), /tailLines must be an integer/);
  });
});
