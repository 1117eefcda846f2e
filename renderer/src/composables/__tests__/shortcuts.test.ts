import { describe, expect, it } from 'vitest';
import { shortcutHandler, type KeyLike } from '../shortcuts.js';

const key = (k: string, target: EventTarget | null = null): KeyLike & { prevented: boolean } => {
  const e = { key: k, ctrlKey: false, metaKey: false, altKey: false, target, prevented: false, preventDefault: () => { e.prevented = true; } };
  return e;
};

describe('keyboard shortcuts', () => {
  it('runs two-key sequences and single keys', () => {
    const ran: string[] = [];
    let t = 0;
    const h = shortcutHandler([
      { keys: 'g p', description: '', run: () => ran.push('pods') },
      { keys: '/', description: '', run: () => ran.push('search') },
    ], () => t);
    h(key('g'));
    t += 200;
    h(key('p'));
    h(key('/'));
    expect(ran).toEqual(['pods', 'search']);
  });

  it('forgets a prefix after a pause', () => {
    const ran: string[] = [];
    let t = 0;
    const h = shortcutHandler([{ keys: 'g p', description: '', run: () => ran.push('pods') }], () => t);
    h(key('g'));
    t += 5000;
    h(key('p'));
    expect(ran).toEqual([]);
  });

  it('leaves keys alone while the user types in a field', () => {
    const ran: string[] = [];
    const h = shortcutHandler([{ keys: '/', description: '', run: () => ran.push('search') }]);
    const input = document.createElement('input');
    const e = key('/', input);
    expect(h(e)).toBe(false);
    expect(e.prevented).toBe(false);
    expect(ran).toEqual([]);
  });
});
