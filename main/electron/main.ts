// The Electron main process's entry (`skiff start` runs `electron dist/main/electron/main.js …`; the
// packaged app's package.json "main"). One instance per user: a second launch shows the first's window.
import { app, dialog } from 'electron';
import { appArgv, parseAppOptions } from './app-options.js';
import { DesktopApp } from './desktop-app.js';

app.setName('Skiff');
// Every renderer sandboxed, whatever a window's options say.
app.enableSandbox();

let desktop: DesktopApp | undefined;
if (!app.requestSingleInstanceLock()) {
  console.error('skiff: Skiff is already running; its window was brought to the front.');
  app.exit(0);
} else {
  app.on('second-instance', () => void desktop?.showWindow());
  app.whenReady()
    .then(async () => {
      desktop = await DesktopApp.start(parseAppOptions(appArgv(process.argv, app.isPackaged)));
    })
    .catch((err: unknown) => {
      const message = err instanceof Error ? err.message : String(err);
      console.error(`skiff: the desktop app could not start: ${message}`);
      dialog.showErrorBox('Skiff could not start', message);
      app.exit(1);
    });
}
