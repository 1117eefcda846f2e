// The node's DNS server: answers the cluster zone from informer caches and forwards the rest, on UDP and
// TCP at each listen address (the node bridge's gateway, port 53, in production). Records carry a 5 s TTL,
// the CoreDNS kubernetes plugin's default (kubeadm's Corefile raises it to 30 s): the server sits on the
// node, so a short TTL costs little and endpoint changes reach clients quickly.
import { createSocket, type Socket } from 'node:dgram';
import { createServer, type Server, type Socket as TcpSocket } from 'node:net';
import type { Informer } from '../../client/informer.js';
import type { Transport } from '../../client/transport.js';
import type { Logger } from '../logger.js';
import { createClusterInformers, InformerClusterView, type ClusterInformers } from './cluster-view.js';
import type { PodRecordMode } from './cluster-records.js';
import { readFrames, writeFrame } from './exchange.js';
import { Forwarder } from './forwarder.js';
import { isIPv4 } from './ip.js';
import { lowerName, trimDot } from './message.js';
import { defaultUpstreams, parseUpstream, type ReadText, type Upstream } from './resolv-conf.js';
import { DnsResponder, type ResponderStats } from './responder.js';
import { ResponseCache } from './response-cache.js';

export const DEFAULT_CLUSTER_DOMAIN = 'cluster.local';
export const DEFAULT_TTL = 5;
const TCP_IDLE_MS = 10_000;
const MAX_TCP_CONNECTIONS = 256;
const BIND_RETRY_MS = 1000;

export interface ClusterDnsOptions {
  transport: Transport;
  /** Addresses to answer on, each over UDP and TCP; port defaults to 53, port 0 picks a free one. */
  listen: { host: string; port?: number }[];
  clusterDomain?: string;
  /** Upstream resolvers ('10.0.0.2', '10.0.0.2:5353', '[fd00::2]:53'); default: the host's resolv.conf. */
  upstreams?: (string | Upstream)[];
  ttl?: number;
  /** Pod A records for any address ('insecure', as the spec and kubeadm's CoreDNS), existing pods only, or none. */
  podRecords?: PodRecordMode;
  /** The longest an upstream answer is cached (s). */
  cacheMaxTtl?: number;
  forwardAttemptTimeoutMs?: number;
  forwardDeadlineMs?: number;
  /** Informers shared with the rest of the agent; those given are neither started nor stopped here. */
  informers?: Partial<ClusterInformers>;
  log: Logger;
  /** Reads the host's resolv.conf files (tests pass their own). */
  readFile?: ReadText;
}

export class ClusterDns {
  private readonly informers: ClusterInformers;
  private readonly owned: Informer[];
  private readonly view: InformerClusterView;
  private responder: DnsResponder | undefined;
  private readonly udp: Socket[] = [];
  private readonly tcp: Server[] = [];
  private readonly conns = new Set<TcpSocket>();
  private bound: Upstream[] = [];
  private upstreamList: Upstream[] = [];
  private readonly retries = new Set<NodeJS.Timeout>();
  private stopped = true;

  constructor(private readonly o: ClusterDnsOptions) {
    const podRecords = o.podRecords ?? 'insecure';
    const made = createClusterInformers(o.transport, podRecords !== 'disabled' && !o.informers?.pods);
    this.informers = {
      services: o.informers?.services ?? made.services,
      endpointSlices: o.informers?.endpointSlices ?? made.endpointSlices,
      pods: o.informers?.pods ?? made.pods,
    };
    this.owned = [
      o.informers?.services ? undefined : made.services,
      o.informers?.endpointSlices ? undefined : made.endpointSlices,
      o.informers?.pods ? undefined : made.pods,
    ].filter((i): i is Informer => i !== undefined);
    this.view = new InformerClusterView(this.informers);
  }

  /** The addresses actually bound (ports resolved when 0 was asked). */
  get addresses(): readonly Upstream[] {
    return this.bound;
  }

  get upstreams(): readonly Upstream[] {
    return this.upstreamList;
  }

  get stats(): ResponderStats | undefined {
    return this.responder?.stats;
  }

  /** Resolves once the caches hold a first full list (queries for cluster names get SERVFAIL until then). */
  waitForSync(): Promise<void> {
    return this.view.waitForSync();
  }

