// The grpc handler (pkg/probe/grpc): grpc.health.v1.Health/Check over cleartext HTTP/2 to the pod IP;
// SERVING is success. The request and response are tiny protobufs, encoded here by hand.
import { connect, type IncomingHttpHeaders } from 'node:http2';
import { dialError, goQuote, joinHostPort } from './address.js';
import type { ProbeClock } from './clock.js';
import { PROBE_USER_AGENT, type HandlerResult } from './types.js';

const SERVING_STATUS = ['UNKNOWN', 'SERVING', 'NOT_SERVING', 'SERVICE_UNKNOWN'];
const CODES = ['OK', 'Canceled', 'Unknown', 'InvalidArgument', 'DeadlineExceeded', 'NotFound', 'AlreadyExists', 'PermissionDenied',
  'ResourceExhausted', 'FailedPrecondition', 'Aborted', 'OutOfRange', 'Unimplemented', 'Internal', 'Unavailable', 'DataLoss', 'Unauthenticated'];
const UNIMPLEMENTED = 12;
const DEADLINE_EXCEEDED = 4;

export function grpcProbe(host: string, port: number, service: string, timeoutMs: number, clock: ProbeClock): Promise<HandlerResult> {
  const addr = joinHostPort(host, port);
  const within = goDuration(timeoutMs);
  return new Promise((resolve) => {
    const session = connect(`http://${addr}`);
    let connected = false;
    let settled = false;
    const done = (r: HandlerResult): void => {
      if (settled) return;
      settled = true;
      cancel();
      session.destroy();
      resolve(r);
    };
    const fail = (output: string): void => done({ outcome: 'failure', output });
    const cancel = clock.setTimeout(() => fail(connected
      ? `timeout: health rpc did not complete within ${within}`
      : `timeout: failed to connect service ${goQuote(addr)} within ${within}: context deadline exceeded`), timeoutMs);
    const broken = (err: Error): void => fail(connected
      ? `error: health rpc probe failed: rpc error: code = Unavailable desc = ${err.message}`
      // A refused connection cancels the pending stream; the cause is the dial error.
      : `error: failed to connect service at ${goQuote(addr)}: ${dialError(host, port, (err as { cause?: unknown }).cause ?? err)}`);
    session.on('error', broken);
    session.once('connect', () => { connected = true; });
    const req = session.request({
      ':method': 'POST',
      ':path': '/grpc.health.v1.Health/Check',
      'content-type': 'application/grpc',
      te: 'trailers',
      'user-agent': PROBE_USER_AGENT,
      'grpc-timeout': `${Math.max(1, Math.round(timeoutMs))}m`,
    });
    let httpStatus = 0;
    let status: IncomingHttpHeaders = {};
    const chunks: Buffer[] = [];
    req.on('response', (headers) => {
      httpStatus = Number(headers[':status']);
      // A trailers-only response carries grpc-status in its headers.
      if (headers['grpc-status'] !== undefined) status = headers;
    });
    req.on('data', (d: Buffer) => chunks.push(d));
    req.on('trailers', (trailers) => { status = trailers; });
    req.on('error', broken);
    // 'close', not 'end': the trailers (with grpc-status) come after the last data.
    req.on('close', () => done(evaluate(httpStatus, status, Buffer.concat(chunks), within)));
    req.end(frame(encodeRequest(service)));
  });
}

function evaluate(httpStatus: number, trailers: IncomingHttpHeaders, body: Buffer, within: string): HandlerResult {
  let code: number;
  let desc: string;
  if (httpStatus !== 200) {
    code = httpStatusCode(httpStatus);
    desc = `unexpected HTTP status code received from server: ${httpStatus}`;
  } else {
    code = trailers['grpc-status'] === undefined ? 2 : Number(trailers['grpc-status']);
    desc = decodeMessage(String(trailers['grpc-message'] ?? ''));
  }
  if (code === UNIMPLEMENTED) return { outcome: 'failure', output: `error: this server does not implement the grpc health protocol (grpc.health.v1.Health): ${desc}` };
  if (code === DEADLINE_EXCEEDED) return { outcome: 'failure', output: `timeout: health rpc did not complete within ${within}` };
  if (code !== 0) return { outcome: 'failure', output: `error: health rpc probe failed: rpc error: code = ${CODES[code] ?? `Code(${code})`} desc = ${desc}` };
  const serving = decodeResponse(body);
  if (serving === undefined) return { outcome: 'failure', output: 'error: health rpc probe failed: rpc error: code = Internal desc = malformed HealthCheckResponse' };
  if (serving !== 1) return { outcome: 'failure', output: `service unhealthy (responded with ${goQuote(SERVING_STATUS[serving] ?? String(serving))})` };
  return { outcome: 'success', output: 'service healthy' };
}

/** HealthCheckRequest { string service = 1; } */
function encodeRequest(service: string): Buffer {
  if (!service) return Buffer.alloc(0);
  const s = Buffer.from(service);
  return Buffer.concat([Buffer.from([0x0a]), varint(s.length), s]);
}

/** The gRPC length-prefixed message: a compression flag (0) and a 4-byte big-endian length. */
function frame(msg: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head.writeUInt32BE(msg.length, 1);
  return Buffer.concat([head, msg]);
}

/** HealthCheckResponse { ServingStatus status = 1; } → the status (0 when absent), undefined when malformed. */
function decodeResponse(body: Buffer): number | undefined {
  if (body.length < 5 || body[0] !== 0) return undefined;
  const len = body.readUInt32BE(1);
  const msg = body.subarray(5, 5 + len);
  if (msg.length !== len) return undefined;
  let status = 0;
  for (let i = 0; i < msg.length;) {
    const [key, afterKey] = readVarint(msg, i);
    if (afterKey < 0) return undefined;
    const field = key >>> 3, wire = key & 7;
    if (wire === 0) {
      const [v, next] = readVarint(msg, afterKey);
      if (next < 0) return undefined;
      if (field === 1) status = v;
      i = next;
    } else if (wire === 2) {
      const [n, next] = readVarint(msg, afterKey);
      if (next < 0) return undefined;
      i = next + n;
    } else if (wire === 5) i = afterKey + 4;
    else if (wire === 1) i = afterKey + 8;
    else return undefined;
  }
  return status;
}

function varint(n: number): Buffer {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  out.push(n);
  return Buffer.from(out);
}

/** [value, next offset] (next is -1 past the end). Values above 2^31 are not expected in these messages. */
function readVarint(buf: Buffer, at: number): [number, number] {
  let v = 0;
  for (let shift = 0, i = at; i < buf.length && shift < 35; shift += 7, i++) {
    v |= (buf[i] & 0x7f) << shift;
    if ((buf[i] & 0x80) === 0) return [v >>> 0, i + 1];
  }
  return [0, -1];
}

/** The gRPC over HTTP/2 mapping of HTTP statuses to codes, for servers that are not gRPC at all. */
function httpStatusCode(status: number): number {
  switch (status) {
    case 400: return 13;
    case 401: return 16;
    case 403: return 7;
    case 404: return UNIMPLEMENTED;
    case 429: case 502: case 503: case 504: return 14;
    default: return 2;
  }
}

function decodeMessage(m: string): string {
  try {
    return decodeURIComponent(m);
  } catch {
    return m;
  }
}

/** time.Duration's String for the timeouts probes have (whole or fractional seconds): 1s, 1.5s. */
function goDuration(ms: number): string {
  return `${ms / 1000}s`;
}
