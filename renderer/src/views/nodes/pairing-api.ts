// The pairing API (api/pairing/protocol.ts) as the GUI uses it: a token for a new device, the requests
// waiting for approval, approve / deny, unpair. Not Kubernetes resources (no watch): the waiting list is
// polled while the Nodes view shows (use-pending-requests.ts).
import {
  pairingPaths, type CertificateRequest, type CreateTokenBody, type PairingList, type PairingToken,
} from '@api/pairing/protocol.js';
import type { ApiClient } from '../../api/client.js';

export interface UnpairResult {
  node: string;
  revokedCertificates: number;
  nodeDeleted: boolean;
  podsDeleted: number;
}

const JSON_BODY = 'application/json';

export function createPairingToken(client: ApiClient, body: CreateTokenBody): Promise<PairingToken> {
  return client.json('POST', pairingPaths.tokens, { body: JSON.stringify(body), contentType: JSON_BODY });
}

export async function revokePairingToken(client: ApiClient, id: string): Promise<void> {
  await client.request('DELETE', pairingPaths.token(id));
}

/** The requests still waiting for an admin, oldest first. */
export async function pendingRequests(client: ApiClient, signal?: AbortSignal): Promise<CertificateRequest[]> {
  const list = await client.json<PairingList<CertificateRequest>>('GET', pairingPaths.requests, { signal });
  return list.items.filter((r) => r.phase === 'Pending').sort((a, b) => a.created.localeCompare(b.created));
}

export function approveRequest(client: ApiClient, name: string): Promise<CertificateRequest> {
  return client.json('POST', pairingPaths.approve(name), { body: '{}', contentType: JSON_BODY });
}

export function denyRequest(client: ApiClient, name: string, message?: string): Promise<CertificateRequest> {
  return client.json('POST', pairingPaths.deny(name), { body: JSON.stringify(message ? { message } : {}), contentType: JSON_BODY });
}

export function unpairNode(client: ApiClient, node: string): Promise<UnpairResult> {
  return client.json('POST', pairingPaths.unpair(node), { body: '{}', contentType: JSON_BODY });
}

/** "1 certificate revoked, Node deleted, 2 pods deleted" for the notice after an unpairing. */
export function unpairSummary(r: UnpairResult): string {
  const parts = [`${r.revokedCertificates} certificate${r.revokedCertificates === 1 ? '' : 's'} revoked`];
  if (r.nodeDeleted) parts.push('Node deleted');
  if (r.podsDeleted) parts.push(`${r.podsDeleted} pod${r.podsDeleted === 1 ? '' : 's'} deleted`);
  return `Unpaired ${r.node}: ${parts.join(', ')}`;
}
