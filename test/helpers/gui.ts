// The GUI under test: a control plane with every controller and the browser UI attached, two fake nodes
// that run pods without Docker, and Debian's Chromium driven by Playwright.
import { existsSync, mkdirSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { ALL_CONTROLLERS } from '../../main/controllers/index.js';
import { InProcessTransport } from '../../main/controllers/inprocess-transport.js';
import { createLogger } from '../../main/logger.js';
import { ADMIN_GROUPS, ADMIN_USER } from '../../main/pki/index.js';
import { BrowserUi, defaultRendererDir } from '../../main/ui/index.js';
import { startTestCluster, type TestCluster, type TestClusterOptions } from './cluster.js';
import { FakeNode } from './fake-node.js';
import { repoPath } from './paths.js';

export const CHROMIUM = '/usr/bin/chromium';

/** Why GUI tests cannot run here, or false when they can. */
export function guiSkipReason(): string | false {
  if (!existsSync(CHROMIUM)) return `GUI tests need Chromium at ${CHROMIUM} (apt-get install chromium)`;
  if (!existsSync(`${defaultRendererDir()}/index.html`)) return 'GUI tests need the built renderer: run `npm run build:renderer`';
  return false;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu', '--no-first-run'],
  });
}

/** A browser context that accepts the cluster CA's serving certificate (browsers do not know that CA). */
export function newGuiContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1400, height: 860 } });
}

export interface GuiCluster {
  cluster: TestCluster;
  ui: BrowserUi;
  nodes: FakeNode[];
  /** A fresh one-time login URL. */
  loginUrl(): string;
  stop(): Promise<void>;
}

export async function startGuiCluster(opts: TestClusterOptions & { nodes?: string[] } = {}): Promise<GuiCluster> {
  const cluster = await startTestCluster({ controllers: ALL_CONTROLLERS, ...opts });
  const ui = new BrowserUi({ user: { name: ADMIN_USER, groups: ADMIN_GROUPS }, log: createLogger('ui', process.env.SKIFF_LOG_LEVEL ?? 'warn') });
  cluster.cp.api.attachUi(ui);
  const transport = new InProcessTransport(cluster.cp.registry, 'fake-kubelet');
  const nodes = (opts.nodes ?? ['node-a', 'node-b']).map((name) => new FakeNode(transport, { name, leaseRenewMs: 5000 }));
  for (const n of nodes) await n.start();
  return {
    cluster, ui, nodes,
    loginUrl: () => ui.loginUrl(cluster.cp.url),
    async stop() {
      for (const n of nodes) n.stop();
      await cluster.stop();
    },
  };
}

/** test-results/ at the repo root (screenshots a person looks at). */
export function resultsDir(): string {
  const dir = repoPath('test-results');
  mkdirSync(dir, { recursive: true });
  return dir;
}
