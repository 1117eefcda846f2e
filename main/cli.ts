// `skiff <command>`: the public command-line interface.
import { UsageError } from './cli/args.js';
import { node } from './cli/node.js';
import { pairToken } from './cli/pair-token.js';
import { secrets } from './cli/secrets.js';
import { serve } from './cli/serve.js';
import { start } from './cli/start.js';

const USAGE = `Usage: skiff <command> [flags]

Commands:
  start    run Skiff: the desktop app where Electron is available, else the headless server
  serve    run the control plane (Kubernetes API on https://127.0.0.1:6443 by default)
  pair-token  create | list | delete: one-time tokens for \`skiff agent pair\` on a device
  node     list | approve | deny | unpair: paired devices
  secrets  rotate-key: re-encrypt every Secret at rest under a new key
  help     show this help

Run "skiff <command> --help" for a command's flags.`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'serve': return await serve(rest);
      case 'pair-token': return await pairToken(rest);
      case 'node': return await node(rest);
      case 'secrets': return await secrets(rest);
      case 'start': return await start(rest);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        console.log(USAGE);
        return command === undefined ? 2 : 0;
      default:
        console.error(`skiff: unknown command "${command}"\n\n${USAGE}`);
        return 2;
    }
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`skiff ${command}: ${err.message}`);
      return 2;
    }
    console.error(`skiff ${command}: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}
