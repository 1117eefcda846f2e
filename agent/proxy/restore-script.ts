// One iptables-restore --noflush transaction per sync: it rewrites every chain we own (declaring a chain
// flushes it), fixes the jumps from built-in chains only when they are not exactly as wanted, and deletes
// chains no longer needed (including leftovers of a crashed run), so no half-written state is ever seen.
import type { ChainNames } from './chain-names.js';
import type { RuleSet, TableRules } from './rules.js';

export const TABLES = ['nat', 'filter'] as const;
export type TableName = (typeof TABLES)[number];

/** What iptables-save shows of ours in one table. */
export interface ExistingTable {
  chains: Set<string>;
  /** Rules in chains not ours that jump to ours, as saved ("-A CHAIN spec"), in order. */
  jumps: string[];
}

export type ExistingRules = Record<TableName, ExistingTable>;

export const emptyExisting = (): ExistingRules => ({ nat: { chains: new Set(), jumps: [] }, filter: { chains: new Set(), jumps: [] } });

/** The chain a rule jumps or goes to, looked for outside quoted comments. */
function targetOf(rule: string): string | undefined {
  const bare = rule.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  return /\s-[jg]\s+(\S+)/.exec(bare)?.[1];
}

/** Reads our chains and the jumps into them from `iptables-save` output (other tables are ignored). */
export function parseSave(text: string, names: ChainNames): ExistingRules {
  const out = emptyExisting();
  let table: ExistingTable | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith('*')) {
      const name = line.slice(1).trim();
      table = (TABLES as readonly string[]).includes(name) ? out[name as TableName] : undefined;
    } else if (!table) {
      continue;
    } else if (line.startsWith(':')) {
      const chain = line.slice(1).split(' ')[0];
      if (names.owns(chain)) table.chains.add(chain);
    } else if (line.startsWith('-A ')) {
      const chain = line.slice(3).split(' ')[0];
      const target = targetOf(line);
      if (!names.owns(chain) && target && names.owns(target)) table.jumps.push(line.trimEnd());
    }
  }
  return out;
}

const deleteLine = (saved: string): string => `-D ${saved.slice(3)}`;

function renderTable(name: TableName, want: TableRules, have: ExistingTable): string[] {
  const lines = [`*${name}`];
  const stale = [...have.chains].filter((c) => !want.chains.has(c)).sort();
  for (const c of [...want.chains.keys(), ...stale]) lines.push(`:${c} - [0:0]`);

  // Jumps per built-in chain: kept when exactly as wanted, else all removed and written again at the top.
  const builtins = new Set([...want.jumps.map((j) => j.chain), ...have.jumps.map((j) => j.slice(3).split(' ')[0])]);
  const inserts: string[] = [];
  for (const chain of builtins) {
    const wanted = want.jumps.filter((j) => j.chain === chain).map((j) => `-A ${chain} ${j.spec}`);
    const present = have.jumps.filter((j) => j.slice(3).split(' ')[0] === chain);
    if (wanted.length === present.length && wanted.every((w, i) => w === present[i])) continue;
    for (const j of present) lines.push(deleteLine(j));
    // Inserting each at position 1, last first, leaves them in the wanted order.
    for (const w of [...wanted].reverse()) inserts.push(`-I ${chain} 1 ${w.slice(4 + chain.length)}`);
  }
  for (const [chain, rules] of want.chains) for (const r of rules) lines.push(`-A ${chain} ${r}`);
  lines.push(...inserts);
  for (const c of stale) lines.push(`-X ${c}`);
  lines.push('COMMIT');
  return lines;
}

/** The transaction taking the machine from `have` to `want`. */
export function renderRestore(want: RuleSet, have: ExistingRules): string {
  return [...renderTable('nat', want.nat, have.nat), ...renderTable('filter', want.filter, have.filter), ''].join('\n');
}

/** The transaction removing every chain of ours and every jump into them; empty when there is none. */
export function cleanupScript(have: ExistingRules): string {
  const none: TableRules = { chains: new Map(), jumps: [] };
  if (TABLES.every((t) => have[t].chains.size === 0 && have[t].jumps.length === 0)) return '';
  return renderRestore({ nat: none, filter: none }, have);
}
