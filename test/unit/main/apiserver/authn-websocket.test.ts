// Browser WebSockets cannot send an Authorization header: a bearer token rides in a subprotocol, as
// kube-apiserver accepts it (`base64url.bearer.authorization.k8s.io.<token>`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { UnauthorizedError } from '../../../../api/errors/status-error.js';
import { authenticate } from '../../../../main/apiserver/authn.js';
import { TokenAuthenticator } from '../../../../main/apiserver/tokens.js';

const request = (headers: Record<string, string>): IncomingMessage => ({ headers, socket: {} } as unknown as IncomingMessage);

test('a bearer token in the WebSocket subprotocol list authenticates the upgrade', () => {
  const tokens = new TokenAuthenticator();
  const token = tokens.issue({ name: 'gui', groups: ['system:masters'] }, 60);
  const proto = `v5.channel.k8s.io, base64url.bearer.authorization.k8s.io.${Buffer.from(token).toString('base64url')}`;
  const user = authenticate(request({ upgrade: 'websocket', 'sec-websocket-protocol': proto }), { tokens });
  assert.equal(user.name, 'gui');
  assert.ok(user.groups.includes('system:authenticated'));
});

test('a wrong token there is 401, and the subprotocol is ignored on plain requests', () => {
  const tokens = new TokenAuthenticator();
  const bad = `base64url.bearer.authorization.k8s.io.${Buffer.from('nope').toString('base64url')}`;
  assert.throws(() => authenticate(request({ upgrade: 'websocket', 'sec-websocket-protocol': bad }), { tokens }), UnauthorizedError);
  assert.throws(() => authenticate(request({ 'sec-websocket-protocol': bad }), { tokens }), UnauthorizedError, 'no credentials at all without the upgrade');
});
