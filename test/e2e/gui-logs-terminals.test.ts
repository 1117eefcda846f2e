// The log viewer and the terminals in a real browser, against a control plane with a REAL agent (Docker
// containers): a pod's logs (a line printed before opening, one printed after, with follow), timestamps,
// search highlights, a Deployment's pods merged with a colour each; an exec shell that runs a command and
// follows the page's size, reconnects after exit; the local shell running kubectl against the cluster.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { WebSocket } from 'ws';
import { ALL_CONTROLLERS } from '../../main/controllers/index.js';
import { createLogger } from '../../main/logger.js';
import { ADMIN_GROUPS, ADMIN_USER } from '../../main/pki/index.js';
import { BrowserUi } from '../../main/ui/index.js';
import { startTestAgent, type TestAgent } from '../helpers/agent.js';
import { startTestCluster, type TestCluster } from '../helpers/cluster.js';
import { guiSkipReason, launchChromium, newGuiContext, resultsDir } from '../helpers/gui.js';
import { BUSYBOX_IMAGE, ensureBusyboxImage } from '../helpers/images.js';
import { waitFor } from '../helpers/wait.js';

function skipReason(): string | false {
  const gui = guiSkipReason();
  if (gui) return gui;
  if (!existsSync('/var/run/docker.sock')) return 'a real agent needs the Docker engine (/var/run/docker.sock)';
  if (process.getuid?.() !== 0) return 'a real agent needs root (bridges, iptables)';
  return false;
}
const skip = skipReason();
/** The container picker's value for every container (log-targets.ts). */
const ALL = '*';
if (skip) console.log(`# skipping GUI logs/terminal e2e tests: ${skip}`);

/** page.goto, again when Chromium gave up because interfaces changed (agents of tests running beside this one). */
async function goto(page: Page, url: string | (() => string)): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      // A login URL works once: a retry needs a fresh one.
      await page.goto(typeof url === 'string' ? url : url());
      return;
    } catch (err) {
      if (attempt >= 4 || !/ERR_NETWORK_CHANGED/.test((err as Error).message)) throw err;
    }
  }
}

/** The text xterm.js shows (its DOM renderer draws one div per row). */
const screenText = (page: Page) => page.locator('.tm-pane:visible .xterm-rows').innerText();

