// What electron-builder.yml ships, checked without electron-builder (which needs the Electron binary
// and fpm, neither downloadable here): every extra resource exists, the entry point is what
// `npm run build:electron` emits, the deb scripts are valid shell with only the macros the builder fills
// in, and they install the files the package ships.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { networkConfig } from '../../../../agent/cni/config.js';
import { isObject } from '../../../../api/types/meta.js';
import { repoPath } from '../../../helpers/paths.js';

/** The macros electron-builder replaces in deb scripts (FpmTarget's bash template options we use). */
const MACROS = { executable: 'skiff-desktop', sanitizedProductName: 'Skiff' };

function config(): Record<string, unknown> {
  const c: unknown = parse(readFileSync(repoPath('electron-builder.yml'), 'utf8'));
  assert.ok(isObject(c));
  return c;
}

function debScript(name: 'afterInstall' | 'afterRemove'): string {
  const deb = config().deb;
  assert.ok(isObject(deb) && typeof deb[name] === 'string', `deb.${name} is set`);
  return readFileSync(repoPath(deb[name] as string), 'utf8');
}

describe('packaging (electron-builder.yml)', () => {
  test('every extra resource is there to ship (the agent bundle after `npm run build`)', () => {
    const extra = config().extraResources;
    assert.ok(Array.isArray(extra));
    const targets = new Map<string, string>();
    for (const e of extra as { from: string; to: string }[]) {
      assert.ok(existsSync(repoPath(e.from)), `${e.from} exists`);
      targets.set(e.to, e.from);
    }
    assert.ok(existsSync(repoPath(targets.get('agent')!, 'skiff-agent.mjs')), 'the agent bundle is built');
    assert.ok(existsSync(repoPath(targets.get('systemd')!, 'skiff-agent.service')));
  });

  test('the app entry is the Electron main the build emits, with its preload bundle beside it', () => {
    const meta = config().extraMetadata;
    assert.ok(isObject(meta));
    assert.equal(meta.main, 'dist/main/electron/main.js');
    assert.ok(existsSync(repoPath('dist/main/electron/main.js')), 'run `npm run build:electron`');
    assert.ok(existsSync(repoPath('dist/main/electron/preload.cjs')));
  });

  for (const name of ['afterInstall', 'afterRemove'] as const) {
    test(`the deb ${name} script uses only the builder's macros and is valid bash once filled in`, () => {
      const text = debScript(name);
      const used = [...text.matchAll(/\$\{([a-zA-Z]+)\}/g)].map((m) => m[1]);
      for (const m of used) assert.ok(m in MACROS, `\${${m}} is not a macro electron-builder fills in (it would refuse the build)`);
      const filled = text.replace(/\$\{([a-zA-Z]+)\}/g, (_, m: keyof typeof MACROS) => MACROS[m]);
      execFileSync('bash', ['-n'], { input: filled });
    });
  }

  test('the after-install script installs the agent bundle and the unit the package ships', () => {
    const text = debScript('afterInstall');
    assert.match(text, /resources\/agent\/skiff-agent\.mjs/);
    assert.match(text, /resources\/systemd\/skiff-agent\.service/);
    // Not enabled at install: the unit waits for a pairing (ConditionPathExists).
    assert.doesNotMatch(text, /^\s*systemctl enable/m);
    assert.match(readFileSync(repoPath('resources/systemd/skiff-agent.service'), 'utf8'), /ConditionPathExists=\/etc\/skiff\/agent\.yaml/);
    assert.match(text, /--config \/etc\/skiff\/agent\.yaml/);
  });

  test('the shipped CNI template is the conflist the agent writes, with placeholders', () => {
    const template: unknown = JSON.parse(readFileSync(repoPath('resources/cni/10-skiff.conflist.template'), 'utf8'));
    assert.deepEqual(template, networkConfig({ name: 'skiff', bridge: '@BRIDGE@', podCidr: '@POD_CIDR@', ipamDataDir: '@DATA_DIR@/cni/ipam', ipMasq: false }));
  });
});
