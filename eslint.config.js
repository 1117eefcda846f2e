// ESLint flat config. The layering rule below is the import-direction contract of DESIGN.md:
//   api/      pure: imports nothing of ours and no I/O modules
//   client/   imports api/
//   main/, agent/  import api/ and client/, never each other (nor renderer/)
//   renderer/ imports api/ (and client/'s browser-safe parts), never main/ or agent/
// Only main/electron/ may import 'electron'.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const io = ['node:fs', 'node:fs/promises', 'node:net', 'node:http', 'node:https', 'node:tls', 'node:child_process',
  'node:dgram', 'fs', 'fs/promises', 'net', 'http', 'https', 'tls', 'child_process', 'dgram', 'level', 'dockerode', 'ws'];

const layer = (files, forbidden, extra = []) => ({
  files,
  rules: {
    'no-restricted-imports': ['error', {
      paths: extra.map((name) => ({ name, message: 'this layer may not import it (see DESIGN.md "Layout")' })),
      patterns: forbidden.map((group) => ({ group: [group], message: 'import crosses a layer the wrong way (see DESIGN.md "Layout")' })),
    }],
  },
});

export default tseslint.config(
  // .vue files have no parser here (vue-eslint-parser is not installed): vue-tsc type-checks them and the
  // renderer's Vite build refuses imports that cross the layering (renderer/vite.config.ts).
  { ignores: ['dist/**', 'node_modules/**', 'renderer/dist/**', '**/*.d.ts', '**/*.vue'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', setImmediate: 'readonly', URL: 'readonly', URLSearchParams: 'readonly', TextEncoder: 'readonly', TextDecoder: 'readonly', AbortController: 'readonly', queueMicrotask: 'readonly', structuredClone: 'readonly', performance: 'readonly', fetch: 'readonly' } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  layer(['api/**/*.ts'], ['**/client/**', '**/main/**', '**/agent/**', '**/renderer/**', 'electron'], io),
  layer(['client/**/*.ts'], ['**/main/**', '**/agent/**', '**/renderer/**', 'electron']),
  layer(['main/**/*.ts'], ['**/agent/**', '**/renderer/**'], ['electron']),
  layer(['main/electron/**/*.ts'], ['**/agent/**', '**/renderer/**']),
  layer(['agent/**/*.ts'], ['**/main/**', '**/renderer/**', 'electron']),
  layer(['renderer/**/*.ts'], ['**/main/**', '**/agent/**', 'electron'], io),
);
