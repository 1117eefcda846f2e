#!/usr/bin/env node
// The `skiff` command. The TypeScript sources compile to dist/ (`npm install` runs the build).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// `skiff agent` is the node agent (agent/), everything else the control plane's CLI (main/).
const argv = process.argv.slice(2);
const cli = new URL(argv[0] === 'agent' ? '../dist/agent/cli.js' : '../dist/main/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(cli))) {
  console.error('skiff: not built yet — run `npm install` (or `npm run build`) in the checkout first');
  process.exit(1);
}
const { main } = await import(cli.href);
process.exitCode = await main(argv[0] === 'agent' ? argv.slice(1) : argv);
