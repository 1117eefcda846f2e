// The log viewer with 100,000 lines (part of gui-bench.ts), in Chromium: the pod's log is served by the
// page's request interception (the bench's nodes are fake: no containers), 100,000 lines at first and then
// 1,000 new lines on each re-read, about one a second. Measured: time to show all lines, frames while
// scrolling (wheel and jumps) and while following appends, search over all lines, wrap on/off, DOM size.
import type { Browser, Page } from 'playwright-core';
import { join } from 'node:path';
import { resultsDir } from '../helpers/gui.js';
import { fmt, summarize } from './stats.js';

const NS = 'logs-bench';
const POD = 'chatty';
const LINES = 100_000;
const APPEND = 1000;
const T0 = Date.parse('2025-01-01T00:00:00Z');

type Line = (label: string, value: string, target?: string, ok?: boolean) => void;

export interface LogBenchContext {
  browser: Browser;
  base: string;
  cookies: Parameters<import('playwright-core').BrowserContext['addCookies']>[0];
  /** Creates the namespace and the pod (POST bodies as JSON). */
  post(path: string, body: unknown): Promise<void>;
  line: Line;
  quick: boolean;
}

function logText(from: number, n: number): string {
  const out: string[] = [];
  for (let i = from; i < from + n; i++) {
    const ts = new Date(T0 + i * 3).toISOString().replace('Z', '123456Z');
    const long = i % 50 === 0 ? ` trace=${'ab12'.repeat(60)}` : '';
    out.push(`${ts} ${i} level=${i % 97 === 0 ? 'error' : 'info'} msg="request handled" path=/api/v1/items/${i % 977} status=200 duration_ms=${i % 300}${long}`);
  }
  return `${out.join('\n')}\n`;
}

/** Records frame gaps and long tasks in the page until stopFrames() returns them. */
const START_FRAMES = `(() => {
  window.__frames = []; window.__long = []; window.__stop = false;
  try { new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long.push(e.duration); }).observe({ type: 'longtask' }); } catch {}
  let last = performance.now();
  const tick = (t) => { window.__frames.push(t - last); last = t; if (!window.__stop) requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
})()`;

async function stopFrames(page: Page): Promise<{ frames: number[]; long: number[] }> {
  return await page.evaluate('(() => { window.__stop = true; return { frames: window.__frames.slice(1), long: window.__long }; })()') as { frames: number[]; long: number[] };
}

