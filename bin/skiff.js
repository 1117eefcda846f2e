#!/usr/bin/env node
// The `skiff` command. The TypeScript sources compile to dist/ (`npm install` runs the build).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = new URL('../dist/main/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(cli))) {
  console.error('skiff: not built yet — run `npm install` (or `npm run build`) in the checkout first');
  process.exit(1);
}
const { main } = await import(cli.href);
process.exitCode = await main(process.argv.slice(2));
