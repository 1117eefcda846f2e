// The desktop app's main process: the control plane in-process, the local agent supervised beside it,
// one window with the GUI, the tray, the menu, the IPC of ipc-contract.ts, and a quit that waits for the
// store to close.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, clipboard, ipcMain, safeStorage, session, shell } from 'electron';
import { findResource } from '../../api/resources/registry.js';
import { AgentSupervisor, SKIFF_BIN, shellQuote, type AgentCommand, type LocalAgentStatus } from '../agent-supervisor.js';
import { startControlPlane, type ControlPlane } from '../control-plane.js';
import { InProcessTransport } from '../controllers/inprocess-transport.js';
import { createLogger, type Logger } from '../logger.js';
import { ADMIN_GROUPS, ADMIN_USER } from '../pki/index.js';
import { BrowserUi } from '../ui/index.js';
import type { AppOptions } from './app-options.js';
import { installAppMenu, type MenuActions } from './app-menu.js';
import { ownCertificateVerifier } from './certificate-trust.js';
import { gracefulQuit, type QuitHandler } from './graceful-quit.js';
import { handleInvokes, push } from './ipc-main.js';
import { keychainUsable, safeStorageProtection } from './key-protection.js';
import { createMainWindow } from './main-window.js';
import { AppTray, logoImage } from './tray.js';
import { nodeReadiness, type ClusterSummary } from './tray-status.js';
import { WindowStateFile } from './window-state.js';

/** Bearer tokens handed to the GUI live this long; the renderer asks again after a 401. */
const GUI_TOKEN_TTL_SECONDS = 15 * 60;
const SUMMARY_INTERVAL_MS = 5000;
const NODES = findResource('', 'v1', 'nodes')!;
const PRELOAD = fileURLToPath(new URL('./preload.cjs', import.meta.url));

export class DesktopApp {
  private window: BrowserWindow | undefined;
  private tray: AppTray | undefined;
  private summaryTimer: NodeJS.Timeout | undefined;
  private readonly quit: QuitHandler;
  private readonly origin: string;

  private constructor(
    private readonly opts: AppOptions,
    private readonly cp: ControlPlane,
    private readonly agent: AgentSupervisor | undefined,
    private readonly log: Logger,
  ) {
    this.origin = new URL(cp.url).origin;
    this.quit = gracefulQuit({
      log,
      stop: async () => {
        clearInterval(this.summaryTimer);
        await this.agent?.stop();
        await this.cp.stop();
        this.tray?.destroy();
      },
      exit: (code) => app.exit(code),
    });
  }

  static async start(opts: AppOptions): Promise<DesktopApp> {
    const log = createLogger('skiff');
    const keyProtection = keychainUsable(safeStorage) ? safeStorageProtection(safeStorage) : undefined;
    if (!keyProtection) log.warn({}, 'no OS keychain (Electron safeStorage) to seal the secrets key file with: its file mode (0600) protects it');
    const cp = await startControlPlane({ dataDir: opts.dataDir, host: opts.host, port: opts.port, kubeconfigPath: opts.kubeconfig, tokenAuthFile: opts.tokenAuthFile, keyProtection, log });
    // The GUI's files and its local shell (KUBECONFIG=DATA_DIR/kubeconfig), as `skiff serve --ui` has them.
    cp.api.attachUi(new BrowserUi({ user: { name: ADMIN_USER, groups: ADMIN_GROUPS }, log, localShell: { kubeconfig: cp.kubeconfigPath } }));
    const agent = opts.noAgent ? undefined : new AgentSupervisor({ dataDir: opts.dataDir, apiUrl: cp.url, pki: cp.pki, nodeName: opts.nodeName, log, command: agentCommand() });
    const desktop = new DesktopApp(opts, cp, agent, log);
    try {
      await desktop.init();
    } catch (err) {
      // Close the store before main.ts reports the failure and exits.
      await agent?.stop();
      await cp.stop();
      throw err;
    }
    return desktop;
  }

  /** Shows (and focuses) the window, optionally at a GUI path such as /ui/nodes?pair=1. */
  async showWindow(path?: string): Promise<void> {
    if (!this.window || this.window.isDestroyed()) {
      this.window = await this.createWindow(path);
      return;
    }
    if (path) await this.window.loadURL(`${this.origin}${path}`);
    if (this.window.isMinimized()) this.window.restore();
    this.window.show();
    this.window.focus();
  }

