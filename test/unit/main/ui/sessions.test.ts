import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { ForbiddenError } from '../../../../api/errors/status-error.js';
import { sessionCookie, UiSessions } from '../../../../main/ui/index.js';

const ADMIN = { name: 'skiff-admin', groups: ['system:masters'] };

function req(method: string, headers: Record<string, string> = {}): IncomingMessage {
  return { method, headers: { host: '127.0.0.1:6443', ...headers } } as unknown as IncomingMessage;
}

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => { t += ms; } };
}

describe('GUI sessions', () => {
  test('a login token works once', () => {
    const s = new UiSessions({ user: ADMIN });
    const token = s.issueLoginToken();
    assert.ok(s.redeem(token));
    assert.equal(s.redeem(token), undefined);
    assert.equal(s.redeem('made-up'), undefined);
  });

  test('a login token expires after its TTL', () => {
    const c = clock();
    const s = new UiSessions({ user: ADMIN, now: c.now, loginTtlMs: 60_000 });
    const token = s.issueLoginToken();
    c.advance(60_001);
    assert.equal(s.redeem(token), undefined);
  });

  test('a session slides while used, ends after the idle TTL, and at the latest after the maximum age', () => {
    const c = clock();
    const s = new UiSessions({ user: ADMIN, now: c.now, idleTtlMs: 1000, maxAgeMs: 2500 });
    const id = s.redeem(s.issueLoginToken())!;
    c.advance(900);
    assert.deepEqual(s.touch(id), ADMIN);
    c.advance(900);
    assert.deepEqual(s.touch(id), ADMIN, 'used within the idle TTL: still valid');
    c.advance(900);
    assert.equal(s.touch(id), undefined, 'past the maximum age even though used');
    const id2 = s.redeem(s.issueLoginToken())!;
    c.advance(1001);
    assert.equal(s.touch(id2), undefined, 'idle too long');
  });

  test('the cookie authenticates reads; writes need the CSRF header; other origins are refused', () => {
    const s = new UiSessions({ user: ADMIN });
    const id = s.redeem(s.issueLoginToken())!;
    const cookie = `theme=dark; skiff-session=${id}`;
    assert.equal(s.authenticate(req('GET')), undefined, 'no cookie: not this authenticator');
    assert.equal(s.authenticate(req('GET', { cookie: 'skiff-session=stale' })), undefined);
    assert.deepEqual(s.authenticate(req('GET', { cookie })), ADMIN);
    assert.throws(() => s.authenticate(req('POST', { cookie })), ForbiddenError);
    assert.deepEqual(s.authenticate(req('PATCH', { cookie, 'x-skiff-csrf': '1', origin: 'https://127.0.0.1:6443' })), ADMIN);
    assert.throws(() => s.authenticate(req('DELETE', { cookie, 'x-skiff-csrf': '1', origin: 'https://evil.example' })), ForbiddenError);
    s.revoke(id);
    assert.equal(s.authenticate(req('GET', { cookie })), undefined, 'signed out');
  });

  test('the session cookie is HttpOnly, Secure and SameSite=Strict', () => {
    const c = sessionCookie('abc');
    for (const attr of ['HttpOnly', 'Secure', 'SameSite=Strict', 'Path=/']) assert.match(c, new RegExp(`; ${attr}(;|$)`));
  });
});