export async function logViewerBench(ctx: LogBenchContext): Promise<void> {
  const { line } = ctx;
  await ctx.post('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
  await ctx.post(`/api/v1/namespaces/${NS}/pods`, { apiVersion: 'v1', kind: 'Pod', metadata: { name: POD, namespace: NS }, spec: { nodeName: 'node-a', containers: [{ name: 'app', image: 'busybox:1.36' }] } });

  const context = await ctx.browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1400, height: 860 } });
  await context.addCookies(ctx.cookies);
  const page = await context.newPage();
  let served = 0;
  let reads = 0;
  const first = logText(0, LINES);
  await page.route(`**/api/v1/namespaces/${NS}/pods/${POD}/log?**`, async (route) => {
    reads++;
    const body = served === 0 ? first : logText(served, APPEND);
    served += served === 0 ? LINES : APPEND;
    await route.fulfill({ status: 200, contentType: 'text/plain', body });
  });

  // 1. Open the view: 100,000 lines read, parsed and shown (the status line counts them).
  const t0 = Date.now();
  await page.goto(`${ctx.base}/ui/logs/pods/${NS}/${POD}?tail=0`);
  // A function, not a string: the GUI's CSP forbids eval. (This file compiles without DOM types.)
  await page.waitForFunction((n) => {
    const doc = (globalThis as unknown as { document: { querySelector(s: string): { textContent: string } | null } }).document;
    return Number(doc.querySelector('[data-testid="log-line-count"]')?.textContent.replace(/[^0-9]/g, '')) >= n;
  }, LINES, { timeout: 60_000, polling: 50 });
  line('log view: open → 100,000 lines shown', `${fmt(Date.now() - t0, 0)} ms`, '< 3000 ms', Date.now() - t0 < 3000);

  // 2. Following while 1,000 lines arrive about every second.
  await page.evaluate(START_FRAMES);
  const followMs = ctx.quick ? 3000 : 6000;
  await page.waitForTimeout(followMs);
  const follow = await stopFrames(page);
  const ff = summarize(follow.frames);
  const count = Number((await page.getByTestId('log-line-count').innerText()).replace(/[^0-9]/g, ''));
  line('following: lines appended meanwhile', `${count - LINES} in ${fmt(followMs / 1000, 0)} s`);
  line('following: frame gap p50 / p99 / max', `${fmt(ff.p50, 0)} / ${fmt(ff.p99, 0)} / ${fmt(ff.max, 0)} ms`, 'p99 < 50 ms', ff.p99 < 50);
  line('following: long tasks (> 50 ms), longest', `${follow.long.length}, ${fmt(Math.max(0, ...follow.long), 0)} ms`);

  // 3. Scrolling: wheel steps (60/s) through the lines, then jumps anywhere; frames and time to paint a jump.
  await page.click('[data-action="follow"]');
  const viewer = page.getByTestId('log-viewer');
  const box = (await viewer.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const scrollTop = () => page.evaluate(`document.querySelector('[data-testid="log-viewer"]').scrollTop`) as Promise<number>;
  const top0 = await scrollTop();
  await page.evaluate(START_FRAMES);
  const steps = ctx.quick ? 120 : 300;
  for (let i = 0; i < steps; i++) {
    await page.mouse.wheel(0, -600);
    await page.waitForTimeout(16);
  }
  const wheel = await stopFrames(page);
  const moved = top0 - await scrollTop();
  if (moved <= 0) throw new Error('the wheel did not scroll the log view');
  const wf = summarize(wheel.frames);
  line('wheel scrolling: distance (lines)', String(Math.round(moved / 18)));
  line('wheel scrolling: frame gap p50 / p99 / max', `${fmt(wf.p50, 0)} / ${fmt(wf.p99, 0)} / ${fmt(wf.max, 0)} ms`, 'p99 < 50 ms', wf.p99 < 50);
  line('wheel scrolling: long tasks (> 50 ms)', String(wheel.long.length));
  const jumps = await page.evaluate(`(async () => {
    const el = document.querySelector('[data-testid="log-viewer"]');
    const out = [];
    for (let i = 0; i < 40; i++) {
      const target = Math.floor(((i * 7919) % 40) / 40 * (el.scrollHeight - el.clientHeight));
      const t = performance.now();
      el.scrollTop = target;
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      const want = Math.floor(target / 18);
      const shown = [...el.querySelectorAll('.ll')].some((n) => Math.abs(Number(n.dataset.line) - want) < 80);
      if (!shown) return { error: 'line ' + want + ' not drawn after a jump' };
      out.push(performance.now() - t);
    }
    return { times: out };
  })()`) as { times?: number[]; error?: string };
  if (jumps.error) throw new Error(jumps.error);
  const jf = summarize(jumps.times!);
  line('jump anywhere → painted, p50 / max', `${fmt(jf.p50, 0)} / ${fmt(jf.max, 0)} ms`, '< 50 ms', jf.max < 50);
  line('log lines in the DOM (of 100,000+)', String(await viewer.locator('.ll').count()));

  // 4. Search over all lines, and wrapping them.
  const search = await page.evaluate(`new Promise((resolve) => {
    const input = document.querySelector('.logs-page [data-search]');
    const t = performance.now();
    input.value = 'level=error';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    const wait = () => /\\/[1-9]/.test(document.querySelector('[data-testid="log-match-count"]').textContent) ? resolve(performance.now() - t) : requestAnimationFrame(wait);
    wait();
  })`) as number;
  const matches = await page.getByTestId('log-match-count').innerText();
  line('search 100,000 lines (typed → counted, incl. 120 ms debounce)', `${fmt(search, 0)} ms (${matches.split('/')[1]} hits)`, '< 400 ms', search < 400);
  const wrap = await page.evaluate(`new Promise((resolve) => {
    const box = document.querySelector('[data-testid="log-wrap"]');
    const t = performance.now();
    box.click();
    requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - t)));
  })`) as number;
  line('wrap on: lay out 100,000 lines again', `${fmt(wrap, 0)} ms`, '< 200 ms', wrap < 200);
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(resultsDir(), 'gui-logs-100k.png') });
  line('log re-reads served (stream slot, 1 s apart)', String(reads));
  await context.close();
}
