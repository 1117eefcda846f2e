// `skiff agent pair`, the network part: fetch the control plane's CA, check it against the pin before
// anything secret is sent, then send a CSR (for a key made here) with the token over TLS that trusts only
// that CA, and wait for the certificate (at once, or after an admin's approval).
import { request } from 'node:https';
import { isIP } from 'node:net';
import { pairingPaths, readCertificateRequest, readPairingCa, type CertificateRequest } from '../../api/pairing/protocol.js';
import { checkIssuedCertificate, caPinOf, pinsEqual } from './pin.js';
import { generateNodeKey } from './csr.js';

export interface PairOptions {
  /** https://HOST:PORT of the API. */
  server: string;
  token: string;
  /** `sha256:<hex>`. */
  caPin: string;
  /** `--node-name`, when given. */
  nodeName?: string;
  /** This machine's hostname (the default node name). */
  hostname: string;
  /** How long to wait for an admin's approval (default 30 min). */
  approvalTimeoutMs?: number;
  pollMs?: number;
  /** Progress lines for the person at the device. */
  progress?: (line: string) => void;
}

export interface PairResult {
  server: string;
  nodeName: string;
  caPem: string;
  certPem: string;
  keyPem: string;
}

export class PairingError extends Error {
  override name = 'PairingError';
}

export async function pairDevice(o: PairOptions): Promise<PairResult> {
  const server = o.server.replace(/\/+$/, '');
  const say = o.progress ?? ((): void => {});
  // 1. The CA, over TLS we cannot verify yet: whatever answers is checked against the pin next.
  const caAnswer = await call('GET', `${server}${pairingPaths.ca}`, { insecure: true });
  const caPem = readPairingCa(expectOk(caAnswer, 'fetching the CA')).caCert;
  const pin = caPinOf(caPem);
  if (!pinsEqual(pin, o.caPin)) {
    throw new PairingError(`the CA of ${server} has pin ${pin}, not ${o.caPin}: this is not the control plane the token came from (or the pin was mistyped). Nothing was sent; check --server and --ca-pin.`);
  }
  say(`CA of ${server} matches the pin`);
  // 2. Key and CSR made here; the token goes only to a server the pinned CA vouches for.
  const key = generateNodeKey(o.nodeName ?? o.hostname);
  const body = { token: o.token, nodeName: o.nodeName, hostname: o.hostname, csr: key.csrPem };
  let req = readCertificateRequest(expectOk(await call('POST', `${server}${pairingPaths.requests}`, { caPem, body }), 'sending the pairing request'));
  // 3. Approval, when the token asks for it.
  if (req.phase === 'Pending') {
    say(`waiting for an administrator to approve request ${req.name} (node ${req.nodeName}): skiff node approve ${req.name}`);
    req = await waitForDecision(server, caPem, req, o);
  }
  if (req.phase === 'Denied') throw new PairingError(`the pairing request was denied: ${req.message ?? 'no reason given'}`);
  checkIssuedCertificate(req.certificate!, key.keyPem, caPem, req.nodeName);
  return { server, nodeName: req.nodeName, caPem, certPem: req.certificate!, keyPem: key.keyPem };
}

async function waitForDecision(server: string, caPem: string, first: CertificateRequest, o: PairOptions): Promise<CertificateRequest> {
  const deadline = Date.now() + (o.approvalTimeoutMs ?? 30 * 60_000);
  for (;;) {
    await sleep(o.pollMs ?? 2000);
    const answer = await call('GET', `${server}${pairingPaths.request(first.name)}`, { caPem });
    const req = readCertificateRequest(expectOk(answer, 'checking the pairing request'));
    if (req.phase !== 'Pending') return req;
    if (Date.now() > deadline) throw new PairingError(`request ${first.name} was not approved in time; approve it (skiff node approve ${first.name}) and pair again with a new token`);
  }
}

interface Answer {
  status: number;
  body: unknown;
}

/** One HTTPS call; a 429 is waited out (Retry-After) and retried, a few times. */
async function call(method: string, url: string, o: { insecure?: boolean; caPem?: string; body?: unknown }): Promise<Answer> {
  for (let attempt = 0; ; attempt++) {
    const a = await once(method, url, o);
    if (a.status !== 429 || attempt >= 5) return a;
    await sleep(Math.min(60, a.retryAfter ?? 2) * 1000);
  }
}

function once(method: string, url: string, o: { insecure?: boolean; caPem?: string; body?: unknown }): Promise<Answer & { retryAfter?: number }> {
  const u = new URL(url);
  const host = u.hostname.replace(/^\[|\]$/g, '');
  const text = o.body === undefined ? undefined : JSON.stringify(o.body);
  return new Promise((resolve, reject) => {
    const req = request({
      method, host, port: u.port || 443, path: u.pathname,
      headers: { Accept: 'application/json', 'User-Agent': 'skiff-agent-pair', ...(text ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) } : {}) },
      ...(o.insecure ? { rejectUnauthorized: false } : { ca: o.caPem, rejectUnauthorized: true }),
      servername: isIP(host) ? undefined : host,
      timeout: 15_000,
    }, (res) => {
      let data = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => { data += d; });
      res.on('end', () => {
        let body: unknown = data;
        try {
          body = data === '' ? undefined : JSON.parse(data);
        } catch {
          // not JSON: keep the text for the message
        }
        const retry = Number(res.headers['retry-after']);
        resolve({ status: res.statusCode ?? 0, body, retryAfter: Number.isFinite(retry) ? retry : undefined });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('no answer within 15 s')));
    req.on('error', (err: NodeJS.ErrnoException) => reject(new PairingError(connectionMessage(u, err))));
    req.end(text);
  });
}

function connectionMessage(u: URL, err: NodeJS.ErrnoException): string {
  if (err.code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return `the API server's certificate does not cover "${u.hostname}": use in --server an address or name the control plane's certificate covers (its machine's addresses), ${err.message}`;
  }
  return `cannot reach ${u.origin}: ${err.message}`;
}

function expectOk(a: Answer, doing: string): unknown {
  if (a.status >= 200 && a.status < 300) return a.body;
  const message = typeof a.body === 'object' && a.body !== null && typeof (a.body as { message?: unknown }).message === 'string'
    ? (a.body as { message: string }).message : String(a.body ?? '').slice(0, 300);
  if (a.status === 404 && doing === 'fetching the CA') throw new PairingError(`${doing}: the server does not offer pairing (HTTP 404) — is it a Skiff control plane?`);
  throw new PairingError(`${doing}: the control plane refused (HTTP ${a.status}): ${message}`);
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
