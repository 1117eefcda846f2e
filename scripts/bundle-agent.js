#!/usr/bin/env node
// Bundles the node agent into one file for devices (Linux amd64/arm64 with Node 20+ and a Docker engine):
// dist/agent-bundle/skiff-agent.mjs. Pure JavaScript. ssh2 (pulled in by dockerode for ssh:// engines, never
// used for the local socket) is replaced by a stand-in that refuses ssh:// (agent-bundle/ssh2-absent.cjs):
// loading the real one costs a small device about 15 MB.
import { build } from 'esbuild';
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = `${root}dist/agent-bundle/skiff-agent.mjs`;
const started = Date.now();
await build({
  entryPoints: [`${root}dist/agent/main.js`],
  outfile: out,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  minify: false,
  sourcemap: false,
  legalComments: 'linked',
  external: ['cpu-features', '*.node'],
  plugins: [{
    name: 'ssh2-absent',
    setup(b) {
      b.onResolve({ filter: /^ssh2$/ }, () => ({ path: `${root}scripts/agent-bundle/ssh2-absent.cjs` }));
    },
  }],
  // CommonJS dependencies use require(), __filename and __dirname: give the ESM bundle all three.
  banner: {
    js: [
      "import { createRequire as __skiffRequire } from 'node:module';",
      "import { fileURLToPath as __skiffPath } from 'node:url';",
      'const require = __skiffRequire(import.meta.url);',
      'const __filename = __skiffPath(import.meta.url);',
      "const __dirname = __skiffPath(new URL('.', import.meta.url));",
    ].join(' '),
  },
  logLevel: 'warning',
});
console.log(`bundle-agent: ${out} (${(statSync(out).size / 1024 / 1024).toFixed(1)} MiB) in ${Date.now() - started} ms`);
