#!/usr/bin/env node
// Bundles the Electron preload into one CommonJS file, dist/main/electron/preload.cjs: a sandboxed
// preload cannot load ES modules nor require() our other files, only 'electron' (left external).
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = `${root}dist/main/electron/preload.cjs`;
await build({
  entryPoints: [`${root}main/electron/preload.ts`],
  outfile: out,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'chrome140',
  external: ['electron'],
  sourcemap: false,
  logLevel: 'warning',
});
console.log(`bundle-preload: ${out}`);
