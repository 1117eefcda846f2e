// The one window: the GUI loaded from our own API server (same origin as the API, so no CORS), locked
// down (context isolation, sandbox, no Node), kept on our origin (other links open in the browser),
// with its size and place remembered.
import { BrowserWindow, screen, shell, type NativeImage } from 'electron';
import type { Logger } from 'pino';
import { API_URL_ARG } from './preload-bridge.js';
import { fitToDisplays, MIN_WINDOW_SIZE, type WindowStateFile } from './window-state.js';

export interface MainWindowOptions {
  /** https://HOST:PORT of the API (and of the GUI under /ui/). */
  origin: string;
  preload: string;
  state: WindowStateFile;
  icon: NativeImage;
  log: Logger;
}

export async function createMainWindow(o: MainWindowOptions, path = '/ui/'): Promise<BrowserWindow> {
  const saved = fitToDisplays(await o.state.load(), screen.getAllDisplays().map((d) => d.workArea));
  const win = new BrowserWindow({
    x: saved.x, y: saved.y, width: saved.width, height: saved.height,
    minWidth: MIN_WINDOW_SIZE.width, minHeight: MIN_WINDOW_SIZE.height,
    show: false, title: 'Skiff', icon: o.icon, backgroundColor: '#14171c',
    webPreferences: {
      contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInSubFrames: false,
      webviewTag: false, spellcheck: false, preload: o.preload,
      // The preload exposes window.skiff only on this origin.
      additionalArguments: [`${API_URL_ARG}${o.origin}`],
    },
  });
  if (saved.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());
  keepOnOrigin(win, o.origin, o.log);
  rememberState(win, o.state, o.log);
  await win.loadURL(`${o.origin}${path}`);
  return win;
}

/** Navigations off our origin are refused; http(s) links go to the default browser instead. */
function keepOnOrigin(win: BrowserWindow, origin: string, log: Logger): void {
  const external = (url: string): void => {
    if (/^https?:\/\//.test(url)) void shell.openExternal(url);
    else log.warn({ url }, 'refused to open a non-web URL from the GUI');
  };
  win.webContents.on('will-navigate', (event, url) => {
    if (sameOrigin(url, origin)) return;
    event.preventDefault();
    external(url);
  });
  win.webContents.on('will-redirect', (event, url) => {
    if (!sameOrigin(url, origin)) event.preventDefault();
  });
  win.webContents.setWindowOpenHandler(({ url }) => {
    external(url);
    return { action: 'deny' };
  });
  win.webContents.on('will-attach-webview', (event) => event.preventDefault());
}

function rememberState(win: BrowserWindow, state: WindowStateFile, log: Logger): void {
  let timer: NodeJS.Timeout | undefined;
  const save = (): void => {
    clearTimeout(timer);
    if (win.isDestroyed() || win.isMinimized()) return;
    const b = win.getNormalBounds();
    state.save({ x: b.x, y: b.y, width: b.width, height: b.height, maximized: win.isMaximized() }).catch((err: unknown) => log.warn({ err }, 'could not save the window state'));
  };
  const later = (): void => {
    clearTimeout(timer);
    timer = setTimeout(save, 500);
  };
  win.on('resize', later);
  win.on('move', later);
  win.on('maximize', later);
  win.on('unmaximize', later);
  win.on('close', save);
}

function sameOrigin(url: string, origin: string): boolean {
  try {
    return new URL(url).origin === origin;
  } catch {
    return false;
  }
}
