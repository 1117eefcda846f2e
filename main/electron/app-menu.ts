// The application menu: the platform's standard menus (edit shortcuts, window, zoom) and Skiff's own
// actions, the same ones as the tray.
import { Menu, type MenuItemConstructorOptions } from 'electron';
import type { TrayAction } from './tray-status.js';

export interface MenuActions extends Record<TrayAction, () => void> {
  openAgentLog: () => void;
}

export function installAppMenu(actions: MenuActions, opts: { devTools: boolean }): void {
  const mac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(mac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Pair a Device…', accelerator: 'CmdOrCtrl+Shift+P', click: actions.pair },
        { label: 'Copy KUBECONFIG Export', click: actions['copy-kubeconfig'] },
        { label: 'Open Data Folder', click: actions['open-data-dir'] },
        { label: 'Open Agent Log', click: actions.openAgentLog },
        { type: 'separator' },
        mac ? { role: 'close' } : { label: 'Quit Skiff', accelerator: 'CmdOrCtrl+Q', click: actions.quit },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { role: 'reload' },
        ...(opts.devTools ? [{ role: 'toggleDevTools' as const }] : []),
        { type: 'separator' },
        { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
