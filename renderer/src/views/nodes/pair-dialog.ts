// The Pair-a-device dialog's logic without the DOM: the form's choices, the request it makes, and how
// the time left on a token reads.
import type { CreateTokenBody } from '@api/pairing/protocol.js';

export const TTL_CHOICES: readonly { seconds: number; label: string }[] = [
  { seconds: 15 * 60, label: '15 minutes' },
  { seconds: 60 * 60, label: '1 hour' },
  { seconds: 24 * 60 * 60, label: '24 hours' },
];

export interface PairForm {
  nodeName: string;
  ttlSeconds: number;
  requireApproval: boolean;
  /** The URL devices should use, when the advertised ones are wrong (NAT, a DNS name). */
  server: string;
}

export function defaultPairForm(): PairForm {
  return { nodeName: '', ttlSeconds: TTL_CHOICES[0].seconds, requireApproval: false, server: '' };
}

/** The POST body: empty fields left out, so the server's defaults apply. */
export function tokenRequest(f: PairForm): CreateTokenBody {
  const body: CreateTokenBody = { ttlSeconds: f.ttlSeconds, description: 'created in the Skiff app' };
  if (f.nodeName.trim()) body.nodeName = f.nodeName.trim();
  if (f.requireApproval) body.requireApproval = true;
  if (f.server.trim()) body.server = f.server.trim();
  return body;
}

/** "14:05 left", "2 h 10 min left", or "expired". */
export function timeLeft(expires: string, now: number): string {
  const s = Math.floor((Date.parse(expires) - now) / 1000);
  if (!(s > 0)) return 'expired';
  if (s >= 3600) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min left`;
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')} left`;
}
