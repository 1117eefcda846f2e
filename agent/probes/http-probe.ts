// The httpGet handler (pkg/probe/http): GET with the kubelet's headers, success for 200–399, redirects
// followed only to the same host (a redirect elsewhere ends the probe with a warning), TLS unverified,
// at most 10 KiB of the body read for the message.
import { request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import type { HTTPGetAction } from 'kubernetes-types/core/v1.js';
import { capOutput, DIAL_CODES, dialError, goQuote, joinHostPort, resolveHost, resolvePort } from './address.js';
import type { ProbeClock } from './clock.js';
import { MAX_OUTPUT_BYTES, PROBE_USER_AGENT, ProbeError, type HandlerResult, type ProbeTarget } from './types.js';

const MAX_REQUESTS = 10;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export interface ProbeRequest {
  url: URL;
  /** Canonical header names (as Go's http.Header) to their values. */
  headers: Map<string, string[]>;
  /** The Host header when the probe overrides it. */
  host?: string;
}

/** NewRequestForHTTPGetAction: the URL from scheme/host/port/path and the headers with the kubelet's defaults. */
export function buildProbeRequest(action: HTTPGetAction, target: ProbeTarget): ProbeRequest {
  const scheme = (action.scheme || 'http').toLowerCase();
  const host = resolveHost(action.host, target);
  const port = resolvePort(action.port, target.ports);
  const url = new URL(`${scheme}://${joinHostPort(host, port)}`);
  const path = action.path ?? '';
  const q = path.indexOf('?');
  url.pathname = q < 0 ? path : path.slice(0, q);
  if (q >= 0) url.search = path.slice(q);
  const headers = new Map<string, string[]>();
  for (const h of action.httpHeaders ?? []) {
    const name = canonicalHeader(h.name);
    headers.set(name, [...(headers.get(name) ?? []), h.value]);
  }
  if (!headers.has('User-Agent')) headers.set('User-Agent', [PROBE_USER_AGENT]);
  if (!headers.has('Accept')) headers.set('Accept', ['*/*']);
  else if (!headers.get('Accept')?.[0]) headers.delete('Accept');
  const hostHeader = headers.get('Host')?.[0];
  headers.delete('Host');
  return { url, headers, host: hostHeader || undefined };
}

/** textproto.CanonicalMIMEHeaderKey: `x-custom-header` → `X-Custom-Header`. */
export function canonicalHeader(name: string): string {
  if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name)) return name;
  return name.toLowerCase().replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => dash + c.toUpperCase());
}

export async function httpProbe(action: HTTPGetAction, target: ProbeTarget, timeoutMs: number, clock: ProbeClock): Promise<HandlerResult> {
  const req = buildProbeRequest(action, target);
  const abort = new AbortController();
  const cancel = clock.setTimeout(() => abort.abort(), timeoutMs);
  let url = req.url;
  try {
    let host = req.host;
    for (let hops = 0; ; hops++) {
      const res = await get(url, req.headers, host, abort.signal);
      const location = res.headers.location;
      if (!REDIRECTS.has(res.statusCode ?? 0) || !location) return await verdict(res, abort.signal);
      let next: URL;
      try {
        next = new URL(location, url);
      } catch {
        res.destroy();
        return { outcome: 'failure', output: `Get ${goQuote(url.href)}: failed to parse Location header ${goQuote(location)}` };
      }
      // RedirectChecker(followNonLocalRedirects=false): another host ends the chain with this response.
      if (next.hostname !== req.url.hostname) return await verdict(res, abort.signal);
      res.destroy();
      // Go's default check: at most 10 requests in a chain.
      if (hops + 1 >= MAX_REQUESTS) return { outcome: 'failure', output: `Get ${goQuote(next.href)}: stopped after ${MAX_REQUESTS} redirects` };
      // Go keeps a custom Host header through a redirect only when the Location is relative.
      if (/^[a-z][a-z0-9+.-]*:/i.test(location)) host = undefined;
      url = next;
    }
  } catch (err) {
    if (err instanceof BodyError) throw new ProbeError(`Get ${goQuote(url.href)}: ${err.message}`);
    if (abort.signal.aborted) return { outcome: 'failure', output: `Get ${goQuote(url.href)}: context deadline exceeded (Client.Timeout exceeded while awaiting headers)` };
    const code = (err as { code?: string }).code;
    const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
    const text = code && DIAL_CODES.has(code) ? dialError(url.hostname.replace(/^\[|\]$/g, ''), port, err) : (err as Error).message;
    return { outcome: 'failure', output: `Get ${goQuote(url.href)}: ${text}` };
  } finally {
    cancel();
  }
}

/** The body could not be read: upstream treats that as a probe error, not a failure. */
class BodyError extends Error {}

function get(url: URL, headers: Map<string, string[]>, host: string | undefined, signal: AbortSignal): Promise<IncomingMessage> {
  const out: OutgoingHttpHeaders = {};
  for (const [name, values] of headers) out[name] = values.length === 1 ? values[0] : values;
  if (host) out.Host = host;
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  const https = url.protocol === 'https:';
  if (!https && url.protocol !== 'http:') {
    return Promise.reject(new Error(`unsupported protocol scheme ${goQuote(url.protocol.slice(0, -1))}`));
  }
  return new Promise((resolve, reject) => {
    const options = {
      method: 'GET',
      hostname,
      port: url.port || (https ? 443 : 80),
      path: url.pathname + url.search,
      headers: out,
      agent: false as const,
      signal,
      // Probes never verify the container's certificate; no SNI for an IP, as Go.
      rejectUnauthorized: false,
      servername: isIP(hostname) ? '' : hostname,
    };
    const req = https ? httpsRequest(options, resolve) : httpRequest(options, resolve);
    req.on('error', reject);
    req.end();
  });
}

async function verdict(res: IncomingMessage, signal: AbortSignal): Promise<HandlerResult> {
  const status = res.statusCode ?? 0;
  const body = await readAtMost(res, signal);
  if (status >= 200 && status < 400) {
    if (status >= 300) return { outcome: 'warning', output: `Probe terminated redirects, Response body: ${body}` };
    return { outcome: 'success', output: body };
  }
  // Upstream keeps the body out of the failure message (kubernetes issue 99425).
  return { outcome: 'failure', output: `HTTP probe failed with statuscode: ${status}` };
}

function readAtMost(res: IncomingMessage, signal: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (err?: string): void => {
      if (settled) return;
      settled = true;
      if (err === undefined) resolve(capOutput(Buffer.concat(chunks)));
      else reject(new BodyError(signal.aborted ? 'context deadline exceeded (Client.Timeout or context cancellation while reading body)' : err));
    };
    res.on('data', (d: Buffer) => {
      chunks.push(d);
      size += d.length;
      // Enough for the message; the rest is never read (a truncated body is not an error upstream).
      if (size >= MAX_OUTPUT_BYTES) {
        finish();
        res.destroy();
      }
    });
    res.on('end', () => finish());
    res.on('error', (err) => finish(err.message));
    res.on('close', () => finish(res.complete ? undefined : 'unexpected EOF'));
  });
}
