#!/usr/bin/env node
// Runs the compiled tests with node's own test runner, and the renderer's component/store tests with
// vitest, and ends with a line CI reads: "N passed, N failed[, N skipped]" (both runners counted).
// Usage: node scripts/run-tests.js [unit|integration|e2e|renderer|FILE...]
//   (no argument: all of them; "unit" includes the renderer's tests)
import { run } from 'node:test';
import { spec } from 'node:test/reporters';
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const repo = resolve(import.meta.dirname, '..');
const root = join(repo, 'dist', 'test');
const suites = ['unit', 'integration', 'e2e'];

function collect(dir) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...collect(p));
    else if (name.endsWith('.test.js')) out.push(p);
  }
  return out;
}

/** vitest over renderer/**\/__tests__ (jsdom); returns its counts. */
function runRendererTests() {
  const report = join(tmpdir(), `skiff-vitest-${process.pid}.json`);
  const r = spawnSync(process.execPath, [join(repo, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--config', join(repo, 'renderer', 'vite.config.ts'),
    '--reporter=default', '--reporter=json', `--outputFile.json=${report}`], { cwd: repo, stdio: 'inherit' });
  try {
    const j = JSON.parse(readFileSync(report, 'utf8'));
    return { passed: j.numPassedTests, failed: j.numFailedTests + (j.success || j.numFailedTests > 0 ? 0 : 1), skipped: j.numPendingTests + j.numTodoTests };
  } catch {
    console.error(`run-tests: vitest did not report (exit ${r.status ?? r.signal})`);
    return { passed: 0, failed: 1, skipped: 0 };
  } finally {
    rmSync(report, { force: true });
  }
}

const args = process.argv.slice(2);
const wanted = args.length ? args : [...suites, 'renderer'];
const files = [];
for (const a of wanted) {
  if (suites.includes(a)) files.push(...collect(join(root, a)));
  else if (a !== 'renderer') files.push(resolve(a));
}
const withRenderer = wanted.includes('renderer') || wanted.includes('unit');
if (files.length === 0 && !withRenderer) {
  console.error('run-tests: no compiled tests found under dist/test (run `npm run build` first)');
  process.exit(1);
}

let passed = 0, failed = 0, skipped = 0;
const started = Date.now();
if (withRenderer) {
  const r = runRendererTests();
  passed += r.passed; failed += r.failed; skipped += r.skipped;
}
const finish = () => {
  process.stdout.write(`\nduration ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  process.stdout.write(`${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  process.exitCode = failed > 0 ? 1 : 0;
};
// Browser tests run last and one at a time: Chromium drops its connections (ERR_NETWORK_CHANGED) when
// network interfaces come and go, as they do while agent tests make pod networks beside them.
const e2eDir = join(root, 'e2e');
const phases = [
  { files: files.filter((f) => !f.startsWith(e2eDir)), concurrency: Number(process.env.SKIFF_TEST_CONCURRENCY ?? 2) },
  { files: files.filter((f) => f.startsWith(e2eDir)), concurrency: 1 },
].filter((p) => p.files.length > 0);

function runPhase({ files: phaseFiles, concurrency }) {
  return new Promise((resolvePhase) => {
    const stream = run({ files: phaseFiles, concurrency, timeout: 10 * 60_000 });
    stream.on('test:pass', (t) => { if (t.details?.type === 'suite') return; if (t.skip || t.todo) skipped++; else passed++; });
    stream.on('test:fail', (t) => { if (t.details?.type === 'suite' && t.details?.error?.failureType !== 'testCodeFailure') return; failed++; });
    const reporter = stream.compose(spec);
    reporter.pipe(process.stdout, { end: false });
    reporter.on('end', resolvePhase);
  });
}

for (const phase of phases) await runPhase(phase);
finish();
