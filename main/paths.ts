// Where Skiff keeps its data by default: the platform's per-user configuration directory.
import { homedir } from 'node:os';
import { join } from 'node:path';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.SKIFF_DATA_DIR) return env.SKIFF_DATA_DIR;
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Skiff');
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Skiff');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'skiff');
}
