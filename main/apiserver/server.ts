// The HTTPS server: TLS with client-certificate authentication against the cluster CA, request
// routing, and an orderly shutdown (stop accepting, end watches, let in-flight requests finish).
import { createServer, type Server } from 'node:https';
import type { TLSSocket } from 'node:tls';
import type { AddressInfo, Socket } from 'node:net';
import type { Logger } from 'pino';
import type { ResourceRegistry } from '../registry/resource-registry.js';
import { OpenStreams, type ServerDeps } from './handlers/context.js';
import { route } from './route.js';
import type { TokenAuthenticator } from './tokens.js';
import type { BrowserUi } from '../ui/index.js';
import { handleUpgrade, TunnelRegistry } from './tunnel/index.js';
import type { SecretsKeyRotator } from './secrets-key-rotation.js';
import { ClientCertificates } from './authn.js';
import type { PairingService } from '../pairing/index.js';

export interface ApiServerOptions {
  host: string;
  port: number;
  tls: { caCertPem: string; certPem: string; keyPem: string };
  registry: ResourceRegistry;
  tokens: TokenAuthenticator;
  log: Logger;
  clock?: () => Date;
  watchTimeoutSeconds?: { min: number; max: number };
  bookmarkIntervalMs?: number;
  /** Keepalive ping period of agent tunnels (default 15 s). */
  tunnelKeepaliveMs?: number;
  /** Encryption keys of Secrets at rest, for `skiff secrets rotate-key`. */
  secretsKeys?: SecretsKeyRotator;
  /** Device pairing: its endpoints, and the revocation list every client certificate is checked against. */
  pairing?: PairingService;
}

export interface RunningApiServer {
  url: string;
  port: number;
  deps: ServerDeps;
  /** Live agent tunnels (node → connection); `disconnect(node)` drops one. */
  tunnels: TunnelRegistry;
  /** Stops accepting, ends open watches, waits for in-flight requests (at most `graceMs`). */
  close(graceMs?: number): Promise<void>;
  /** Serves the browser GUI under /ui/ and accepts its session cookies (`skiff serve --ui`). */
  attachUi(ui: BrowserUi): void;
}

export async function startApiServer(opts: ApiServerOptions): Promise<RunningApiServer> {
  const streams = new OpenStreams();
  let ui: BrowserUi | undefined;
  const deps: ServerDeps = {
    registry: opts.registry,
    tokens: opts.tokens,
    clock: opts.clock ?? (() => new Date()),
    log: opts.log,
    serverAddress: '',
    streams,
    watchTimeoutSeconds: opts.watchTimeoutSeconds ?? { min: 1800, max: 3600 },
    bookmarkIntervalMs: opts.bookmarkIntervalMs ?? 60_000,
    tunnels: new TunnelRegistry(opts.log),
    tunnelKeepaliveMs: opts.tunnelKeepaliveMs,
    secretsKeys: opts.secretsKeys,
    // --- pairing: revocation is checked on every request; unpairing drops the node's connections ---
    certificates: new ClientCertificates(opts.pairing?.revocations),
    pairing: opts.pairing,
  };
  opts.pairing?.onRevoked((node) => {
    deps.tunnels.disconnect(node, 'the node was unpaired');
    const dropped = deps.certificates!.dropUser(`system:node:${node}`);
    opts.log.info({ node, droppedConnections: dropped }, 'dropped the connections of an unpaired node');
  });
  const server: Server = createServer({
    key: opts.tls.keyPem,
    cert: opts.tls.certPem,
    ca: opts.tls.caCertPem,
    requestCert: true,
    // Clients without a certificate may still use a bearer token; a certificate from another CA is
    // refused right after the handshake (below), before any HTTP is read.
    rejectUnauthorized: false,
    minVersion: 'TLSv1.2',
  }, (req, res) => {
    // Browser GUI (main/ui/): its files and login live under /ui/, beside the Kubernetes API.
    if (ui && ui.serves((req.url ?? '/').split('?')[0])) void ui.handle(req, res);
    else void route(req, res, deps);
  });
  // Agent tunnels, exec/attach and port-forward switch protocols; the tunnel module routes them.
  server.on('upgrade', (req, socket, head: Buffer) => {
    // Browser GUI: its own WebSocket endpoints (the local shell) live under /ui/ (main/ui/).
    if (ui && ui.serves((req.url ?? '/').split('?')[0])) ui.handleUpgrade(req, socket, head, streams);
    else handleUpgrade(req, socket, head, deps);
  });
  server.on('secureConnection', (socket: TLSSocket) => {
    const peer = socket.getPeerCertificate();
    if (peer && Object.keys(peer).length > 0 && !socket.authorized) {
      opts.log.warn({ remote: socket.remoteAddress, error: String(socket.authorizationError) }, 'refused a client certificate not signed by the cluster CA');
      socket.destroy();
    }
  });
  server.on('tlsClientError', (err, socket: Socket) => {
    opts.log.debug({ err: err.message, remote: socket.remoteAddress }, 'TLS handshake failed');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const hostForUrl = opts.host.includes(':') ? `[${opts.host}]` : opts.host === '0.0.0.0' ? '127.0.0.1' : opts.host;
  deps.serverAddress = `${hostForUrl}:${port}`;
  return {
    url: `https://${hostForUrl}:${port}`,
    port,
    deps,
    tunnels: deps.tunnels,
    attachUi: (u: BrowserUi) => {
      ui = u;
      deps.sessions = u;
    },
    close: (graceMs = 10_000) => new Promise<void>((resolve) => {
      const timer = setTimeout(() => server.closeAllConnections(), graceMs);
      server.close(() => {
        clearTimeout(timer);
        resolve();
      });
      streams.closeAll();
      server.closeIdleConnections();
    }),
  };
}
