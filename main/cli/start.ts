// `skiff start` (what `npm start` runs): the desktop app when the Electron binary is installed, the build
// has the shell, and there is a display; else the headless server with the GUI in the browser
// (`skiff serve --ui`), which prints its URL. The Electron package is never require()d here: without its
// binary, its index.js tries to download it.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { SERVE_USAGE, serve } from './serve.js';

export const START_USAGE = `Usage: skiff start [--headless] [serve's flags]

Runs Skiff: the desktop app (Electron) where it is installed and a display is available, else the
headless server with the GUI at https://HOST:PORT/ui/ (a one-time login URL is printed).

  --headless              do not open the desktop app, even where it could run
${SERVE_USAGE.split('\n').slice(2).join('\n')}`;

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** The Electron main process's entry, built by `npm run build:electron`. */
export const ELECTRON_ENTRY = join(ROOT, 'dist', 'main', 'electron', 'main.js');

export type StartMode =
  | { kind: 'electron'; binary: string; entry: string }
  | { kind: 'headless'; reason: string };

export interface StartFacts {
  /** The Electron binary, when installed (findElectronBinary). */
  electronBinary: string | undefined;
  /** Whether dist/main/electron/main.js was built. */
  entryBuilt: boolean;
  headlessFlag: boolean;
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
}

export function decideStartMode(f: StartFacts): StartMode {
  if (f.headlessFlag) return { kind: 'headless', reason: '--headless was given' };
  if (!f.electronBinary) return { kind: 'headless', reason: 'the Electron binary is not installed (node_modules/electron/dist is missing: its download failed or was skipped)' };
  if (!f.entryBuilt) return { kind: 'headless', reason: 'the desktop shell is not built (run `npm run build:electron`)' };
  if (f.platform === 'linux' && !f.env.DISPLAY && !f.env.WAYLAND_DISPLAY) return { kind: 'headless', reason: 'there is no display (neither DISPLAY nor WAYLAND_DISPLAY is set)' };
  return { kind: 'electron', binary: f.electronBinary, entry: ELECTRON_ENTRY };
}

/**
 * The Electron binary the `electron` package installed, or undefined: its path.txt names the file under
 * its dist/, and both must exist (path.txt is written before the download finishes).
 */
export function findElectronBinary(packageDir = join(ROOT, 'node_modules', 'electron')): string | undefined {
  try {
    const relative = readFileSync(join(packageDir, 'path.txt'), 'utf8').trim();
    const binary = join(packageDir, 'dist', relative);
    return relative !== '' && existsSync(binary) ? binary : undefined;
  } catch {
    return undefined;
  }
}

export async function start(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(START_USAGE);
    return 0;
  }
  const headlessFlag = argv.includes('--headless');
  const rest = argv.filter((a) => a !== '--headless');
  const mode = decideStartMode({
    electronBinary: findElectronBinary(), entryBuilt: existsSync(ELECTRON_ENTRY), headlessFlag, platform: process.platform, env: process.env,
  });
  if (mode.kind === 'electron') return runElectron(mode.binary, mode.entry, rest);
  console.error(`skiff: starting the headless server with the GUI in the browser: ${mode.reason}.`);
  return serve(rest.includes('--ui') ? rest : [...rest, '--ui']);
}

/** Runs the desktop app until it quits; Ctrl+C reaches it (same process group) and it shuts down itself. */
function runElectron(binary: string, entry: string, argv: string[]): Promise<number> {
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  const child = spawn(binary, [entry, ...argv], { stdio: 'inherit', env });
  const ignore = (): void => {};
  // The app flushes its store on SIGINT/SIGTERM; this process waits for it instead of dying first.
  process.on('SIGINT', ignore);
  const forward = (): void => { child.kill('SIGTERM'); };
  process.on('SIGTERM', forward);
  return new Promise((resolve) => {
    child.once('error', (err) => {
      console.error(`skiff: cannot run Electron (${binary}): ${err.message}`);
      resolve(1);
    });
    child.once('exit', (code, signal) => {
      process.off('SIGINT', ignore);
      process.off('SIGTERM', forward);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}
