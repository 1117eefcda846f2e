// Bearer tokens: issued in-process (the GUI's short-lived session tokens) or read from a static token
// file in kube-apiserver's --token-auth-file format (`token,user,uid,"group1,group2"`). Only SHA-256
// hashes are kept in memory; comparison is constant-time.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { UserInfo } from '../registry/context.js';

interface TokenEntry {
  hash: Buffer;
  user: UserInfo;
  expires?: number;
}

export class TokenAuthenticator {
  private readonly byHash = new Map<string, TokenEntry>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Issues a random token for `user`, valid for `ttlSeconds` (forever when omitted). */
  issue(user: UserInfo, ttlSeconds?: number): string {
    const token = randomBytes(32).toString('base64url');
    this.add(token, user, ttlSeconds === undefined ? undefined : this.now() + ttlSeconds * 1000);
    return token;
  }

  revoke(token: string): void {
    this.byHash.delete(hashHex(token));
  }

  /** Loads a static token file; throws with the line number on a malformed line. */
  loadFile(path: string): number {
    const lines = readFileSync(path, 'utf8').split('\n');
    let n = 0;
    lines.forEach((line, i) => {
      const t = line.trim();
      if (t === '' || t.startsWith('#')) return;
      const fields = parseCsvLine(t);
      if (fields.length < 3 || fields[0] === '' || fields[1] === '') {
        throw new Error(`${path}:${i + 1}: expected token,user,uid[,"group1,group2"]`);
      }
      const groups = fields[3] ? fields[3].split(',').map((g) => g.trim()).filter((g) => g !== '') : [];
      this.add(fields[0], { name: fields[1], groups });
      n++;
    });
    return n;
  }

  authenticate(token: string): UserInfo | undefined {
    const h = hashHex(token);
    const entry = this.byHash.get(h);
    if (!entry || !timingSafeEqual(entry.hash, Buffer.from(h, 'hex'))) return undefined;
    if (entry.expires !== undefined && entry.expires <= this.now()) {
      this.byHash.delete(h);
      return undefined;
    }
    return entry.user;
  }

  private add(token: string, user: UserInfo, expires?: number): void {
    const h = hashHex(token);
    this.byHash.set(h, { hash: Buffer.from(h, 'hex'), user, expires });
  }
}

function hashHex(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function parseCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '', quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') { cur += '"'; i++; }
      else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { out.push(cur.trim()); cur = ''; }
    else cur += ch;
  }
  out.push(cur.trim());
  return out;
}
