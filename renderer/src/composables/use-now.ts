// One shared clock for ages ("3m12s"): ticks while some component shows one.
import { onScopeDispose, ref, type Ref } from 'vue';

const now = ref(Date.now());
let users = 0;
let timer: ReturnType<typeof setInterval> | undefined;

export function useNow(periodMs = 5000): Ref<number> {
  users++;
  if (timer === undefined) {
    now.value = Date.now();
    timer = setInterval(() => { now.value = Date.now(); }, periodMs);
  }
  onScopeDispose(() => {
    users--;
    if (users === 0 && timer !== undefined) {
      clearInterval(timer);
      timer = undefined;
    }
  });
  return now;
}
