// The desktop app's local agent (Electron IPC through window.skiff): whether it runs, and if not, why and
// what to run. Browser mode has no such signal (`skiff serve` says it in its own terminal).
import { onScopeDispose, shallowRef, type Ref } from 'vue';

export function useLocalAgent(host: Pick<Window, 'skiff'> | undefined = typeof window === 'undefined' ? undefined : window): Ref<SkiffLocalAgentStatus | undefined> {
  const status = shallowRef<SkiffLocalAgentStatus | undefined>(undefined);
  const bridge = host?.skiff;
  if (!bridge?.localAgent) return status;
  bridge.localAgent().then((s) => { status.value = s; }, () => {});
  const off = bridge.onLocalAgentChange?.((s) => { status.value = s; });
  if (off) onScopeDispose(off);
  return status;
}

/** Whether the status needs the user's attention (the agent is not running, and not on its way). */
export function agentNeedsAttention(s: SkiffLocalAgentStatus | undefined): boolean {
  return s !== undefined && (s.state === 'not-started' || s.state === 'restarting');
}
