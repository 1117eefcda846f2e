// The proxy's side effects on the machine: iptables-save / iptables-restore (the nft backend on current
// distributions; both speak the same text) and the one sysctl it needs. Injected, so tests can record.
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';

export interface Iptables {
  /** `iptables-save` of the nat and filter tables. */
  save(): Promise<string>;
  /** Applies one `iptables-restore --noflush` transaction: all of it or none. */
  restore(text: string): Promise<void>;
}

export class IptablesError extends Error {
  constructor(readonly command: string, readonly stderr: string, readonly input?: string) {
    super(`${command} failed: ${stderr.trim() || 'no output'}`);
    this.name = 'IptablesError';
  }

  /** The input line iptables-restore names in its error (legacy: "line N failed"; nft: "Error occurred at line: N"). */
  get failedLine(): string | undefined {
    const m = /line (\d+) failed|Error occurred at line: (\d+)/.exec(this.stderr);
    const n = m?.[1] ?? m?.[2];
    return n && this.input ? this.input.split('\n')[Number(n) - 1] : undefined;
  }
}

function run(cmd: string, args: string[], input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(cmd, args, { maxBuffer: 64 * 1024 * 1024, timeout: 30_000 }, (err, stdout, stderr) => {
      if (err) {
        const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
        reject(new IptablesError(`${cmd} ${args.join(' ')}`, missing ? `${cmd} not found; install iptables (the nft backend is fine)` : stderr || err.message, input));
      } else resolve(stdout);
    });
    if (input !== undefined) child.stdin?.end(input);
  });
}

export const systemIptables: Iptables = {
  async save() {
    const [nat, filter] = await Promise.all([run('iptables-save', ['-t', 'nat']), run('iptables-save', ['-t', 'filter'])]);
    return `${nat}\n${filter}`;
  },
  async restore(text) {
    // -w: wait for the xtables lock instead of failing when another tool holds it (legacy backend).
    await run('iptables-restore', ['--noflush', '-w', '5'], text);
  },
};

/** Sets a sysctl (`net.ipv4.conf.all.route_localnet` → /proc/sys/net/ipv4/conf/all/route_localnet). */
export type Sysctl = (key: string, value: string) => Promise<void>;

export const systemSysctl: Sysctl = (key, value) => writeFile(`/proc/sys/${key.replaceAll('.', '/')}`, value);
