// The desktop app's command line (what `skiff start` passes on): serve's flags, read leniently because
// Electron and Chromium add switches of their own (--no-sandbox, --enable-logging, …).
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { nodeNameFromHostname } from '../../api/workloads/node-name.js';
import { parseListen } from '../cli/args.js';
import { defaultDataDir } from '../paths.js';

export interface AppOptions {
  dataDir: string;
  host: string;
  port: number;
  noAgent: boolean;
  nodeName: string;
  kubeconfig?: string;
  tokenAuthFile?: string;
}

export const DEFAULT_LISTEN = '127.0.0.1:6443';

/** Throws UsageError (from parseListen) on a malformed --listen; unknown switches are left to Chromium. */
export function parseAppOptions(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): AppOptions {
  const { values } = parseArgs({
    args: [...argv],
    strict: false,
    allowPositionals: true,
    options: {
      'data-dir': { type: 'string' }, listen: { type: 'string' }, 'no-agent': { type: 'boolean' }, 'node-name': { type: 'string' },
      kubeconfig: { type: 'string' }, 'token-auth-file': { type: 'string' },
    },
  });
  const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
  const { host, port } = parseListen(str(values.listen) ?? DEFAULT_LISTEN);
  const kubeconfig = str(values.kubeconfig);
  return {
    dataDir: resolve(str(values['data-dir']) ?? defaultDataDir(env)),
    host,
    port,
    noAgent: values['no-agent'] === true,
    nodeName: str(values['node-name']) ?? nodeNameFromHostname(hostname()),
    kubeconfig: kubeconfig ? resolve(kubeconfig) : undefined,
    tokenAuthFile: str(values['token-auth-file']),
  };
}

/** The arguments after the program (and, unpackaged, after the entry script). */
export function appArgv(argv: readonly string[], packaged: boolean): string[] {
  return argv.slice(packaged ? 1 : 2);
}
