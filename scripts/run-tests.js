#!/usr/bin/env node
// Runs the compiled tests with node's own test runner and ends with a line CI reads:
// "N passed, N failed[, N skipped]". Usage: node scripts/run-tests.js [unit|integration|e2e|FILE...]
import { run } from 'node:test';
import { spec } from 'node:test/reporters';
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..', 'dist', 'test');
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

const args = process.argv.slice(2);
const files = [];
for (const a of args.length ? args : suites) {
  if (suites.includes(a)) files.push(...collect(join(root, a)));
  else files.push(resolve(a));
}
if (files.length === 0) {
  console.error('run-tests: no compiled tests found under dist/test (run `npm run build` first)');
  process.exit(1);
}

let passed = 0, failed = 0, skipped = 0;
const started = Date.now();
const stream = run({ files, concurrency: Number(process.env.SKIFF_TEST_CONCURRENCY ?? 2), timeout: 10 * 60_000 });
stream.on('test:pass', (t) => { if (t.details?.type === 'suite') return; if (t.skip || t.todo) skipped++; else passed++; });
stream.on('test:fail', (t) => { if (t.details?.type === 'suite' && t.details?.error?.failureType !== 'testCodeFailure') return; failed++; });
const reporter = stream.compose(spec);
reporter.pipe(process.stdout, { end: false });
reporter.on('end', () => {
  process.stdout.write(`\nduration ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  process.stdout.write(`${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  process.exitCode = failed > 0 ? 1 : 0;
});
