// A log view's reading: one LogSession over the current targets, started again when the options change
// (container, previous, tail), following or paused, and stopped when the view goes.
import { markRaw, onScopeDispose, ref, shallowRef, watch, type Ref } from 'vue';
import { useSessionStore } from '../../stores/session.js';
import { LogBuffer } from './log-buffer.js';
import { LogSession, type LogTarget, type SourceStatus } from './log-session.js';

export interface LogOptions {
  previous: boolean;
  tailLines?: number;
  /** The container picked: another one starts again with an empty view. */
  container: string;
}

export function useLogSession(namespace: string, targets: Ref<readonly LogTarget[]>, options: Ref<LogOptions>) {
  const session = useSessionStore();
  const buffer = shallowRef<LogBuffer>(markRaw(new LogBuffer()));
  /** Bumps on every change of the buffer (the buffer itself is not reactive). */
  const version = ref(0);
  const following = ref(true);
  const held = ref(0);
  const statuses = shallowRef<SourceStatus[]>([]);
  let current: LogSession | undefined;

  function start(): void {
    current?.stop();
    const b = markRaw(new LogBuffer());
    buffer.value = b;
    following.value = true;
    held.value = 0;
    statuses.value = [];
    const { previous, tailLines } = options.value;
    const s: LogSession = new LogSession({ namespace, previous, tailLines }, {
      client: session.client,
      buffer: b,
      onChange: () => {
        if (current !== s) return;
        version.value++;
        held.value = s.held;
        statuses.value = [...s.statuses.values()];
      },
    });
    current = s;
    version.value++;
    s.setTargets(targets.value);
  }

  watch(options, start, { deep: true, immediate: true });
  watch(() => targets.value.map((t) => `${t.pod}/${t.container}`).join(' '), () => current?.setTargets(targets.value));
  watch(following, (f) => {
    if (f) current?.resume();
    else current?.pause();
  });
  onScopeDispose(() => current?.stop());

  return { buffer, version, following, held, statuses, restart: start };
}
