// Short messages about what an action did ("Scaled web to 3") or why it failed.
import { defineStore } from 'pinia';
import { ref } from 'vue';

export interface Notice {
  id: number;
  kind: 'info' | 'error';
  text: string;
}

export const useNoticesStore = defineStore('notices', () => {
  const list = ref<Notice[]>([]);
  let next = 1;

  function push(kind: Notice['kind'], text: string, ttlMs = kind === 'error' ? 8000 : 4000): void {
    const id = next++;
    list.value.push({ id, kind, text });
    setTimeout(() => dismiss(id), ttlMs);
  }

  function dismiss(id: number): void {
    list.value = list.value.filter((n) => n.id !== id);
  }

  return { list, info: (t: string) => push('info', t), error: (t: string) => push('error', t), dismiss };
});
