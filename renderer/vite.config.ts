// Builds the GUI into dist/renderer, served by the API server under /ui/ (browser mode) and loaded by
// Electron. `@api/...` is the repo's pure api/ folder: the Kubernetes types, selectors, printers.
import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));
const repo = here('..').replace(/\/$/, '');

/**
 * The layering rule of eslint.config.js for what ESLint cannot parse (.vue files): the renderer imports
 * api/ (and client/'s browser-safe parts), never main/, agent/ or Node's I/O modules.
 */
function layering(): Plugin {
  const forbidden = ['main/', 'agent/'].map((d) => `${repo}/${d}`);
  return {
    name: 'skiff-layering',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (!importer || !importer.startsWith(here('.'))) return null;
      if (/^(node:)?(fs|net|http|https|tls|child_process|dgram)(\/|$)/.test(source) || source === 'electron') {
        this.error(`${importer}: the renderer may not import "${source}" (see DESIGN.md "Layout")`);
      }
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      if (resolved && forbidden.some((d) => resolved.id.startsWith(d))) {
        this.error(`${importer}: import of ${resolved.id} crosses a layer the wrong way (renderer → api only; see DESIGN.md "Layout")`);
      }
      return resolved;
    },
  };
}

export default defineConfig({
  root: here('.'),
  base: '/ui/',
  plugins: [layering(), vue()],
  resolve: { alias: { '@api': here('../api') } },
  build: {
    outDir: here('../dist/renderer'),
    emptyOutDir: true,
    target: 'es2022',
    // The initial bundle must stay small (< 500 kB gzipped): the editor and its CodeMirror load on demand.
    chunkSizeWarningLimit: 600,
  },
  test: {
    root: here('.'),
    environment: 'jsdom',
    include: ['src/**/__tests__/*.test.ts'],
  },
});
