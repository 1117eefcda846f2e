// Node certificate rotation, as the kubelet's certificate manager does it: at a random point between 70%
// and 90% of the certificate's life, make a new key here, send its CSR over the current mTLS identity,
// and swap the new pair in — kubeconfig file first (a restart picks it up), then the live connections:
// new API requests and the next tunnel connection use it, open ones finish on the old one.
import { X509Certificate } from 'node:crypto';
import { pairingPaths, readIssuedCertificate } from '../api/pairing/protocol.js';
import type { HttpCredentials, HttpTransport } from '../client/http-transport.js';
import type { Logger } from './logger.js';
import { generateNodeKey } from './pairing/csr.js';
import { checkIssuedCertificate } from './pairing/pin.js';
import { replaceClientCertificate } from './pairing/node-files.js';

export interface CertRotationOptions {
  /** The kubeconfig the agent runs with; rewritten with each new certificate. */
  kubeconfig: string;
  /** The credentials the tunnel reconnects with (changed in place). */
  credentials: HttpCredentials;
  transport: Pick<HttpTransport, 'call' | 'setClientCertificate'>;
  nodeName: string;
  log: Logger;
  now?: () => number;
  random?: () => number;
}

const MIN_RETRY_MS = 1000;
const MAX_RETRY_MS = 5 * 60_000;

export class CertRotation {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private retryMs = MIN_RETRY_MS;
  private rotating: Promise<void> | undefined;
  private readonly now: () => number;

  constructor(private readonly o: CertRotationOptions) {
    this.now = o.now ?? Date.now;
  }

  /** Schedules rotations; does nothing for credentials without a client certificate (a token). */
  start(): void {
    if (!this.o.credentials.certPem || !this.o.credentials.keyPem) return;
    this.schedule(this.deadline());
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** When the current certificate should be replaced (ms since the epoch). */
  deadline(): number {
    const cert = new X509Certificate(this.o.credentials.certPem!);
    const from = Date.parse(cert.validFrom), to = Date.parse(cert.validTo);
    const left = to - this.now();
    if (left <= 0) this.o.log.error({ node: this.o.nodeName, notAfter: cert.validTo }, 'the node certificate has expired: the control plane refuses it; pair this device again (skiff agent pair)');
    return from + (0.7 + 0.2 * (this.o.random ?? Math.random)()) * (to - from);
  }

  /** Rotates now (also what the timer runs); concurrent calls share one rotation. */
  rotate(): Promise<void> {
    this.rotating ??= this.doRotate().finally(() => { this.rotating = undefined; });
    return this.rotating;
  }

  private schedule(at: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    // setTimeout holds at most ~24.8 days; a longer wait is re-armed when it fires.
    const wait = Math.min(Math.max(0, at - this.now()), 2 ** 31 - 1);
    this.timer = setTimeout(() => {
      if (this.now() < at) return this.schedule(at);
      this.rotate().then(() => {
        this.retryMs = MIN_RETRY_MS;
        this.schedule(this.deadline());
      }, (err: unknown) => {
        this.o.log.warn({ err: (err as Error).message, retryMs: this.retryMs }, 'node certificate rotation failed; retrying');
        this.schedule(this.now() + this.retryMs);
        this.retryMs = Math.min(this.retryMs * 2, MAX_RETRY_MS);
      });
    }, wait);
    this.timer.unref();
  }

  private async doRotate(): Promise<void> {
    const started = this.now();
    const key = generateNodeKey(this.o.nodeName);
    const issued = readIssuedCertificate(await this.o.transport.call('POST', pairingPaths.rotate(this.o.nodeName), { csr: key.csrPem }));
    checkIssuedCertificate(issued.certificate, key.keyPem, this.o.credentials.caPem, this.o.nodeName);
    await replaceClientCertificate(this.o.kubeconfig, issued.certificate, key.keyPem);
    this.o.credentials.certPem = issued.certificate;
    this.o.credentials.keyPem = key.keyPem;
    this.o.transport.setClientCertificate(issued.certificate, key.keyPem);
    const cert = new X509Certificate(issued.certificate);
    this.o.log.info({ node: this.o.nodeName, serial: cert.serialNumber.toLowerCase(), notAfter: cert.validTo, ms: this.now() - started }, 'node certificate rotated');
  }
}

export function startCertRotation(o: CertRotationOptions): CertRotation {
  const r = new CertRotation(o);
  r.start();
  return r;
}
