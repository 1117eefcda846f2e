// Keyboard shortcuts: single keys ("/", "?") and two-key sequences ("g p"), ignored while typing in a field.

export interface Shortcut {
  keys: string;
  description: string;
  run(): void;
}

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  target: EventTarget | null;
  preventDefault(): void;
}

const SEQUENCE_MS = 1200;

export function isTyping(target: EventTarget | null): boolean {
  if (!target || typeof (target as HTMLElement).tagName !== 'string') return false;
  const el = target as HTMLElement;
  return el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable;
}

/** A keydown handler for `shortcuts`; returns whether it handled the key. */
export function shortcutHandler(shortcuts: readonly Shortcut[], now: () => number = Date.now): (e: KeyLike) => boolean {
  let prefix = '';
  let prefixAt = 0;
  return (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return false;
    if (e.key.length !== 1 && e.key !== 'Escape') return false;
    const seq = prefix !== '' && now() - prefixAt < SEQUENCE_MS ? `${prefix} ${e.key}` : e.key;
    prefix = '';
    const hit = shortcuts.find((s) => s.keys === seq) ?? shortcuts.find((s) => s.keys === e.key);
    if (hit) {
      e.preventDefault();
      hit.run();
      return true;
    }
    if (shortcuts.some((s) => s.keys.startsWith(`${e.key} `))) {
      prefix = e.key;
      prefixAt = now();
      e.preventDefault();
      return true;
    }
    return false;
  };
}
