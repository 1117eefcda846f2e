// GUI performance (issue: GUI), measured in Debian's Chromium against a real control plane:
//   1. initial JavaScript (and CSS) the browser must load, gzipped; the lazily loaded editor chunk
//   2. first meaningful paint of the Overview from a warm server (fresh browser cache)
//   3. Pods view render with 1,000 pods: in-app navigation (store already synced) and a cold page load
//   4. 100 pod changes per second for 10 s on the Pods view: event-to-screen latency of a visible row,
//      frame gaps, long tasks, and how fast the search box still filters
//   5. the log viewer with 100,000 lines (gui-log-bench.ts): load, follow, scroll, search, wrap
// Usage: node dist/test/bench/gui-bench.js [--quick] [--logs-only]
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BrowserContext, Page } from 'playwright-core';
import { defaultRendererDir } from '../../main/ui/index.js';
import { guiSkipReason, launchChromium, newGuiContext, startGuiCluster } from '../helpers/gui.js';
import { apiClient } from '../helpers/http.js';
import { fmt, progress, summarize } from './stats.js';
import { logViewerBench } from './gui-log-bench.js';

const quick = process.argv.includes('--quick');
const logsOnly = process.argv.includes('--logs-only');
const PODS = 1000;
const UPDATE_RATE = 100;
const UPDATE_SECONDS = quick ? 4 : 10;
const NS = 'bench';

function line(label: string, value: string, target?: string, ok?: boolean): void {
  const verdict = ok === undefined ? '' : ok ? '  ok' : '  MISSED';
  process.stdout.write(`${label.padEnd(52)} ${value.padStart(14)}${target ? `   (target ${target})` : ''}${verdict}\n`);
}

