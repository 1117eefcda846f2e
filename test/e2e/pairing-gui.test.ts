// Pairing from the GUI in a real browser against a real control plane: the Pair-a-device dialog (token,
// CA pin, command, and a QR code that encodes exactly the command), a real `skiff agent pair` that waits
// for approval and is approved (or denied) from the dialog, unpairing from the node's pane (the Node gone
// from kubectl, the device's certificate refused), and the desktop app's local-agent warning.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { create as createQr } from 'qrcode';
import { ADMIN_GROUPS, ADMIN_USER } from '../../main/pki/index.js';
import { guiSkipReason, launchChromium, newGuiContext, resultsDir, startGuiCluster, type GuiCluster } from '../helpers/gui.js';
import { repoPath } from '../helpers/paths.js';
import { tempDir } from '../helpers/tmp.js';
import { waitFor } from '../helpers/wait.js';

const skip = guiSkipReason();
if (skip) console.log(`# skipping pairing GUI e2e tests: ${skip}`);

interface Run { code: number; stdout: string; stderr: string }

/** The dark modules of the dialog's QR path ("M{x} {y}h{w}v1h-{w}z" per run), as "x,y" strings. */
function darkModules(path: string): Set<string> {
  const dark = new Set<string>();
  for (const m of path.matchAll(/M(\d+) (\d+)h(\d+)v1h-\d+z/g)) {
    const [x, y, w] = [Number(m[1]), Number(m[2]), Number(m[3])];
    for (let i = 0; i < w; i++) dark.add(`${x + i},${y}`);
  }
  return dark;
}

/** `skiff agent pair …` as a device runs it (no --run, so no root needed), with its output so far. */
function startPairing(args: string[]): { done: Promise<Run>; stderr: () => string } {
  const child = spawn(process.execPath, [repoPath('bin', 'skiff.js'), 'agent', 'pair', ...args], { env: { ...process.env, SKIFF_LOG_LEVEL: 'warn' } });
  let out = '', err = '';
  child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
  const done = new Promise<Run>((resolve) => child.on('exit', (code) => resolve({ code: code ?? 1, stdout: out, stderr: err })));
  return { done, stderr: () => err };
}

/** The command's flags (`--server S --token T --ca-pin P`), as the device gets them from the QR code. */
function flagsOf(command: string): string[] {
  const words = command.split(/\s+/);
  const flag = (name: string): string => words[words.indexOf(name) + 1];
  return ['--server', flag('--server'), '--token', flag('--token'), '--ca-pin', flag('--ca-pin')];
}

