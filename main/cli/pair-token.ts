// `skiff pair-token create | list | delete`: one-time tokens for `skiff agent pair` on a device.
import { pairingPaths, type PairingList, type PairingToken } from '../../api/pairing/protocol.js';
import { parseGoDuration } from '../../api/validation/cron-schedule.js';
import { adminApi, ADMIN_API_FLAGS, ADMIN_API_HELP } from './admin-api.js';
import { parseFlags, UsageError } from './args.js';

export const PAIR_TOKEN_USAGE = `Usage: skiff pair-token create [--ttl 15m] [--node-name NAME] [--require-approval] [--server URL] [--description TEXT] [-o json]
       skiff pair-token list
       skiff pair-token delete ID

  create               print a one-time token, the CA pin and the command to run on the device
    --ttl DURATION     how long the token stays valid (default 15m, at most 24h)
    --node-name NAME   the device joins under this Node name (needed to re-pair an existing node)
    --require-approval the device waits until \`skiff node approve\` accepts it
    --server URL       the API URL devices use, when the advertised ones are wrong (NAT, DNS names)
    -o json            print the answer as JSON
  list                 the tokens not yet used or expired (their secrets are stored hashed, never shown again)
  delete ID            revoke an unused token
${ADMIN_API_HELP}`;

export async function pairToken(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === 'help' || sub === '--help' || sub === '-h') {
    console.log(PAIR_TOKEN_USAGE);
    return sub === undefined ? 2 : 0;
  }
  const { values, positionals } = parseFlagsWithArgs(rest);
  const api = adminApi(values);
  try {
    switch (sub) {
      case 'create': {
        const body: Record<string, unknown> = {};
        if (values.ttl !== undefined) body.ttlSeconds = ttlSeconds(values.ttl);
        if (values['node-name']) body.nodeName = values['node-name'];
        if (values['require-approval']) body.requireApproval = true;
        if (values.server) body.server = values.server;
        if (values.description) body.description = values.description;
        const t = (await api.call('POST', pairingPaths.tokens, body)) as PairingToken;
        if (values.output === 'json') console.log(JSON.stringify(t, null, 2));
        else printToken(t);
        return 0;
      }
      case 'list': {
        const list = (await api.call('GET', pairingPaths.tokens)) as PairingList<PairingToken>;
        if (list.items.length === 0) console.log('No pairing tokens.');
        for (const t of list.items) console.log(`${t.id}  expires ${t.expires}${t.nodeName ? `  node ${t.nodeName}` : ''}${t.requireApproval ? '  needs approval' : ''}`);
        return 0;
      }
      case 'delete': {
        if (positionals.length !== 1) throw new UsageError(`delete takes one token ID\n\n${PAIR_TOKEN_USAGE}`);
        const id = positionals[0].split('.')[0];
        await api.call('DELETE', pairingPaths.token(id));
        console.log(`Token ${id} deleted.`);
        return 0;
      }
    }
    throw new UsageError(`unknown subcommand "${sub}"\n\n${PAIR_TOKEN_USAGE}`);
  } finally {
    api.close();
  }
}

function parseFlagsWithArgs(argv: string[]) {
  return parseFlags(argv, {
    ...ADMIN_API_FLAGS,
    ttl: { type: 'string' }, 'node-name': { type: 'string' }, 'require-approval': { type: 'boolean' },
    server: { type: 'string' }, description: { type: 'string' }, output: { type: 'string', short: 'o' },
  }, PAIR_TOKEN_USAGE, true);
}

function ttlSeconds(text: string): number {
  let ms: number;
  try {
    ms = parseGoDuration(text);
  } catch (err) {
    throw new UsageError(`--ttl: ${(err as Error).message} (for example 15m, 1h)`);
  }
  const s = Math.round(ms / 1000);
  if (s < 1 || s > 86_400) throw new UsageError(`--ttl: ${text} is outside 1s to 24h`);
  return s;
}

function printToken(t: PairingToken): void {
  const lines = [
    `Token:   ${t.token}   (single use; expires ${t.expires}${t.nodeName ? `; for node ${t.nodeName}` : ''}${t.requireApproval ? '; needs approval' : ''})`,
    `CA pin:  ${t.caPin}`,
    '',
    'On the device, run:',
    `  ${t.command}`,
  ];
  if (t.servers.length > 1) lines.push('', `If the device cannot reach ${t.servers[0]}, use one of: ${t.servers.slice(1).join(', ')}`);
  for (const w of t.warnings ?? []) lines.push('', `Warning: ${w}`);
  console.log(lines.join('\n'));
}
