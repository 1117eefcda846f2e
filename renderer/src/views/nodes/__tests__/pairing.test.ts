import { describe, expect, it } from 'vitest';
import { create } from 'qrcode';
import { ApiClient } from '../../../api/client.js';
import { FakeApi } from '../../../api/__tests__/fake-api.js';
import { defaultPairForm, timeLeft, tokenRequest } from '../pair-dialog.js';
import { approveRequest, createPairingToken, denyRequest, pendingRequests, unpairNode, unpairSummary } from '../pairing-api.js';
import { drawQrCode, qrPath } from '../qr-code.js';
import { agentNeedsAttention } from '../use-local-agent.js';

const request = (name: string, phase: string, created: string) => ({ apiVersion: 'pairing.skiff.dev/v1', kind: 'CertificateRequest', name, nodeName: `node-${name}`, tokenId: 'abc123', created, phase });

describe('pairing requests the GUI sends', () => {
  it('creates a token with the form as the CLI would (empty fields left to the server), with the CSRF header', async () => {
    const api = new FakeApi();
    api.answers.set('POST /apis/pairing.skiff.dev/v1/tokens', [{ status: 201, body: { kind: 'PairingToken', id: 'abc123' } }]);
    const c = new ApiClient({ connection: { baseUrl: '' }, fetch: api.fetch });
    await createPairingToken(c, tokenRequest({ ...defaultPairForm(), nodeName: ' pi-4 ', requireApproval: true }));
    const [r] = api.requests;
    expect(r.method).toBe('POST');
    expect(r.headers['X-Skiff-CSRF']).toBe('1');
    expect(JSON.parse(r.body!)).toEqual({ ttlSeconds: 900, description: 'created in the Skiff app', nodeName: 'pi-4', requireApproval: true });
  });

  it('lists only the waiting requests, oldest first', async () => {
    const api = new FakeApi();
    api.answers.set('GET /apis/pairing.skiff.dev/v1/certificaterequests', [{ status: 200, body: { kind: 'List', items: [
      request('b', 'Pending', '2026-01-01T10:05:00Z'), request('c', 'Issued', '2026-01-01T10:00:00Z'), request('a', 'Pending', '2026-01-01T10:01:00Z'),
    ] } }]);
    const c = new ApiClient({ connection: { baseUrl: '' }, fetch: api.fetch });
    expect((await pendingRequests(c)).map((r) => r.name)).toEqual(['a', 'b']);
  });

  it('approve, deny and unpair POST to their paths (names escaped)', async () => {
    const api = new FakeApi();
    for (const path of ['/apis/pairing.skiff.dev/v1/certificaterequests/r1/approve', '/apis/pairing.skiff.dev/v1/certificaterequests/r1/deny', '/apis/pairing.skiff.dev/v1/nodes/edge%201/unpair']) {
      api.answers.set(`POST ${path}`, [{ status: 200, body: { node: 'edge 1', revokedCertificates: 2, nodeDeleted: true, podsDeleted: 1 } }]);
    }
    const c = new ApiClient({ connection: { baseUrl: '' }, fetch: api.fetch });
    await approveRequest(c, 'r1');
    await denyRequest(c, 'r1', 'not ours');
    const result = await unpairNode(c, 'edge 1');
    expect(api.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'POST /apis/pairing.skiff.dev/v1/certificaterequests/r1/approve',
      'POST /apis/pairing.skiff.dev/v1/certificaterequests/r1/deny',
      'POST /apis/pairing.skiff.dev/v1/nodes/edge%201/unpair',
    ]);
    expect(JSON.parse(api.requests[1].body!)).toEqual({ message: 'not ours' });
    expect(unpairSummary(result)).toBe('Unpaired edge 1: 2 certificates revoked, Node deleted, 1 pod deleted');
  });
});

describe('pairing dialog helpers', () => {
  it('the server URL and node name are sent only when given', () => {
    expect(tokenRequest({ ...defaultPairForm(), ttlSeconds: 3600, server: 'https://192.168.1.10:6443' })).toEqual({ ttlSeconds: 3600, description: 'created in the Skiff app', server: 'https://192.168.1.10:6443' });
  });

  it('the time left reads as minutes:seconds, hours, or expired', () => {
    const now = Date.parse('2026-01-01T10:00:00Z');
    expect(timeLeft('2026-01-01T10:14:05Z', now)).toBe('14:05 left');
    expect(timeLeft('2026-01-02T08:10:00Z', now)).toBe('22 h 10 min left');
    expect(timeLeft('2026-01-01T09:59:59Z', now)).toBe('expired');
    expect(timeLeft('not a date', now)).toBe('expired');
  });

  it('the local agent needs attention when it is not running and not on its way', () => {
    expect(agentNeedsAttention(undefined)).toBe(false);
    expect(agentNeedsAttention({ state: 'running', nodeName: 'x' })).toBe(false);
    expect(agentNeedsAttention({ state: 'starting', nodeName: 'x' })).toBe(false);
    expect(agentNeedsAttention({ state: 'not-started', nodeName: 'x' })).toBe(true);
    expect(agentNeedsAttention({ state: 'restarting', nodeName: 'x' })).toBe(true);
  });
});

describe('QR code of the command', () => {
  it('draws runs of dark modules, one path segment per run', () => {
    expect(qrPath({ size: 3, data: [1, 1, 0, 0, 0, 0, 1, 0, 1] })).toBe('M0 0h2v1h-2zM0 2h1v1h-1zM2 2h1v1h-1z');
  });

  it('encodes exactly the text: every module of the symbol is drawn as it is', async () => {
    const text = 'sudo skiff agent pair --server https://192.168.1.10:6443 --token abcdef.0123456789abcdef --ca-pin sha256:' + 'ab'.repeat(32);
    const d = await drawQrCode(text);
    const m = create(text, { errorCorrectionLevel: 'M' }).modules;
    expect(d.size).toBe(m.size);
    expect(d.path).toBe(qrPath(m));
    expect(d.text).toBe(text);
  });
});
