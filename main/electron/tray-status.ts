// What the tray shows: a tone for the icon, a tooltip, and the menu's items, from the cluster's state.
// Pure, so the wording and the rules are tested without Electron (tray.ts draws it).
import type { KubeObject } from '../../api/types/meta.js';
import type { LocalAgentStatus } from '../agent-supervisor.js';

export interface ClusterSummary {
  apiUrl: string;
  nodesReady: number;
  nodesTotal: number;
  /** Undefined when the app runs without a local agent (--no-agent). */
  agent: LocalAgentStatus | undefined;
}

export type Tone = 'ok' | 'warn' | 'error';

export type TrayAction = 'open' | 'pair' | 'copy-kubeconfig' | 'open-data-dir' | 'quit';

export type TrayItem = { label: string; action?: TrayAction; enabled: boolean } | { separator: true };

/** Ready and total Nodes (Ready condition True). */
export function nodeReadiness(nodes: readonly KubeObject[]): { ready: number; total: number } {
  const ready = nodes.filter((n) => {
    const conditions = (n.status as { conditions?: { type?: string; status?: string }[] } | undefined)?.conditions ?? [];
    return conditions.some((c) => c.type === 'Ready' && c.status === 'True');
  }).length;
  return { ready, total: nodes.length };
}

/** error: nothing can run pods; warn: something needs a look (agent down, a node not ready). */
export function summaryTone(s: ClusterSummary): Tone {
  if (s.nodesReady === 0) return 'error';
  if ((s.agent && s.agent.state !== 'running') || s.nodesReady < s.nodesTotal) return 'warn';
  return 'ok';
}

export function agentLine(agent: LocalAgentStatus | undefined): string {
  if (!agent) return 'Local agent: off (--no-agent)';
  switch (agent.state) {
    case 'running': return `Local agent: running (${agent.nodeName})`;
    case 'starting': return 'Local agent: starting';
    case 'restarting': return 'Local agent: crashed, restarting';
    case 'not-started': return 'Local agent: not running (needs root)';
    case 'stopped': return 'Local agent: stopped';
  }
}

export function nodesLine(s: ClusterSummary): string {
  if (s.nodesTotal === 0) return 'No nodes yet';
  return `${s.nodesReady} of ${s.nodesTotal} node${s.nodesTotal === 1 ? '' : 's'} ready`;
}

export function trayTooltip(s: ClusterSummary): string {
  return `Skiff — ${nodesLine(s)}\n${agentLine(s.agent)}\nAPI ${s.apiUrl}`;
}

export function trayMenuItems(s: ClusterSummary): TrayItem[] {
  return [
    { label: `Skiff — ${nodesLine(s)}`, enabled: false },
    { label: agentLine(s.agent), enabled: false },
    { separator: true },
    { label: 'Open Skiff', action: 'open', enabled: true },
    { label: 'Pair a Device…', action: 'pair', enabled: true },
    { label: 'Copy KUBECONFIG Export', action: 'copy-kubeconfig', enabled: true },
    { label: 'Open Data Folder', action: 'open-data-dir', enabled: true },
    { separator: true },
    { label: 'Quit Skiff', action: 'quit', enabled: true },
  ];
}
