// `skiff node list | approve | deny | unpair`: paired devices and their pairing requests.
import { StatusError } from '../../api/errors/status-error.js';
import { pairingPaths, type CertificateRequest, type PairedNode, type PairingList } from '../../api/pairing/protocol.js';
import { adminApi, ADMIN_API_FLAGS, ADMIN_API_HELP, type AdminApi } from './admin-api.js';
import { parseFlags, UsageError } from './args.js';

export const NODE_USAGE = `Usage: skiff node list
       skiff node approve REQUEST|NODE
       skiff node deny REQUEST|NODE [--message TEXT]
       skiff node unpair NODE

  list                  paired nodes (with their certificates) and pairing requests
  approve REQUEST|NODE  issue the certificate a waiting device asked for (by request name, or its node name)
  deny REQUEST|NODE     refuse a waiting device
  unpair NODE           revoke the node's certificates (refused at once), drop its connections and
                        tunnel, delete its Node and its pods (controllers place them elsewhere; on the
                        device they keep running, cut off)
${ADMIN_API_HELP}`;

export async function node(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === 'help' || sub === '--help' || sub === '-h') {
    console.log(NODE_USAGE);
    return sub === undefined ? 2 : 0;
  }
  const { values, positionals } = parseFlags(rest, { ...ADMIN_API_FLAGS, message: { type: 'string' } }, NODE_USAGE, true);
  const one = (): string => {
    if (positionals.length !== 1) throw new UsageError(`${sub} takes one name\n\n${NODE_USAGE}`);
    return positionals[0];
  };
  const api = adminApi(values);
  try {
    switch (sub) {
      case 'list': {
        const nodes = (await api.call('GET', pairingPaths.nodes)) as PairingList<PairedNode>;
        const requests = (await api.call('GET', pairingPaths.requests)) as PairingList<CertificateRequest>;
        console.log(nodes.items.length ? 'Paired nodes:' : 'No paired nodes.');
        for (const n of nodes.items) {
          const last = n.certificates.at(-1);
          console.log(`  ${n.name}  paired ${n.pairedAt}${last ? `  certificate expires ${last.notAfter}` : ''}`);
        }
        if (requests.items.length) console.log('Pairing requests:');
        for (const r of requests.items) console.log(`  ${r.name}  node ${r.nodeName}  ${r.phase}  from ${r.clientAddress ?? '?'}  ${r.created}`);
        return 0;
      }
      case 'approve': {
        const r = (await api.call('POST', pairingPaths.approve(await requestName(api, one())))) as CertificateRequest;
        console.log(`Approved: node ${r.nodeName} (request ${r.name}) gets its certificate.`);
        return 0;
      }
      case 'deny': {
        const r = (await api.call('POST', pairingPaths.deny(await requestName(api, one())), values.message ? { message: values.message } : {})) as CertificateRequest;
        console.log(`Denied: request ${r.name} (node ${r.nodeName}).`);
        return 0;
      }
      case 'unpair': {
        const name = one();
        const r = (await api.call('POST', pairingPaths.unpair(name))) as { revokedCertificates: number; nodeDeleted: boolean; podsDeleted: number };
        console.log(`Unpaired ${name}: ${r.revokedCertificates} certificate(s) revoked, connections dropped${r.nodeDeleted ? ', Node deleted' : ''}${r.podsDeleted ? `, ${r.podsDeleted} pod(s) deleted` : ''}.`);
        return 0;
      }
    }
    throw new UsageError(`unknown subcommand "${sub}"\n\n${NODE_USAGE}`);
  } finally {
    api.close();
  }
}

/** A pending request named directly, or the one pending request of a node name. */
async function requestName(api: AdminApi, nameOrNode: string): Promise<string> {
  const requests = (await api.call('GET', pairingPaths.requests)) as PairingList<CertificateRequest>;
  if (requests.items.some((r) => r.name === nameOrNode)) return nameOrNode;
  const pending = requests.items.filter((r) => r.phase === 'Pending' && r.nodeName === nameOrNode);
  if (pending.length === 1) return pending[0].name;
  if (pending.length > 1) throw new UsageError(`node ${nameOrNode} has ${pending.length} waiting requests: name one of ${pending.map((r) => r.name).join(', ')}`);
  throw new StatusError(404, 'NotFound', `no pairing request named "${nameOrNode}", and none waiting for a node of that name (skiff node list shows them)`);
}