  /**
   * Binds every address and starts the caches (without waiting for them). Throws if an address is taken; an
   * address that does not exist yet (the node bridge appears with the first pod) is retried in the background.
   */
  async start(): Promise<void> {
    const started = Date.now();
    this.stopped = false;
    const zone = lowerName(trimDot(this.o.clusterDomain ?? DEFAULT_CLUSTER_DOMAIN));
    const listen = this.o.listen.map((l) => ({ host: l.host, port: l.port ?? 53 }));
    this.upstreamList = this.o.upstreams
      ? this.o.upstreams.map((u) => (typeof u === 'string' ? parseUpstream(u) : u))
      : await defaultUpstreams(listen, this.o.readFile);
    if (this.upstreamList.length === 0) this.o.log.warn({}, 'cluster DNS has no upstream resolvers: names outside the cluster will fail');
    const forwarder = new Forwarder({
      upstreams: this.upstreamList,
      attemptTimeoutMs: this.o.forwardAttemptTimeoutMs,
      deadlineMs: this.o.forwardDeadlineMs,
      cache: new ResponseCache({ maxTtl: this.o.cacheMaxTtl }),
      log: this.o.log,
    });
    this.responder = new DnsResponder({
      view: this.view,
      ready: () => this.view.synced,
      zone: { zone, ttl: this.o.ttl ?? DEFAULT_TTL, podRecords: this.o.podRecords ?? 'insecure', nameserverIPs: listen.map((l) => l.host).filter((h) => h !== '0.0.0.0' && h !== '::') },
      forwarder,
      log: this.o.log,
    });
    const waiting: string[] = [];
    try {
      for (const l of listen) if (!(await this.tryBind(l))) waiting.push(`${l.host}:${l.port}`);
    } catch (err) {
      await this.stop();
      throw err;
    }
    for (const i of this.owned) i.start();
    this.o.log.info({
      listen: this.bound.map((b) => `${b.host}:${b.port}`), waiting, zone, upstreams: this.upstreamList.map((u) => `${u.host}:${u.port}`), durationMs: Date.now() - started,
    }, 'cluster DNS serving');
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.retries) clearTimeout(t);
    this.retries.clear();
    for (const i of this.owned) i.stop();
    await this.closeSockets();
    this.bound = [];
  }

  /** Binds `l`, or (if its address does not exist yet) keeps retrying every second and returns false. */
  private async tryBind(l: Upstream): Promise<boolean> {
    try {
      this.bound.push(await this.bind(l.host, l.port));
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EADDRNOTAVAIL') throw err;
    }
    const retry = (): void => {
      const t = setTimeout(() => {
        this.retries.delete(t);
        if (this.stopped) return;
        this.bind(l.host, l.port).then((b) => {
          if (this.stopped) return void this.closeSockets();
          this.bound.push(b);
          this.o.log.info({ listen: `${b.host}:${b.port}` }, 'cluster DNS serving on an address that has come up');
        }, (err: NodeJS.ErrnoException) => {
          if (err.code !== 'EADDRNOTAVAIL') this.o.log.warn({ err: err.message, host: l.host }, 'cluster DNS cannot bind');
          retry();
        });
      }, BIND_RETRY_MS);
      t.unref();
      this.retries.add(t);
    };
    retry();
    return false;
  }

  private async closeSockets(): Promise<void> {
    for (const c of this.conns) c.destroy();
    this.conns.clear();
    await Promise.all([
      ...this.udp.map((s) => new Promise<void>((r) => { try { s.close(() => r()); } catch { r(); } })),
      ...this.tcp.map((s) => new Promise<void>((r) => s.close(() => r()))),
    ]);
    this.udp.length = 0;
    this.tcp.length = 0;
  }

  /** UDP and TCP on one address; with port 0, the UDP socket's port is taken for TCP too (retrying if busy). */
  private async bind(host: string, port: number): Promise<Upstream> {
    for (let attempt = 0; ; attempt++) {
      const udp = await this.bindUdp(host, port);
      const actual = udp.address().port;
      try {
        const tcp = await this.listenTcp(host, actual);
        this.udp.push(udp);
        this.tcp.push(tcp);
        return { host, port: actual };
      } catch (err) {
        udp.close();
        if (port !== 0 || attempt >= 5) throw err;
      }
    }
  }

  private bindUdp(host: string, port: number): Promise<Socket> {
    return new Promise((resolve, reject) => {
      const sock = createSocket(isIPv4(host) ? 'udp4' : 'udp6');
      const fail = (err: Error): void => {
        try { sock.close(); } catch { /* never bound */ }
        reject(err);
      };
      sock.once('error', fail);
      sock.bind({ address: host, port }, () => {
        sock.off('error', fail);
        sock.on('error', (err) => this.o.log.warn({ err: err.message, host }, 'cluster DNS UDP socket error'));
        try { sock.setRecvBufferSize(1 << 20); } catch { /* the kernel's cap applies */ }
        sock.on('message', (msg, rinfo) => {
          const r = this.responder;
          if (!r) return;
          r.handle(msg, 'udp').then((out) => {
            if (out) sock.send(out, rinfo.port, rinfo.address, (err) => err && this.o.log.debug({ err: err.message }, 'cluster DNS reply not sent'));
          }, (err: Error) => this.o.log.warn({ err: err.message }, 'cluster DNS query crashed'));
        });
        resolve(sock);
      });
    });
  }

  private listenTcp(host: string, port: number): Promise<Server> {
    return new Promise((resolve, reject) => {
      const server = createServer((conn) => this.serveTcp(conn));
      server.maxConnections = MAX_TCP_CONNECTIONS;
      server.once('error', reject);
      server.listen({ host, port }, () => {
        server.off('error', reject);
        server.on('error', (err) => this.o.log.warn({ err: err.message, host }, 'cluster DNS TCP server error'));
        resolve(server);
      });
    });
  }

  /** RFC 7766: two-byte length frames, several queries per connection, answers as they are ready. */
  private serveTcp(conn: TcpSocket): void {
    this.conns.add(conn);
    conn.setNoDelay(true);
    conn.setTimeout(TCP_IDLE_MS, () => conn.destroy());
    conn.on('close', () => this.conns.delete(conn));
    conn.on('error', () => conn.destroy());
    readFrames(conn, (frame) => {
      const r = this.responder;
      if (!r) return;
      r.handle(frame, 'tcp').then((out) => {
        if (out && !conn.destroyed) writeFrame(conn, out);
      }, (err: Error) => this.o.log.warn({ err: err.message }, 'cluster DNS query crashed'));
    });
  }
}
