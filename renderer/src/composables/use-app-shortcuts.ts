// The app's keyboard shortcuts (listed by "?"): go to views, focus search, new resource, theme.
import { onBeforeUnmount, onMounted } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import { useUiStore } from '../stores/ui.js';
import { shortcutHandler, type Shortcut } from './shortcuts.js';

export function useAppShortcuts(): Shortcut[] {
  const router = useRouter();
  const route = useRoute();
  const ui = useUiStore();
  const go = (name: string) => () => void router.push({ name });
  const focus = (selector: string) => () => document.querySelector<HTMLInputElement>(selector)?.focus();
  const shortcuts: Shortcut[] = [
    { keys: 'g o', description: 'Go to Overview', run: go('overview') },
    { keys: 'g n', description: 'Go to Nodes', run: go('nodes') },
    { keys: 'g w', description: 'Go to Workloads', run: go('workloads') },
    { keys: 'g p', description: 'Go to Pods', run: go('pods') },
    { keys: 'g s', description: 'Go to Services', run: go('services') },
    { keys: 'g c', description: 'Go to Config', run: go('config') },
    { keys: 'g e', description: 'Go to the YAML editor', run: go('editor') },
    { keys: 'g t', description: 'Go to Terminals', run: go('terminals') },
    { keys: 'n', description: 'New resource from a template', run: go('editor') },
    { keys: '/', description: 'Search the list', run: focus('[data-search]') },
    { keys: 'l', description: 'Filter the list by labels', run: focus('[data-labels]') },
    { keys: 't', description: 'Switch light/dark theme', run: () => ui.toggleTheme() },
    { keys: '?', description: 'Show these shortcuts', run: () => { ui.showHelp = !ui.showHelp; } },
    {
      keys: 'Escape', description: 'Close the detail pane or this help', run: () => {
        if (ui.showHelp) ui.showHelp = false;
        else if (route.params.name) void router.push({ name: route.name ?? 'overview', params: { kind: route.params.kind } });
      },
    },
  ];
  const handler = shortcutHandler(shortcuts);
  const onKey = (e: KeyboardEvent): void => {
    if (e.key === 'Escape' && e.target instanceof HTMLInputElement) {
      e.target.blur();
      return;
    }
    handler(e);
  };
  onMounted(() => window.addEventListener('keydown', onKey));
  onBeforeUnmount(() => window.removeEventListener('keydown', onKey));
  return shortcuts;
}
