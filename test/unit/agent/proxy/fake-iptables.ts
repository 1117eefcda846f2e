// An in-memory iptables for unit tests: applies iptables-restore --noflush text all-or-nothing with the
// checks the kernel makes (unknown chain, deleting a rule that is not there, deleting a chain still
// referenced or not empty), and prints iptables-save text.
import type { Iptables } from '../../../../agent/proxy/index.js';

type Tables = Record<string, Map<string, { policy: string; rules: string[] }>>;

const BUILTINS: Record<string, string[]> = { nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'], filter: ['INPUT', 'FORWARD', 'OUTPUT'] };
const TARGETS = new Set(['ACCEPT', 'DROP', 'RETURN', 'REJECT', 'DNAT', 'SNAT', 'MASQUERADE', 'MARK']);

const targetOf = (spec: string): string | undefined => /\s?-[jg] (\S+)/.exec(spec.replace(/"[^"]*"/g, '""'))?.[1];

export class FakeIptables implements Iptables {
  tables: Tables = {};
  restores: string[] = [];

  constructor() {
    for (const [t, chains] of Object.entries(BUILTINS)) this.tables[t] = new Map(chains.map((c) => [c, { policy: 'ACCEPT', rules: [] }]));
  }

  async save(): Promise<string> {
    const out: string[] = [];
    for (const [t, chains] of Object.entries(this.tables)) {
      out.push(`*${t}`);
      for (const [name, c] of chains) out.push(`:${name} ${c.policy} [0:0]`);
      for (const [name, c] of chains) for (const r of c.rules) out.push(`-A ${name} ${r}`);
      out.push('COMMIT');
    }
    return `${out.join('\n')}\n`;
  }

  async restore(text: string): Promise<void> {
    const next: Tables = Object.fromEntries(Object.entries(this.tables).map(([t, chains]) => [t, new Map([...chains].map(([n, c]) => [n, { ...c, rules: [...c.rules] }]))]));
    let table: Map<string, { policy: string; rules: string[] }> | undefined;
    const chain = (name: string) => {
      const c = table?.get(name);
      if (!c) throw new Error(`iptables-restore: chain ${name} does not exist`);
      return c;
    };
    const checkTarget = (spec: string): void => {
      const t = targetOf(spec);
      if (t && !TARGETS.has(t) && !table?.has(t)) throw new Error(`iptables-restore: target ${t} does not exist`);
    };
    for (const line of text.split('\n')) {
      if (line === '' || line === 'COMMIT') continue;
      if (line.startsWith('*')) table = next[line.slice(1)];
      else if (line.startsWith(':')) {
        const name = line.slice(1).split(' ')[0];
        const c = table!.get(name);
        if (c) c.rules = [];
        else table!.set(name, { policy: '-', rules: [] });
      } else {
        const m = /^-([AIDX]) (\S+)(?: (.*))?$/.exec(line);
        if (!m) throw new Error(`iptables-restore: cannot parse ${line}`);
        const [, op, name, rest = ''] = m;
        if (op === 'A') { checkTarget(rest); chain(name).rules.push(rest); }
        if (op === 'I') {
          const [, pos, spec] = /^(\d+) (.*)$/.exec(rest)!;
          checkTarget(spec);
          chain(name).rules.splice(Number(pos) - 1, 0, spec);
        }
        if (op === 'D') {
          const c = chain(name);
          const i = c.rules.indexOf(rest);
          if (i < 0) throw new Error(`iptables-restore: no rule "${rest}" in ${name}`);
          c.rules.splice(i, 1);
        }
        if (op === 'X') {
          if (chain(name).rules.length > 0) throw new Error(`iptables-restore: chain ${name} is not empty`);
          for (const [other, c] of table!) if (c.rules.some((r) => targetOf(r) === name)) throw new Error(`iptables-restore: chain ${name} is referenced by ${other}`);
          table!.delete(name);
        }
      }
    }
    this.tables = next;
    this.restores.push(text);
  }

  /** Every rule as "-A CHAIN spec" lines of one table. */
  rules(table: string): string[] {
    return [...this.tables[table]].flatMap(([name, c]) => c.rules.map((r) => `-A ${name} ${r}`));
  }

  chains(table: string): string[] {
    return [...this.tables[table].keys()];
  }
}