describe('GUI: logs and terminals against a real agent', { skip }, () => {
  let c: TestCluster;
  let a: TestAgent;
  let ui: BrowserUi;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let origin: string;

  const running = (name: string) => waitFor(`${name} to run`, async () => {
    const p = JSON.parse(await c.k('get', 'pod', name, '-o', 'json')) as { status: { containerStatuses?: { state: { running?: object } }[] } };
    return (p.status.containerStatuses ?? []).length > 0 && p.status.containerStatuses!.every((s) => s.state.running);
  }, { timeoutMs: 60_000, intervalMs: 250 });

  const tickersRunning = () => waitFor('2 ticker pods running', async () => (await c.k('get', 'pods', '-l', 'app=ticker', '--field-selector=status.phase=Running', '-o', 'name')).trim().split('\n').filter(Boolean).length === 2, { timeoutMs: 60_000, intervalMs: 500 });

  before(async () => {
    await ensureBusyboxImage();
    c = await startTestCluster({ controllers: ALL_CONTROLLERS });
    ui = new BrowserUi({ user: { name: ADMIN_USER, groups: ADMIN_GROUPS }, log: createLogger('ui', process.env.SKIFF_LOG_LEVEL ?? 'warn'), localShell: { kubeconfig: c.kubeconfig } });
    c.cp.api.attachUi(ui);
    a = await startTestAgent(c);
    await waitFor('the agent tunnel', () => c.cp.api.tunnels.get(a.nodeName), { timeoutMs: 20_000 });
    const r = await c.kubectl(['apply', '-f', '-'], { input: `apiVersion: v1
kind: Pod
metadata: {name: talker, namespace: default}
spec:
  nodeName: ${a.nodeName}
  containers:
  - name: main
    image: ${BUSYBOX_IMAGE}
    command: ["sh", "-c", "echo first-line; echo alpha ERROR one; echo beta ok; echo gamma error two; while true; do if [ -f /tmp/go ]; then echo after-$(cat /tmp/go); rm /tmp/go; fi; sleep 0.2; done"]
  - name: side
    image: ${BUSYBOX_IMAGE}
    command: ["sh", "-c", "echo side-only; exec sleep 3600"]
---
apiVersion: v1
kind: Pod
metadata: {name: restarter, namespace: default}
spec:
  nodeName: ${a.nodeName}
  volumes: [{name: state, emptyDir: {}}]
  containers:
  - name: main
    image: ${BUSYBOX_IMAGE}
    volumeMounts: [{name: state, mountPath: /state}]
    # The first instance exits; the second stays: "previous" is instance-1, the current one instance-2.
    command: ["sh", "-c", "n=$(cat /state/n 2>/dev/null || echo 0); n=$((n+1)); echo $n > /state/n; echo instance-$n; if [ $n -ge 2 ]; then exec sleep 3600; fi; sleep 1; exit 1"]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: ticker, namespace: default}
spec:
  replicas: 2
  selector: {matchLabels: {app: ticker}}
  template:
    metadata: {labels: {app: ticker}}
    spec:
      containers:
      - name: tick
        image: ${BUSYBOX_IMAGE}
        command: ["sh", "-c", "i=0; while true; do i=$((i+1)); echo \\"$(hostname) tick $i\\"; sleep 0.5; done"]
` });
    assert.equal(r.code, 0, r.stderr);
    await running('talker');
    // Chromium drops its connections (ERR_NETWORK_CHANGED) when interfaces come and go: let every pod's
    // network be made before the browser starts.
    await tickersRunning();
    await waitFor('the restarter pod network', async () => (await c.k('get', 'pod', 'restarter', '-o', 'jsonpath={.status.podIP}')).trim() !== '', { timeoutMs: 60_000, intervalMs: 250 });
    origin = c.cp.url;
    browser = await launchChromium();
    context = await newGuiContext(browser);
    page = await context.newPage();
    await goto(page, () => ui.loginUrl(origin));
    await page.waitForURL(`${origin}/ui/overview`);
  });
  after(async () => {
    await browser?.close();
    await a?.destroy();
    await c?.stop();
  });

  test("a pod's logs: a line printed before opening, and one printed after (follow)", async () => {
    await goto(page, `${origin}/ui/pods/default/talker`);
    await page.locator('[data-container-shell="main"]').waitFor();
    await page.screenshot({ path: join(resultsDir(), 'gui-pod-logs-shell-links.png') });
    await page.click('[data-action="logs"]');
    await page.waitForURL(/\/ui\/logs\/pods\/default\/talker/);
    const viewer = page.getByTestId('log-viewer');
    await viewer.locator('.ll', { hasText: 'first-line' }).waitFor({ timeout: 30_000 });
    await c.k('exec', 'talker', '--', 'sh', '-c', 'echo 42 > /tmp/go');
    await viewer.locator('.ll', { hasText: 'after-42' }).waitFor({ timeout: 20_000 });
    assert.equal(await page.locator('[data-action="follow"]').innerText(), 'Pause', 'still following');
  });

  test('the container picker and the previous instance of a container', async () => {
    const viewer = page.getByTestId('log-viewer');
    await page.getByTestId('log-container').selectOption('side');
    await viewer.locator('.ll', { hasText: 'side-only' }).waitFor({ timeout: 20_000 });
    assert.equal(await viewer.locator('.ll', { hasText: 'first-line' }).count(), 0, "only the side container's lines");
    await page.getByTestId('log-container').selectOption(ALL);
    // Both containers' streams, each line once (the two streams arrive independently).
    await viewer.locator('.ll', { hasText: 'first-line' }).waitFor({ timeout: 20_000 });
    await viewer.locator('.ll', { hasText: 'side-only' }).waitFor({ timeout: 20_000 });
    assert.equal(await viewer.locator('.ll', { hasText: 'side-only' }).count(), 1, 'all containers merged, no line twice');
    await page.getByTestId('log-container').selectOption('main');
    await viewer.locator('.ll', { hasText: 'after-42' }).waitFor({ timeout: 20_000 });

    await waitFor('restarter restarted once and running', async () => {
      const p = JSON.parse(await c.k('get', 'pod', 'restarter', '-o', 'json')) as { status: { containerStatuses?: { restartCount: number; state: { running?: object } }[] } };
      const s0 = p.status.containerStatuses?.[0];
      return s0 && s0.restartCount >= 1 && s0.state.running;
    }, { timeoutMs: 60_000, intervalMs: 500 });
    await goto(page, `${origin}/ui/logs/pods/default/restarter`);
    await viewer.locator('.ll', { hasText: 'instance-2' }).waitFor({ timeout: 20_000 });
    await page.getByTestId('log-previous').check();
    await viewer.locator('.ll', { hasText: 'instance-1' }).waitFor({ timeout: 20_000 });
    assert.equal(await viewer.locator('.ll', { hasText: 'instance-2' }).count(), 0, 'only the previous instance');
    assert.match(page.url(), /previous=true/, 'the choice is in the URL');
    await goto(page, `${origin}/ui/logs/pods/default/talker`);
    await viewer.locator('.ll', { hasText: 'after-42' }).waitFor({ timeout: 20_000 });
  });

  test('timestamps toggle on and off', async () => {
    const viewer = page.getByTestId('log-viewer');
    assert.equal(await viewer.locator('.ll-ts').count(), 0);
    await page.getByTestId('log-timestamps').check();
    const ts = await viewer.locator('.ll', { hasText: 'first-line' }).locator('.ll-ts').innerText();
    assert.match(ts, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/);
    // The time is the container's: within the last few minutes.
    assert.ok(Math.abs(Date.now() - Date.parse(ts)) < 5 * 60_000, ts);
    await page.getByTestId('log-timestamps').uncheck();
    assert.equal(await viewer.locator('.ll-ts').count(), 0);
    await page.getByTestId('log-timestamps').check();
  });

  test('search highlights matches (any case) and walks to them', async () => {
    const viewer = page.getByTestId('log-viewer');
    await page.locator('[data-search]').fill('error');
    await waitFor('2 highlighted matches', async () => (await viewer.locator('mark').count()) === 2, { timeoutMs: 5000 });
    assert.deepEqual((await viewer.locator('mark').allInnerTexts()).sort(), ['ERROR', 'error']);
    await page.locator('[data-search]').press('Enter');
    await waitFor('the first match current', async () => (await page.getByTestId('log-match-count').innerText()) === '1/2', { timeoutMs: 5000 });
    assert.match(await viewer.locator('.ll.current').innerText(), /alpha ERROR one/);
    // Going to a match pauses following (the view stays where the match is).
    assert.equal(await page.locator('[data-action="follow"]').innerText().then((t) => t.startsWith('Follow')), true);
    await page.getByTestId('log-only-matching').check();
    await waitFor('only the 2 matching lines', async () => (await viewer.locator('.ll').count()) === 2, { timeoutMs: 5000 });
    await page.screenshot({ path: join(resultsDir(), 'gui-logs-search.png') });
    await page.getByTestId('log-only-matching').uncheck();
    await page.locator('[data-search]').fill('');
    await page.click('[data-action="follow"]');
    await page.screenshot({ path: join(resultsDir(), 'gui-logs.png') });
  });

  test("a Deployment's pods merged, a colour per pod", async () => {
    await goto(page, `${origin}/ui/workloads/deployments/default/ticker`);
    await page.click('[data-action="logs"]');
    await page.waitForURL(/\/ui\/logs\/deployments\/default\/ticker/);
    await waitFor('lines of both pods', async () => new Set(await page.locator('.ll-src').allInnerTexts()).size === 2, { timeoutMs: 30_000, intervalMs: 200 });
    assert.equal(await page.getByTestId('log-sources').locator('.lg-chip').count(), 2);
    const colours = await page.evaluate(`(() => {
      const byPod = {};
      for (const el of document.querySelectorAll('.ll-src')) byPod[el.textContent.trim()] = getComputedStyle(el).color;
      return Object.values(byPod);
    })()`) as string[];
    assert.equal(new Set(colours).size, 2, `one colour per pod: ${colours.join(', ')}`);
    // Each line names its pod, and each pod's line says its own hostname (the pod's name).
    for (const row of (await page.locator('.ll').allInnerTexts()).slice(-6)) {
      const m = /^(\S+)\s+(\S+) tick \d+/.exec(row.trim());
      assert.ok(m && m[1] === m[2], `line labelled with its pod: ${row}`);
    }
    await page.screenshot({ path: join(resultsDir(), 'gui-logs-merged.png') });
  });

  test('an exec shell in the container runs a command', async () => {
    await goto(page, `${origin}/ui/pods/default/talker`);
    await page.click('[data-action="shell"]');
    await page.waitForURL(/\/ui\/terminals$/);
    await page.locator('.tm-pane[data-phase="open"]').waitFor({ timeout: 20_000 });
    await page.locator('.tm-pane:visible .xterm').click();
    await page.keyboard.type('echo hello-$((6*7))\n');
    await waitFor('hello-42 on the screen', async () => /^hello-42\s*$/m.test(await screenText(page)), { timeoutMs: 10_000 });
  });

  test("the pty's size follows the page's", async () => {
    const term = page.locator('.tm-pane:visible [data-testid="terminal"]');
    const sizeShown = async () => {
      const cols = await term.getAttribute('data-cols');
      const rows = await term.getAttribute('data-rows');
      await page.keyboard.type('clear; busybox stty size\n');
      await waitFor(`stty to say ${rows} ${cols}`, async () => new RegExp(`^${rows} ${cols}\\s*$`, 'm').test(await screenText(page)), { timeoutMs: 10_000 });
      return `${rows}x${cols}`;
    };
    const before = await sizeShown();
    await page.setViewportSize({ width: 1000, height: 600 });
    await waitFor('the terminal to refit', async () => `${await term.getAttribute('data-rows')}x${await term.getAttribute('data-cols')}` !== before, { timeoutMs: 5000 });
    const after = await sizeShown();
    assert.notEqual(after, before);
    await page.screenshot({ path: join(resultsDir(), 'gui-terminal-exec.png') });
    await page.setViewportSize({ width: 1400, height: 860 });
  });

  test('a shell that exited reconnects to a new one', async () => {
    await page.keyboard.type('exit 3\n');
    const banner = page.locator('.tm-pane:visible .tm-banner');
    await banner.waitFor({ timeout: 10_000 });
    assert.match(await banner.innerText(), /exited with code 3/);
    await page.click('.tm-pane:visible [data-action="reconnect"]');
    await page.locator('.tm-pane:visible[data-phase="open"]').waitFor({ timeout: 20_000 });
    await page.locator('.tm-pane:visible .xterm').click();
    await page.keyboard.type('echo again-$((1+1))\n');
    await waitFor('again-2 on the screen', async () => /^again-2\s*$/m.test(await screenText(page)), { timeoutMs: 10_000 });
  });

  test('exec and the local shell refuse the session cookie from another origin (CSRF)', async () => {
    const session = (await context.cookies()).find((k) => k.name === 'skiff-session')!;
    const tryOpen = (path: string, origin: string) => new Promise<number>((resolve) => {
      const ws = new WebSocket(`${c.cp.url.replace('https', 'wss')}${path}`, ['v5.channel.k8s.io'], { ca: c.cp.pki.caCertPem, headers: { cookie: `skiff-session=${session.value}`, origin } });
      ws.once('open', () => { ws.close(); resolve(101); });
      ws.once('unexpected-response', (_req, res) => { res.resume(); resolve(res.statusCode ?? 0); });
      ws.once('error', () => resolve(0));
    });
    const exec = '/api/v1/namespaces/default/pods/talker/exec?command=true&container=main&stdout=true';
    assert.equal(await tryOpen(exec, 'https://evil.example'), 403);
    assert.equal(await tryOpen('/ui/shell', 'https://evil.example'), 403);
    // The same requests from the GUI's own origin are let through.
    assert.equal(await tryOpen(exec, origin), 101);
    assert.equal(await tryOpen('/ui/shell', origin), 101);
  });

  test('the local shell runs kubectl against this cluster (KUBECONFIG set)', async () => {
    await page.click('[data-action="local-shell"]');
    await waitFor('two tabs', async () => (await page.getByTestId('terminal-tab').count()) === 2, { timeoutMs: 5000 });
    await page.locator('.tm-pane:visible[data-phase="open"]').waitFor({ timeout: 10_000 });
    await page.locator('.tm-pane:visible .xterm').click();
    await page.keyboard.type('kubectl get ns\n');
    await waitFor('the default namespace listed', async () => /^default\s+Active/m.test(await screenText(page)), { timeoutMs: 20_000 });
    await page.screenshot({ path: join(resultsDir(), 'gui-terminal-local.png') });
    // The terminal follows the theme.
    await page.click('.tm-bar h1');
    await page.keyboard.press('t');
    await page.waitForTimeout(200);
    await page.screenshot({ path: join(resultsDir(), 'gui-terminal-dark.png') });
    await page.keyboard.press('t');
  });
});
