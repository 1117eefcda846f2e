// Running one CNI plugin binary as the CNI spec defines it: parameters in environment variables, the
// network configuration on stdin, the result (or a structured error) on stdout.
import { spawn } from 'node:child_process';
import { access } from 'node:fs/promises';
import { constants } from 'node:fs';
import { join } from 'node:path';

export const DEFAULT_CNI_PATHS = ['/usr/lib/cni', '/opt/cni/bin', '/usr/libexec/cni'];

export class CniError extends Error {
  constructor(readonly plugin: string, readonly code: number | undefined, message: string) {
    super(`CNI plugin ${plugin} failed: ${message}`);
    this.name = 'CniError';
  }
}

export interface PluginCall {
  command: 'ADD' | 'DEL' | 'CHECK' | 'VERSION';
  containerId: string;
  netns: string;
  ifname: string;
  /** CNI_ARGS key/value pairs (K8S_POD_NAMESPACE, …). */
  args: Record<string, string>;
  config: Record<string, unknown>;
}

/** Finds a plugin binary in the search path; throws a message saying what to install. */
export async function findPlugin(type: string, paths: string[]): Promise<string> {
  for (const dir of paths) {
    const p = join(dir, type);
    try {
      await access(p, constants.X_OK);
      return p;
    } catch {
      // next
    }
  }
  throw new CniError(type, undefined, `no "${type}" plugin in ${paths.join(', ')}; install the CNI plugins (Debian/Ubuntu: apt-get install containernetworking-plugins, or sudo bash scripts/setup-host.sh)`);
}

export async function execPlugin(type: string, paths: string[], call: PluginCall, timeoutMs = 30_000): Promise<unknown> {
  const bin = await findPlugin(type, paths);
  const env = {
    PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin',
    CNI_COMMAND: call.command,
    CNI_CONTAINERID: call.containerId,
    CNI_NETNS: call.netns,
    CNI_IFNAME: call.ifname,
    CNI_PATH: paths.join(':'),
    CNI_ARGS: Object.entries(call.args).map(([k, v]) => `${k}=${v}`).join(';'),
  };
  return new Promise((resolve, reject) => {
    const child = spawn(bin, [], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '', err = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    child.on('error', (e) => { clearTimeout(timer); reject(new CniError(type, undefined, e.message)); });
    child.on('close', (code) => {
      clearTimeout(timer);
      let parsed: unknown;
      try {
        parsed = out.trim() === '' ? undefined : JSON.parse(out);
      } catch {
        parsed = undefined;
      }
      if (code === 0) return resolve(parsed);
      const e = parsed as { msg?: string; details?: string } | undefined;
      reject(new CniError(type, code ?? undefined, [e?.msg, e?.details].filter(Boolean).join(': ') || err.trim() || out.trim() || `exit code ${code}`));
    });
    child.stdin.end(JSON.stringify(call.config));
  });
}
