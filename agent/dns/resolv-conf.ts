// The host's resolv.conf: parsed as the kubelet parses it (nameservers accumulate, the last search line
// wins, options merge by name), and the two uses we make of it — upstream resolvers for the DNS server and
// the base of pods' resolv.conf — each skipping loopback stubs where they cannot work.
import { readFile as fsReadFile } from 'node:fs/promises';

export interface ResolvConf {
  nameservers: string[];
  searches: string[];
  options: string[];
}

export interface Upstream {
  host: string;
  port: number;
}

export type ReadText = (path: string) => Promise<string>;

export const HOST_RESOLV_CONF = '/etc/resolv.conf';
/** systemd-resolved's list of the real upstream servers, behind its 127.0.0.53 stub. */
export const RESOLVED_RESOLV_CONF = '/run/systemd/resolve/resolv.conf';

const readText: ReadText = (path) => fsReadFile(path, 'utf8');

export function parseResolvConf(text: string): ResolvConf {
  const conf: ResolvConf = { nameservers: [], searches: [], options: [] };
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed.startsWith('#')) continue;
    const fields = trimmed.split(/\s+/).filter((f) => f !== '');
    if (fields.length === 0) continue;
    if (fields[0] === 'nameserver' && fields.length >= 2) conf.nameservers.push(fields[1]);
    // The same domain with and without its trailing dot counts once; '.' alone means no search.
    if (fields[0] === 'search') conf.searches = fields.slice(1).filter((s) => s !== '.').map((s) => s.replace(/\.$/, ''));
    if (fields[0] === 'options') conf.options = mergeOptions(conf.options, fields.slice(1));
  }
  return conf;
}

/** Options by name ("ndots:5" is named "ndots"), a later one replacing an earlier one in place. */
export function mergeOptions(existing: string[], added: string[]): string[] {
  const byName = new Map<string, string>();
  for (const o of [...existing, ...added]) byName.set(o.split(':')[0], o);
  return [...byName.values()];
}

const isLoopback = (host: string): boolean => host.startsWith('127.') || host === '::1';

/**
 * The resolv.conf pods with dnsPolicy Default inherit (and whose search domains ClusterFirst pods get): the
 * host's, unless it only points at a loopback stub such as systemd-resolved's 127.0.0.53, which a pod in its
 * own network namespace cannot reach — then resolved's own list, as kubeadm points the kubelet at.
 */
export async function hostResolvConf(read: ReadText = readText): Promise<{ path: string; text: string }> {
  const text = await read(HOST_RESOLV_CONF).catch(() => '');
  const servers = parseResolvConf(text).nameservers;
  if (servers.length > 0 && servers.every(isLoopback)) {
    const resolved = await read(RESOLVED_RESOLV_CONF).catch(() => undefined);
    if (resolved !== undefined && parseResolvConf(resolved).nameservers.length > 0) return { path: RESOLVED_RESOLV_CONF, text: resolved };
  }
  return { path: HOST_RESOLV_CONF, text };
}

/** '10.0.0.2', '10.0.0.2:5353', '::1', '[::1]:5353' → host and port (53 by default). */
export function parseUpstream(s: string): Upstream {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(s);
  if (bracketed) return { host: bracketed[1], port: bracketed[2] ? Number(bracketed[2]) : 53 };
  const colons = s.split(':').length - 1;
  if (colons === 1) {
    const [host, port] = s.split(':');
    return { host, port: Number(port) };
  }
  return { host: s, port: 53 };
}

/** Whether sending to `up` would reach one of our own listeners (a forwarding loop). */
export function loopsBack(up: Upstream, listen: Upstream[]): boolean {
  return listen.some((l) => l.port === up.port && (l.host === up.host || ((l.host === '0.0.0.0' || l.host === '::') && isLoopback(up.host))));
}

/**
 * The upstream resolvers by default: the host's nameservers, minus any that would loop back to us; if none
 * remain (the host points at this very server), systemd-resolved's list.
 */
export async function defaultUpstreams(listen: Upstream[], read: ReadText = readText): Promise<Upstream[]> {
  for (const path of [HOST_RESOLV_CONF, RESOLVED_RESOLV_CONF]) {
    const text = await read(path).catch(() => '');
    const ups = parseResolvConf(text).nameservers.map(parseUpstream).filter((u) => !loopsBack(u, listen));
    if (ups.length > 0) return ups;
  }
  return [];
}