  private async init(): Promise<void> {
    const { cp, agent, log } = this;
    const own = ownCertificateVerifier({ hostname: new URL(cp.url).hostname, certPem: cp.pki.serving.certPem });
    session.defaultSession.setCertificateVerifyProc((req, callback) => callback(own(req)));
    // The GUI needs no camera, notifications or geolocation; copying to the clipboard it may do.
    session.defaultSession.setPermissionRequestHandler((_wc, permission, callback) => callback(permission === 'clipboard-sanitized-write'));
    handleInvokes(ipcMain, this.origin, {
      'skiff:get-token': () => cp.tokens.issue({ name: ADMIN_USER, groups: ADMIN_GROUPS }, GUI_TOKEN_TTL_SECONDS),
      'skiff:local-agent': () => this.agentStatus(),
      'skiff:open-external': (url) => { void shell.openExternal(url); },
      'skiff:copy-text': (text) => { clipboard.writeText(text); },
    });
    app.on('before-quit', (event) => this.quit.onQuitRequest(event));
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => this.quit.onQuitRequest());
    // The cluster keeps running with the window closed: it lives in the tray until Quit.
    app.on('window-all-closed', () => {});
    app.on('activate', () => void this.showWindow());

    const actions: MenuActions = {
      open: () => void this.showWindow(),
      pair: () => void this.showWindow('/ui/nodes?pair=1'),
      'copy-kubeconfig': () => clipboard.writeText(`export KUBECONFIG=${shellQuote(cp.kubeconfigPath)}`),
      'open-data-dir': () => void shell.openPath(this.opts.dataDir),
      openAgentLog: () => void shell.openPath(join(this.opts.dataDir, 'agent.log')),
      quit: () => app.quit(),
    };
    installAppMenu(actions, { devTools: !app.isPackaged });
    try {
      this.tray = new AppTray(actions);
    } catch (err) {
      log.warn({ err }, 'no tray on this desktop: closing the window quits Skiff');
    }

    agent?.onStatus((status) => {
      if (this.window && !this.window.isDestroyed()) push(this.window.webContents, 'skiff:local-agent-changed', status);
      void this.refreshSummary();
    });
    await agent?.start();
    await this.refreshSummary();
    this.summaryTimer = setInterval(() => void this.refreshSummary(), SUMMARY_INTERVAL_MS);
    this.window = await this.createWindow();
    log.info({ url: cp.url, dataDir: this.opts.dataDir, agent: this.agentStatus().state }, 'desktop app ready');
  }

  private async createWindow(path?: string): Promise<BrowserWindow> {
    const win = await createMainWindow({
      origin: this.origin, preload: PRELOAD, state: new WindowStateFile(join(app.getPath('userData'), 'window-state.json')), icon: logoImage(128), log: this.log,
    }, path);
    // With a tray, closing hides the window (the cluster keeps running); without one, it quits.
    win.on('close', (event) => {
      if (this.quit.quitting || !this.tray) return;
      event.preventDefault();
      win.hide();
    });
    if (!this.tray) win.on('closed', () => app.quit());
    return win;
  }

  private agentStatus(): LocalAgentStatus {
    return this.agent?.status ?? { state: 'stopped', nodeName: this.opts.nodeName, message: 'Skiff was started with --no-agent: this machine runs no node; pods need a paired device.' };
  }

  private async refreshSummary(): Promise<void> {
    if (!this.tray) return;
    try {
      const nodes = await new InProcessTransport(this.cp.registry, 'skiff-desktop').list(NODES, undefined);
      const { ready, total } = nodeReadiness(nodes.items);
      const summary: ClusterSummary = { apiUrl: this.cp.url, nodesReady: ready, nodesTotal: total, agent: this.agent?.status };
      this.tray.update(summary);
    } catch (err) {
      this.log.warn({ err }, 'could not read the cluster state for the tray');
    }
  }
}

/**
 * The agent runs on this same binary in Node mode (ELECTRON_RUN_AS_NODE): from the checkout's
 * bin/skiff.js in development, from the bundled skiff-agent.mjs (an extra resource, outside the asar)
 * when packaged.
 */
function agentCommand(): AgentCommand {
  const env = { ELECTRON_RUN_AS_NODE: '1' };
  if (app.isPackaged) return { execPath: process.execPath, args: [join(process.resourcesPath, 'agent', 'skiff-agent.mjs')], env };
  return { execPath: process.execPath, args: [SKIFF_BIN, 'agent'], env };
}