describe('pairing in the GUI', { skip }, () => {
  let gui: GuiCluster;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let origin: string;
  const dir = tempDir('skiff-pair-gui-');
  const deviceKubeconfig = join(dir.path, 'edge-1', 'kubeconfig');

  /** kubectl with the device's own kubeconfig (its certificate from pairing). */
  const asDevice = (args: string[], input?: string): Promise<Run> => new Promise((resolve) => {
    const child = execFile('kubectl', ['--kubeconfig', deviceKubeconfig, ...args], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir.path, KUBECACHEDIR: join(dir.path, 'kcache') }, timeout: 30_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
    if (input !== undefined) child.stdin?.end(input);
  });

  async function openPairDialog(): Promise<void> {
    await page.goto(`${origin}/ui/nodes`);
    await page.getByTestId('pair-button').click();
    await page.getByTestId('pair-dialog').waitFor();
  }

  async function createToken(opts: { nodeName?: string; requireApproval?: boolean } = {}): Promise<string> {
    if (await page.getByTestId('pair-result').isVisible()) await page.click('[data-action="new-token"]');
    if (opts.nodeName) await page.getByTestId('pair-node-name').fill(opts.nodeName);
    if (opts.requireApproval) await page.getByTestId('pair-require-approval').check();
    await page.getByTestId('pair-create').click();
    await page.getByTestId('pair-qr').waitFor();
    return (await page.getByTestId('pair-command').innerText()).trim();
  }

  before(async () => {
    // A generous limit for the unauthenticated pairing calls: two devices poll from 127.0.0.1 here.
    gui = await startGuiCluster({ pairing: { rateLimit: { burst: 100, perSecond: 20 } } });
    origin = gui.cluster.cp.url;
    browser = await launchChromium();
    context = await newGuiContext(browser);
    page = await context.newPage();
    await page.goto(gui.loginUrl());
    await page.waitForURL(`${origin}/ui/overview`);
  });
  after(async () => {
    await browser?.close();
    await gui?.stop();
    dir.remove();
  });

  test('Pair a device shows a one-time token, the CA pin, the command and a QR code of the command', async () => {
    await openPairDialog();
    const command = await createToken();
    const token = (await page.getByTestId('pair-token').innerText()).trim();
    const pin = (await page.getByTestId('pair-pin').innerText()).trim();
    assert.match(token, /^[a-z0-9]{6}\.[a-z0-9]{16}$/);
    assert.equal(pin, gui.cluster.cp.pki.pin);
    assert.match(pin, /^sha256:[0-9a-f]{64}$/);
    assert.equal(command, `sudo skiff agent pair --server ${origin} --token ${token} --ca-pin ${pin}`);
    // The token exists on the server (its secret is stored hashed, so only the id is compared).
    const live = await gui.cluster.cp.pairing.listTokens();
    assert.ok(live.some((t) => t.id === token.split('.')[0]), 'the token is live on the control plane');
    // The API listens on loopback here: the dialog says devices cannot reach it.
    await page.getByText('which no device can reach').waitFor();

    // The drawn QR code is the QR encoding of exactly the command (same symbol, module for module).
    const qr = page.getByTestId('pair-qr');
    assert.equal(await qr.getAttribute('data-qr-text'), command);
    const size = Number(await qr.getAttribute('data-qr-size'));
    const drawn = darkModules((await qr.locator('path').getAttribute('d')) ?? '');
    const expected = createQr(command, { errorCorrectionLevel: 'M' }).modules;
    assert.equal(size, expected.size);
    let dark = 0;
    for (let y = 0; y < expected.size; y++) {
      for (let x = 0; x < expected.size; x++) {
        const want = expected.data[y * expected.size + x] === 1;
        if (want) dark++;
        assert.equal(drawn.has(`${x},${y}`), want, `module ${x},${y}`);
      }
    }
    assert.equal(drawn.size, dark);
    await page.getByTestId('pair-dialog').screenshot({ path: join(resultsDir(), 'pairing-dialog.png') });
  });

  test('a device that waits for approval is approved in the dialog, gets its certificate and joins', async () => {
    const command = await createToken({ nodeName: 'edge-1', requireApproval: true });
    assert.match(command, /--token [a-z0-9]{6}\.[a-z0-9]{16}/);
    const device = startPairing([...flagsOf(command), '--config', join(dir.path, 'edge-1', 'agent.yaml'), '--data-dir', join(dir.path, 'edge-1', 'state')]);
    await waitFor('the device to wait for approval', () => /waiting for an administrator/.test(device.stderr()), { timeoutMs: 20_000, intervalMs: 100 });
    const row = page.locator('[data-testid="pending-request"][data-node="edge-1"]');
    await row.waitFor({ timeout: 10_000 });
    assert.match(await row.innerText(), /127\.0\.0\.1/);
    await page.getByTestId('pair-waiting').waitFor();
    await page.getByTestId('pair-dialog').screenshot({ path: join(resultsDir(), 'pairing-waiting.png') });
    await row.locator('[data-action="approve"]').click();

    const r = await device.done;
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Paired: node edge-1/);
    assert.ok(existsSync(deviceKubeconfig), 'the device wrote its kubeconfig');
    await row.waitFor({ state: 'detached' });
    assert.equal((await gui.cluster.cp.pairing.listNodes()).filter((n) => n.name === 'edge-1').length, 1);

    // The device's agent would now register its Node with its new certificate; do what it does.
    const node = JSON.stringify({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'edge-1', labels: { 'kubernetes.io/hostname': 'edge-1' } } });
    const created = await asDevice(['create', '-f', '-'], node);
    assert.equal(created.code, 0, created.stderr);
    assert.match(await gui.cluster.k('get', 'nodes', '-o', 'name'), /node\/edge-1/);
  });

  test('a denied device is told so and gets no certificate', async () => {
    const command = await createToken({ nodeName: 'edge-2', requireApproval: true });
    const device = startPairing([...flagsOf(command), '--config', join(dir.path, 'edge-2', 'agent.yaml'), '--data-dir', join(dir.path, 'edge-2', 'state')]);
    const row = page.locator('[data-testid="pending-request"][data-node="edge-2"]');
    await row.waitFor({ timeout: 20_000 });
    await row.locator('[data-action="deny"]').click();
    const r = await device.done;
    assert.equal(r.code, 1);
    assert.match(r.stderr, /denied/);
    assert.equal(existsSync(join(dir.path, 'edge-2', 'kubeconfig')), false);
    await page.keyboard.press('Escape');
    await page.getByTestId('pair-dialog').waitFor({ state: 'hidden' });
  });

  test('the tray\'s "Pair a Device…" (/ui/nodes?pair=1) opens the dialog; closing it drops the query', async () => {
    await page.goto(`${origin}/ui/nodes?pair=1`);
    await page.getByTestId('pair-dialog').waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('pair-dialog').waitFor({ state: 'hidden' });
    await page.waitForURL(`${origin}/ui/nodes`);
  });

  test('unpairing a node from its pane removes it (kubectl) and its certificate is refused at once', async () => {
    await page.goto(`${origin}/ui/nodes/edge-1`);
    await page.getByTestId('detail').getByRole('heading', { name: 'edge-1' }).waitFor();
    await page.click('[data-action="unpair"]');
    await page.getByTestId('dialog').getByText('Revoke edge-1').waitFor();
    await page.getByTestId('dialog-ok').click();
    await page.getByText('Unpaired edge-1').waitFor();
    await waitFor('edge-1 gone from kubectl get nodes', async () => !(await gui.cluster.k('get', 'nodes', '-o', 'name')).includes('node/edge-1'), { timeoutMs: 10_000, intervalMs: 200 });
    await page.locator('.dt-row[data-key="edge-1"]').waitFor({ state: 'detached' });
    const refused = await asDevice(['get', 'node', 'edge-1']);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /Unauthorized|must be logged in/);
    // The other nodes stay.
    assert.match(await gui.cluster.k('get', 'nodes', '-o', 'name'), /node\/node-a/);
  });

  test('in the desktop app (bearer token from the preload), the Nodes view says why the local agent is not running', async () => {
    // The object Electron's preload exposes (main/electron/ipc-contract.ts SkiffBridge), given to the
    // page here without Electron: this checks the renderer's side of that contract.
    const token = gui.cluster.cp.tokens.issue({ name: ADMIN_USER, groups: ADMIN_GROUPS }, 600);
    const status = {
      state: 'not-started', nodeName: 'this-laptop',
      message: 'The local node agent was not started: it needs root for pod networking (the CNI bridge and iptables rules), and Skiff runs as an ordinary user.',
      command: 'sudo env ELECTRON_RUN_AS_NODE=1 /opt/Skiff/skiff-desktop /opt/Skiff/resources/agent/skiff-agent.mjs --kubeconfig /home/me/.config/skiff/agent/kubeconfig',
    };
    const desktop = await newGuiContext(browser);
    try {
      await desktop.addInitScript(`window.skiff = {
        apiUrl: ${JSON.stringify(origin)},
        getToken: async () => ${JSON.stringify(token)},
        localAgent: async () => (${JSON.stringify(status)}),
        onLocalAgentChange: () => () => {},
      };`);
      const p = await desktop.newPage();
      await p.goto(`${origin}/ui/nodes`);
      // No session cookie in this context: the rows come through the bearer token.
      await p.locator('.dt-row[data-key="node-a"]').waitFor();
      await p.getByTestId('local-agent-warning').click();
      const details = p.getByTestId('local-agent-details');
      await details.getByText('needs root for pod networking').waitFor();
      await details.getByText(status.command).waitFor();
      await p.screenshot({ path: join(resultsDir(), 'pairing-local-agent-warning.png') });
    } finally {
      await desktop.close();
    }
  });
});
