// Serial numbers and validity windows shared by the CA and the leaf issuers.
import { randomBytes } from 'node:crypto';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Backdating covers devices whose clock runs a little behind the control plane's. */
const BACKDATE_MS = 5 * 60 * 1000;

/** 16 random bytes as hex, positive (top bit clear) and of minimal DER length (first byte non-zero). */
export function randomSerialNumber(): string {
  const b = randomBytes(16);
  b[0] &= 0x7f;
  if (b[0] === 0) b[0] = 0x01;
  return b.toString('hex');
}

export function validityWindow(validityDays: number, now = new Date()): { notBefore: Date; notAfter: Date } {
  if (!(validityDays > 0)) throw new RangeError(`validityDays must be positive, got ${validityDays}`);
  const start = Math.floor(now.getTime() / 1000) * 1000; // certificates hold whole seconds
  const life = Math.round(validityDays * DAY_MS);
  // A short-lived certificate (node certificates in tests, minutes) backdated by five minutes would spend
  // most of its life in the past, and a holder renewing at 70% of it would renew at once.
  const backdate = Math.min(BACKDATE_MS, Math.floor(life / 10000) * 1000);
  return { notBefore: new Date(start - backdate), notAfter: new Date(start + life) };
}

export function daysToMs(days: number): number {
  return days * DAY_MS;
}