function bundleSizes(): { initial: number; lazy: number } {
  const dir = defaultRendererDir();
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  // What index.html loads: the entry script, its modulepreloads, the stylesheet.
  const initialFiles = [...html.matchAll(/(?:src|href)="\/ui\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]);
  const gz = (f: string): number => gzipSync(readFileSync(join(dir, f)), { level: 9 }).length;
  const initial = initialFiles.reduce((n, f) => n + gz(f), 0) + gzipSync(html).length;
  const lazy = readdirSync(join(dir, 'assets')).map((f) => `assets/${f}`).filter((f) => !initialFiles.includes(f)).reduce((n, f) => n + gz(f), 0);
  return { initial, lazy };
}

const podManifest = (i: number) => JSON.stringify({
  apiVersion: 'v1', kind: 'Pod',
  metadata: { name: `bench-${String(i).padStart(4, '0')}`, namespace: NS, labels: { app: 'bench', shard: String(i % 10) } },
  spec: { nodeName: i % 2 === 0 ? 'node-a' : 'node-b', containers: [{ name: 'c', image: 'busybox:1.36' }] },
});

const statusPatch = (restarts: number) => JSON.stringify({
  status: {
    containerStatuses: [{ name: 'c', image: 'busybox:1.36', imageID: 'fake://busybox', containerID: 'fake://c', ready: true, started: true, restartCount: restarts, state: { running: { startedAt: '2025-01-01T00:00:00Z' } } }],
  },
});

/** Runs in the page: records when a condition first holds (performance.now(), ms since navigation). */
const MARKS = `
  window.__marks = {};
  window.__mark = (name, test) => {
    const check = () => { if (!window.__marks[name] && test()) { window.__marks[name] = performance.now(); return true; } return false; };
    if (check()) return;
    const mo = new MutationObserver(() => { if (check()) mo.disconnect(); });
    const start = () => mo.observe(document.documentElement, { childList: true, subtree: true, characterData: true });
    if (document.documentElement) start(); else document.addEventListener('DOMContentLoaded', start);
  };
`;

/** The page's marks, as MARKS records them (functions, not strings: the GUI's CSP forbids eval). */
interface Marked { __marks?: Record<string, number> }

async function freshPage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.addInitScript(MARKS);
  return page;
}

async function main(): Promise<void> {
  const skip = guiSkipReason();
  if (skip) {
    process.stdout.write(`gui-bench skipped: ${skip}\n`);
    return;
  }
  const sizes = bundleSizes();
  line('initial JS+CSS+HTML, gzipped', `${fmt(sizes.initial / 1024)} kB`, '< 500 kB', sizes.initial < 500 * 1024);
  line('loaded on demand (editor, logs, terminals), gzipped', `${fmt(sizes.lazy / 1024)} kB`);

  const gui = await startGuiCluster({ controllers: [] });
  const api = apiClient(gui.cluster.cp);
  const browser = await launchChromium();
  const logBench = (cookies: Parameters<BrowserContext['addCookies']>[0]) => logViewerBench({
    browser, base: gui.cluster.cp.url, cookies, line, quick,
    post: async (path, body) => {
      const r = await api.request('POST', path, { body: JSON.stringify(body) });
      if (r.status !== 201) throw new Error(`POST ${path}: ${r.status} ${r.text}`);
    },
  });
  try {
    if (logsOnly) {
      const c = await newGuiContext(browser);
      const p = await c.newPage();
      await p.goto(gui.loginUrl());
      await p.waitForURL(/\/ui\/overview$/);
      await logBench(await c.cookies());
      return;
    }
    await api.request('POST', '/api/v1/namespaces', { body: JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } }) });
    let made = 0;
    const create = async (from: number): Promise<void> => {
      for (let i = from; i < PODS; i += 32) {
        const r = await api.request('POST', `/api/v1/namespaces/${NS}/pods`, { body: podManifest(i) });
        if (r.status !== 201) throw new Error(`creating pod ${i}: ${r.status} ${r.text}`);
        progress('creating pods', ++made, PODS);
      }
    };
    await Promise.all(Array.from({ length: 32 }, (_, k) => create(k)));

    // Sign in once; later contexts reuse the session cookie with an empty browser cache.
    const first = await newGuiContext(browser);
    const p0 = await first.newPage();
    await p0.goto(gui.loginUrl());
    await p0.waitForURL(/\/ui\/overview$/);
    await p0.waitForSelector('[data-testid="pod-total"]:text("1000")');
    const cookies = await first.cookies();
    await first.close();
    const base = gui.cluster.cp.url;

    // 2. First meaningful paint: nodes and the pod count on screen.
    const fmp: number[] = [];
    for (let i = 0; i < 3; i++) {
      const ctx = await newGuiContext(browser);
      await ctx.addCookies(cookies);
      const page = await freshPage(ctx);
      await page.addInitScript(`window.__mark('overview', () => document.querySelector('[data-testid="node-row"]') && document.querySelector('[data-testid="pod-total"]')?.textContent === '1000')`);
      await page.goto(`${base}/ui/overview`);
      await page.waitForFunction(() => (globalThis as unknown as Marked).__marks?.overview);
      fmp.push(await page.evaluate('window.__marks.overview') as number);
      await ctx.close();
    }
    const fmpS = summarize(fmp);
    line('first meaningful paint, Overview (fresh cache)', `${fmt(fmpS.p50, 0)} ms`, '< 1000 ms', fmpS.max < 1000);

    // 3a. Cold load of the Pods view: boot, list 1,000 pods, render.
    const cold: number[] = [];
    for (let i = 0; i < 3; i++) {
      const ctx = await newGuiContext(browser);
      await ctx.addCookies(cookies);
      const page = await freshPage(ctx);
      await page.addInitScript(`window.__mark('pods', () => document.querySelector('[data-testid="count"]')?.textContent === '1000' && document.querySelector('.dt-row'))`);
      await page.goto(`${base}/ui/pods`);
      await page.waitForFunction(() => (globalThis as unknown as Marked).__marks?.pods);
      cold.push(await page.evaluate('window.__marks.pods') as number);
      await ctx.close();
    }
    line('Pods view, cold page load to 1,000 pods listed', `${fmt(summarize(cold).p50, 0)} ms`);

    // 3b. In-app navigation Overview → Pods (pods already synced): the view's own render time.
    const ctx = await newGuiContext(browser);
    await ctx.addCookies(cookies);
    const page = await freshPage(ctx);
    await page.goto(`${base}/ui/overview`);
    await page.waitForSelector('[data-testid="pod-total"]:text("1000")');
    const nav: number[] = [];
    for (let i = 0; i < 7; i++) {
      const ms = await page.evaluate(`new Promise((resolve) => {
        const link = [...document.querySelectorAll('a.nav-link')].find((a) => a.textContent.trim() === 'Pods');
        const t0 = performance.now();
        link.click();
        const done = () => document.querySelector('[data-testid="count"]')?.textContent === '1000' && document.querySelectorAll('.dt-row').length > 10;
        const wait = () => done() ? requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - t0))) : requestAnimationFrame(wait);
        wait();
      })`) as number;
      nav.push(ms);
      await page.click('a.nav-link:text("Overview")');
      await page.waitForSelector('[data-testid="pod-total"]');
    }
    const navS = summarize(nav);
    line('Pods view render, 1,000 pods (click → painted)', `${fmt(navS.p50, 0)} ms`, '< 200 ms', navS.max < 200);
    line('  worst of 7', `${fmt(navS.max, 0)} ms`);

    // 4. 100 changes per second: latency of a visible row, frame gaps, long tasks, search responsiveness.
    await page.click('a.nav-link:text("Pods")');
    await page.waitForSelector('.dt-row[data-key="bench/bench-0000"]');
    await page.evaluate(`(() => {
      window.__seen = [];
      window.__frames = [];
      window.__long = [];
      new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long.push(e.duration); }).observe({ type: 'longtask' });
      let last = performance.now();
      const tick = (t) => { window.__frames.push(t - last); last = t; if (!window.__stopFrames) requestAnimationFrame(tick); };
      requestAnimationFrame(tick);
      const watchCell = () => {
        const cell = document.querySelector('.dt-row[data-key="bench/bench-0000"] .col-restarts');
        if (!cell) return setTimeout(watchCell, 10);
        let prev = cell.textContent;
        new MutationObserver(() => {
          const now = Date.now();
          const text = document.querySelector('.dt-row[data-key="bench/bench-0000"] .col-restarts')?.textContent;
          if (text !== prev) { prev = text; window.__seen.push([Number(text), now]); }
        }).observe(document.querySelector('.data-table'), { childList: true, subtree: true, characterData: true });
      };
      watchCell();
    })()`);
    const sent = new Map<number, number>();
    const searchTimes: number[] = [];
    const total = UPDATE_RATE * UPDATE_SECONDS;
    const started = Date.now();
    let inflight = 0;
    let done = 0;
    let errors = 0;
    for (let i = 0; i < total; i++) {
      const due = started + (i * 1000) / UPDATE_RATE;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const visible = i % 10 === 0;
      const k = i + 1;
      const name = visible ? 'bench-0000' : `bench-${String(1 + Math.floor(Math.random() * (PODS - 1))).padStart(4, '0')}`;
      if (visible) sent.set(k, Date.now());
      inflight++;
      void api.request('PATCH', `/api/v1/namespaces/${NS}/pods/${name}/status`, { body: statusPatch(k), contentType: 'application/merge-patch+json' })
        .then((r) => { if (r.status !== 200) errors++; }, () => { errors++; })
        .finally(() => { inflight--; done++; });
      if (i % UPDATE_RATE === UPDATE_RATE / 2) {
        // Mid-second: type into the search box and time until the list shows the result.
        searchTimes.push(await page.evaluate(`new Promise((resolve) => {
          const input = document.querySelector('[data-search]');
          const want = input.value === '' ? 'bench-099' : '';
          const t0 = performance.now();
          input.value = want;
          input.dispatchEvent(new Event('input', { bubbles: true }));
          const target = want === '' ? '1000' : '10 of 1000';
          const wait = () => document.querySelector('[data-testid="count"]')?.textContent === target ? requestAnimationFrame(() => resolve(performance.now() - t0)) : requestAnimationFrame(wait);
          wait();
        })`) as number);
      }
      if (i % UPDATE_RATE === 0) progress('pod updates', i, total);
    }
    while (inflight > 0) await new Promise((r) => setTimeout(r, 20));
    progress('pod updates', total, total);
    await page.evaluate(`(() => { const i = document.querySelector('[data-search]'); i.value = ''; i.dispatchEvent(new Event('input', { bubbles: true })); })()`);
    await page.waitForTimeout(500);
    const achieved = (done / ((Date.now() - started) / 1000));
    const { seen, frames, long, rows } = await page.evaluate(`(() => { window.__stopFrames = true; return { seen: window.__seen, frames: window.__frames, long: window.__long, rows: document.querySelectorAll('.dt-row').length }; })()`) as { seen: [number, number][]; frames: number[]; long: number[]; rows: number };
    const latencies = seen.filter(([k]) => sent.has(k)).map(([k, t]) => t - sent.get(k)!);
    const lat = summarize(latencies);
    const fr = summarize(frames);
    const search = summarize(searchTimes);
    line('updates sent (pods/s), errors', `${fmt(achieved, 0)}/s, ${errors}`);
    line('visible row: change → on screen p50 / max', `${fmt(lat.p50, 0)} / ${fmt(lat.max, 0)} ms`);
    line('  changes of that row drawn (batches coalesce)', `${lat.n} of ${sent.size}`);
    line('frame gap p50 / p99 / max while updating', `${fmt(fr.p50, 0)} / ${fmt(fr.p99, 0)} / ${fmt(fr.max, 0)} ms`);
    line('long tasks (> 50 ms) while updating, longest', `${long.length}, ${fmt(Math.max(0, ...long), 0)} ms`);
    line('search while updating: typed → filtered, p50 / max', `${fmt(search.p50, 0)} / ${fmt(search.max, 0)} ms`, '< 100 ms', search.max < 100);
    line('table rows in the DOM (of 1,000)', String(rows));
    await ctx.close();

    // 5. The log viewer with 100,000 lines.
    await logBench(cookies);
  } finally {
    api.close();
    await browser.close();
    await gui.stop();
  }
}

await main();
