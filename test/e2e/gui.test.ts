// The GUI in a real browser against a real control plane: one-time login, the YAML editor (apply and a
// validation error at its line), scaling from Workloads, the Pods view, and a screenshot of each view.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { guiSkipReason, launchChromium, newGuiContext, resultsDir, startGuiCluster, type GuiCluster } from '../helpers/gui.js';
import { waitFor } from '../helpers/wait.js';

const skip = guiSkipReason();
if (skip) console.log(`# skipping GUI e2e tests: ${skip}`);

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: hello-gui
  namespace: default
spec:
  replicas: 2
  selector:
    matchLabels:
      app: hello-gui
  template:
    metadata:
      labels:
        app: hello-gui
    spec:
      containers:
        - name: web
          image: nginx:1.27
`;

/** Replaces the editor's text the way a paste does. */
async function setEditorText(page: Page, text: string): Promise<void> {
  const content = page.locator('.cm-content');
  await content.click();
  await page.keyboard.press('Control+a');
  // Runs in the page (this file is compiled without the DOM types, hence a string).
  await page.evaluate(`(() => {
    const data = new DataTransfer();
    data.setData('text/plain', ${JSON.stringify(text)});
    document.querySelector('.cm-content').dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  })()`);
  const firstLine = text.split('\n')[0];
  await waitFor('the editor to hold the pasted text', async () => (await content.innerText()).trim().startsWith(firstLine), { intervalMs: 50 });
}

describe('GUI in browser mode', { skip }, () => {
  let gui: GuiCluster;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let origin: string;

  before(async () => {
    gui = await startGuiCluster();
    origin = gui.cluster.cp.url;
    browser = await launchChromium();
    context = await newGuiContext(browser);
    page = await context.newPage();
  });
  after(async () => {
    await browser?.close();
    await gui?.stop();
  });

  test('the one-time login URL signs in once: a session cookie, and the same URL refused after', async () => {
    const url = gui.loginUrl();
    await page.goto(url);
    await page.waitForURL(`${origin}/ui/overview`);
    await page.getByRole('heading', { name: 'Nodes' }).waitFor();
    const cookie = (await context.cookies()).find((c) => c.name === 'skiff-session');
    assert.ok(cookie, 'session cookie set');
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.secure, true);
    assert.equal(cookie.sameSite, 'Strict');
    // The overview lists the fake nodes from the API: the session authenticates API requests.
    await page.locator('[data-testid="node-row"]', { hasText: 'node-a' }).waitFor();

    const other = await newGuiContext(browser);
    try {
      const again = await other.newPage();
      const res = await again.goto(url);
      assert.equal(res?.status(), 401);
      assert.match(await again.textContent('h1') ?? '', /no longer valid/);
      // Without a session the app asks to sign in instead of showing data.
      await again.goto(`${origin}/ui/pods`);
      await again.getByTestId('signin-needed').waitFor();
    } finally {
      await other.close();
    }
  });

  test('a cookie-authenticated write without the CSRF header is refused', async () => {
    const status = await page.evaluate(async () => {
      const r = await fetch('/api/v1/namespaces/default/configmaps', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'csrf-probe' } }) });
      return r.status;
    });
    // The GUI's own client sends the header, and the same write then succeeds.
    const withHeader = await page.evaluate(async () => {
      const r = await fetch('/api/v1/namespaces/default/configmaps', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Skiff-CSRF': '1' }, body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'csrf-ok' } }) });
      return r.status;
    });
    assert.equal(withHeader, 201);
    assert.equal(status, 403);
    const r = await gui.cluster.kubectl(['get', 'configmap', 'csrf-probe']);
    assert.notEqual(r.code, 0, 'nothing was created');
  });

  test('a Deployment written in the YAML editor is applied and shows in Workloads', async () => {
    await page.goto(`${origin}/ui/editor`);
    await page.locator('.cm-content').waitFor();
    await setEditorText(page, DEPLOYMENT);
    await page.click('[data-action="apply"]');
    await page.getByTestId('editor-results').getByText('created').waitFor();
    assert.equal((await gui.cluster.k('get', 'deployment', 'hello-gui', '-o', 'jsonpath={.spec.replicas}')).trim(), '2');
    const managers = await gui.cluster.k('get', 'deployment', 'hello-gui', '--show-managed-fields', '-o', 'jsonpath={.metadata.managedFields[*].manager}');
    assert.match(managers, /skiff-ui/, 'applied server-side with the GUI as field manager');

    await page.goto(`${origin}/ui/workloads/deployments`);
    const row = page.locator('.dt-row[data-key="default/hello-gui"]');
    await row.waitFor();
    // Rollout progress is drawn live from the watch: 2 of 2 ready once the fake nodes run the pods.
    await row.locator('.rollout[data-ready="2"][data-desired="2"]').waitFor({ timeout: 30_000 });
  });

  test('scaling from the GUI changes the Deployment (checked with kubectl)', async () => {
    await page.goto(`${origin}/ui/workloads/deployments/default/hello-gui`);
    await page.click('[data-action="scale"]');
    await page.getByTestId('dialog-input').fill('4');
    await page.getByTestId('dialog-ok').click();
    await waitFor('spec.replicas = 4', async () => (await gui.cluster.k('get', 'deployment', 'hello-gui', '-o', 'jsonpath={.spec.replicas}')).trim() === '4', { timeoutMs: 15_000, intervalMs: 250 });
    await page.locator('[data-testid="rollout"] .rollout[data-ready="4"][data-desired="4"]').waitFor({ timeout: 30_000 });
  });

  test('a validation error is shown at the line of the field it names', async () => {
    const bad = DEPLOYMENT.replace('name: hello-gui\n', 'name: broken-gui\n').replace('- name: web', '- name: Not_Valid');
    const line = bad.split('\n').findIndex((l) => l.includes('Not_Valid')) + 1;
    await page.goto(`${origin}/ui/editor`);
    await page.locator('.cm-content').waitFor();
    await setEditorText(page, bad);
    await page.click('[data-action="apply"]');
    const marked = page.locator(`.cm-error-line[data-error-line="${line}"]`);
    await marked.waitFor();
    assert.match(await page.locator('.cm-error-message').first().innerText(), /spec\.template\.spec\.containers\[0\]\.name/);
    assert.equal(await page.locator(`[data-testid="problem"][data-line="${line}"]`).count(), 1);
    assert.notEqual((await gui.cluster.kubectl(['get', 'deployment', 'broken-gui'])).code, 0, 'nothing was created');
    await page.screenshot({ path: join(resultsDir(), 'gui-editor-error.png') });
  });

  test('the Pods view lists the pods with the node each runs on', async () => {
    await page.goto(`${origin}/ui/pods`);
    await page.locator('[data-search]').fill('hello-gui');
    await waitFor('4 hello-gui pods listed', async () => (await page.locator('.dt-row').count()) === 4, { timeoutMs: 15_000, intervalMs: 100 });
    const pods = JSON.parse(await gui.cluster.k('get', 'pods', '-l', 'app=hello-gui', '-o', 'json')) as { items: { metadata: { name: string }; spec: { nodeName: string } }[] };
    for (const p of pods.items) {
      const node = (await page.locator(`.dt-row[data-key="default/${p.metadata.name}"] .col-node`).innerText()).trim();
      assert.equal(node, p.spec.nodeName, `${p.metadata.name} runs on ${p.spec.nodeName}`);
    }
    await page.locator('.dt-row').first().click();
    await page.getByTestId('detail').getByRole('tab', { name: 'Containers' }).waitFor();
    await page.locator('[data-search]').fill('');
  });

  test('each main view renders (screenshots in test-results/)', async () => {
    const views: [string, string, string][] = [
      ['overview', '/ui/overview', 'Nodes'],
      ['nodes', '/ui/nodes/node-a', 'node-a'],
      ['workloads', '/ui/workloads/deployments/default/hello-gui', 'hello-gui'],
      ['pods', '/ui/pods', 'Pods'],
      ['services', '/ui/services', 'Services'],
      ['config', '/ui/config/configmaps', 'Config'],
      ['editor', '/ui/editor', 'New Deployment'],
    ];
    for (const [name, path, heading] of views) {
      await page.goto(`${origin}${path}`);
      await page.getByRole('heading', { name: heading }).first().waitFor();
      await page.waitForTimeout(300);
      await page.screenshot({ path: join(resultsDir(), `gui-${name}.png`) });
    }
    // The dark theme too.
    await page.goto(`${origin}/ui/pods`);
    await page.keyboard.press('t');
    assert.equal(await page.evaluate('document.documentElement.dataset.theme'), 'dark');
    await page.screenshot({ path: join(resultsDir(), 'gui-pods-dark.png') });
    await page.keyboard.press('t');
  });
});
