// The open terminal tabs: `exec` shells in containers and local shells (browser mode). Sessions live here,
// not in the view, so shells keep running while another view is shown.
import { defineStore } from 'pinia';
import { markRaw, ref } from 'vue';
import { isObject } from '@api/types/meta.js';
import { execPath, LOCAL_SHELL_PATH, socketProtocols, socketUrl, type ExecTarget, type SocketState } from '../../api/terminal-socket.js';
import { useSessionStore } from '../../stores/session.js';
import { TerminalSession } from './terminal-session.js';

export interface TerminalTab {
  id: number;
  kind: 'exec' | 'local';
  title: string;
  /** Where it runs: "namespace/pod/container", or the server's shell. */
  detail: string;
  state: SocketState;
}

export type LocalShellAvailability = { available: true; shell: string } | { available: false; reason: string } | undefined;

export const useTerminalsStore = defineStore('terminals', () => {
  const session = useSessionStore();
  const tabs = ref<TerminalTab[]>([]);
  const active = ref<number>();
  const sessions = new Map<number, TerminalSession>();
  const localShell = ref<LocalShellAvailability>();
  let next = 1;

  function open(kind: TerminalTab['kind'], title: string, detail: string, path: string): number {
    const id = next++;
    const connection = session.client.connection;
    tabs.value.push({ id, kind, title, detail, state: { phase: 'connecting' } });
    const s = markRaw(new TerminalSession(
      { url: socketUrl(connection, window.location, path), protocols: () => socketProtocols(connection) },
      (state) => {
        const tab = tabs.value.find((t) => t.id === id);
        if (tab) tab.state = state;
      },
    ));
    sessions.set(id, s);
    active.value = id;
    void s.start();
    return id;
  }

  function openExec(target: ExecTarget): number {
    return open('exec', `${target.pod}/${target.container}`, `${target.namespace}/${target.pod}/${target.container}`, execPath(target));
  }

  function openLocal(): number {
    const n = tabs.value.filter((t) => t.kind === 'local').length + 1;
    return open('local', n === 1 ? 'Local shell' : `Local shell ${n}`, 'a shell on the machine running Skiff, with KUBECONFIG set', LOCAL_SHELL_PATH);
  }

  function sessionOf(id: number): TerminalSession | undefined {
    return sessions.get(id);
  }

  function reconnect(id: number): void {
    void sessions.get(id)?.reconnect();
  }

  function close(id: number): void {
    sessions.get(id)?.close();
    sessions.delete(id);
    const i = tabs.value.findIndex((t) => t.id === id);
    if (i >= 0) tabs.value.splice(i, 1);
    if (active.value === id) active.value = tabs.value[Math.min(i, tabs.value.length - 1)]?.id;
  }

  /** Asks the server whether it offers a local shell (browser mode with `skiff serve --ui` only). */
  async function checkLocalShell(): Promise<void> {
    if (!session.browserMode) {
      localShell.value = { available: false, reason: 'The local shell is offered in browser mode (skiff serve --ui); the desktop app does not have it yet.' };
      return;
    }
    try {
      const res = await fetch(LOCAL_SHELL_PATH, { credentials: 'same-origin', cache: 'no-store', headers: { Accept: 'application/json' } });
      const body: unknown = res.ok ? await res.json() : undefined;
      if (isObject(body) && body.available === true) localShell.value = { available: true, shell: typeof body.shell === 'string' ? body.shell : '' };
      else localShell.value = { available: false, reason: isObject(body) && typeof body.reason === 'string' ? body.reason : `The server does not offer a local shell (HTTP ${res.status}).` };
    } catch (err) {
      localShell.value = { available: false, reason: `Cannot ask the server about the local shell: ${err instanceof Error ? err.message : String(err)}` };
    }
  }

  return { tabs, active, localShell, openExec, openLocal, sessionOf, reconnect, close, checkLocalShell };
});
