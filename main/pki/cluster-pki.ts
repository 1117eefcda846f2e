// The control plane's PKI on disk (DIR/pki): created on first start, reused on restart, leaves re-issued when
// they stop fitting (expiring, wrong CA, a listen address they do not cover).
import { createPrivateKey } from 'node:crypto';
import { chmod, mkdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { caPin, createCa, loadCa, parseCertificate, type CertificateAuthority } from './ca.js';
import { PkiFileError } from './errors.js';
import { issueClientCert, issueServingCert, type IssuedKeyPair } from './issue.js';
import { publicKeyDerOf } from './keys.js';
import { defaultServingHosts, isWildcardHost, uncoveredHosts } from './serving-names.js';
import { writeFileAtomic, ensurePrivateDir } from './atomic-write.js';
import { daysToMs } from './validity.js';
import type { x509 } from './x509.js';

export const ADMIN_USER = 'skiff-admin';
export const ADMIN_GROUPS = ['system:masters'];
const RENEW_BEFORE_DAYS = 30;

export interface PkiLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface ClusterPkiOptions {
  /** Host the API server listens on; the serving cert must cover it unless it is 0.0.0.0 or ::. */
  listenHost?: string;
  /** More DNS names or IPs for the serving cert, e.g. from the command line. */
  extraHosts?: string[];
  /** Replaces defaultServingHosts() (localhost, hostname, loopback and interface addresses). */
  hosts?: string[];
  servingValidityDays?: number;
  adminValidityDays?: number;
  logger?: PkiLogger;
}

export interface PkiPaths {
  dir: string;
  caCert: string;
  caKey: string;
  servingCert: string;
  servingKey: string;
  adminCert: string;
  adminKey: string;
}

export interface ClusterPki {
  paths: PkiPaths;
  ca: CertificateAuthority;
  caCertPem: string;
  caKeyPem: string;
  serving: IssuedKeyPair;
  admin: IssuedKeyPair;
  /** `sha256:<hex>` of the CA's SubjectPublicKeyInfo, for `skiff agent pair --ca-pin`. */
  pin: string;
  /** What this call wrote, e.g. to know the admin kubeconfig needs rewriting. */
  written: { ca: boolean; serving: boolean; admin: boolean };
}

export function pkiPaths(dataDir: string): PkiPaths {
  const dir = join(dataDir, 'pki');
  return {
    dir,
    caCert: join(dir, 'ca.crt'), caKey: join(dir, 'ca.key'),
    servingCert: join(dir, 'apiserver.crt'), servingKey: join(dir, 'apiserver.key'),
    adminCert: join(dir, 'admin.crt'), adminKey: join(dir, 'admin.key'),
  };
}

export async function loadOrCreateClusterPki(dataDir: string, opts: ClusterPkiOptions = {}): Promise<ClusterPki> {
  const started = Date.now();
  const paths = pkiPaths(dataDir);
  await mkdir(dataDir, { recursive: true, mode: 0o700 }); // an existing data dir keeps its mode
  await ensurePrivateDir(paths.dir);

  const caFiles = await readPair(paths.caCert, paths.caKey, opts.logger);
  let ca: CertificateAuthority;
  if (caFiles) {
    ca = await loadCaFiles(paths, caFiles);
  } else {
    ca = await createCa();
    await writePair(paths.caCert, paths.caKey, ca); // key first: a crash leaves ca.key alone, which loading reports
  }

  const wantedHosts = [...(opts.hosts ?? defaultServingHosts()), ...(opts.extraHosts ?? [])];
  if (opts.listenHost && !isWildcardHost(opts.listenHost)) wantedHosts.push(opts.listenHost);
  const serving = await loadOrIssueLeaf(ca, paths.servingCert, paths.servingKey, opts.logger,
    (cert) => {
      const missing = uncoveredHosts(cert, wantedHosts);
      return missing.length ? `does not cover ${missing.join(', ')}` : null;
    },
    () => issueServingCert(ca, { hosts: wantedHosts, validityDays: opts.servingValidityDays }));
  const admin = await loadOrIssueLeaf(ca, paths.adminCert, paths.adminKey, opts.logger,
    (cert) => {
      const cn = cert.subjectName.getField('CN');
      const groups = cert.subjectName.getField('O');
      const ok = cn.length === 1 && cn[0] === ADMIN_USER && ADMIN_GROUPS.every((g) => groups.includes(g));
      return ok ? null : `subject is ${cert.subject}, not CN=${ADMIN_USER} with O=${ADMIN_GROUPS.join(',')}`;
    },
    () => issueClientCert(ca, { commonName: ADMIN_USER, organizations: ADMIN_GROUPS, validityDays: opts.adminValidityDays }));

  const written = { ca: !caFiles, serving: serving.written, admin: admin.written };
  const pin = caPin(ca.certPem);
  opts.logger?.info({ dir: paths.dir, written, pin, durationMs: Date.now() - started }, 'cluster PKI ready');
  return { paths, ca, caCertPem: ca.certPem, caKeyPem: ca.keyPem, serving: serving.pair, admin: admin.pair, pin, written };
}

const CA_FIX = 'Restore it from a backup, or delete ca.crt and ca.key to create a new cluster CA '
  + '(every kubeconfig and paired node made with the old CA then stops working and must be re-issued or re-paired).';

async function loadCaFiles(paths: PkiPaths, files: IssuedKeyPair): Promise<CertificateAuthority> {
  try {
    parseCertificate(files.certPem);
  } catch (err) {
    throw new PkiFileError(paths.caCert, `${paths.caCert} is not a readable certificate (${message(err)}). ${CA_FIX}`, { cause: err });
  }
  try {
    createPrivateKey(files.keyPem);
  } catch (err) {
    throw new PkiFileError(paths.caKey, `${paths.caKey} is not a readable private key, it may be truncated or corrupted (${message(err)}). ${CA_FIX}`, { cause: err });
  }
  try {
    return await loadCa(files.certPem, files.keyPem);
  } catch (err) {
    throw new PkiFileError(paths.caKey, `${paths.caCert} and ${paths.caKey} cannot be used as the cluster CA: ${message(err)}. ${CA_FIX}`, { cause: err });
  }
}

/** Loads a leaf pair, or issues a new one when absent or no longer fit; corrupted files are an error, not replaced. */
async function loadOrIssueLeaf(
  ca: CertificateAuthority, certPath: string, keyPath: string, logger: PkiLogger | undefined,
  unfit: (cert: x509.X509Certificate) => string | null, issue: () => Promise<IssuedKeyPair>,
): Promise<{ pair: IssuedKeyPair; written: boolean }> {
  const files = await readPair(certPath, keyPath, logger, true);
  const reason = files ? await leafUnfitReason(ca, certPath, keyPath, files, unfit) : 'missing';
  if (files && !reason) return { pair: files, written: false };
  const pair = await issue();
  await writePair(certPath, keyPath, pair);
  logger?.info({ cert: certPath, reason }, 'issued certificate');
  return { pair, written: true };
}

async function leafUnfitReason(
  ca: CertificateAuthority, certPath: string, keyPath: string, files: IssuedKeyPair,
  unfit: (cert: x509.X509Certificate) => string | null,
): Promise<string | null> {
  const fix = `Delete ${certPath} and ${keyPath} and start again to issue new ones.`;
  let cert: x509.X509Certificate;
  try {
    cert = parseCertificate(files.certPem);
  } catch (err) {
    throw new PkiFileError(certPath, `${certPath} is not a readable certificate (${message(err)}). ${fix}`, { cause: err });
  }
  let keyDer: Buffer;
  try {
    keyDer = publicKeyDerOf(files.keyPem);
  } catch (err) {
    throw new PkiFileError(keyPath, `${keyPath} is not a readable private key, it may be truncated or corrupted (${message(err)}). ${fix}`, { cause: err });
  }
  if (!Buffer.from(cert.publicKey.rawData).equals(keyDer)) return 'key does not match certificate';
  if (!(await cert.verify({ publicKey: ca.cert.publicKey, signatureOnly: true }).catch(() => false))) {
    return 'not signed by the current cluster CA';
  }
  if (cert.notAfter.getTime() - Date.now() < daysToMs(RENEW_BEFORE_DAYS)) return `expires ${cert.notAfter.toISOString()}`;
  return unfit(cert);
}

/**
 * Reads a cert/key pair: null when neither exists. A CA with one half missing is an error; a leaf with one half
 * missing is re-issued (`leaf`), since someone deleting apiserver.crt means "make me a new one".
 */
async function readPair(certPath: string, keyPath: string, logger: PkiLogger | undefined, leaf = false): Promise<IssuedKeyPair | null> {
  const certPem = await readIfExists(certPath);
  const keyPem = await readIfExists(keyPath);
  if (certPem === null && keyPem === null) return null;
  if (certPem === null || keyPem === null) {
    if (leaf) return null;
    const [have, lack] = certPem === null ? [keyPath, certPath] : [certPath, keyPath];
    throw new PkiFileError(lack, `${have} exists but ${lack} is missing. If a first start was interrupted, delete ${have}; otherwise ${CA_FIX}`);
  }
  await tightenKeyMode(keyPath, logger);
  return { certPem, keyPem };
}

async function readIfExists(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new PkiFileError(path, `cannot read ${path}: ${message(err)}. Check its owner and permissions.`, { cause: err });
  }
}

async function tightenKeyMode(keyPath: string, logger: PkiLogger | undefined): Promise<void> {
  if (process.platform === 'win32') return;
  const mode = (await stat(keyPath)).mode & 0o777;
  if (mode & 0o077) {
    await chmod(keyPath, 0o600);
    logger?.warn({ path: keyPath, mode: mode.toString(8) }, 'private key was readable by others; set its mode to 0600');
  }
}

async function writePair(certPath: string, keyPath: string, pair: IssuedKeyPair): Promise<void> {
  await writeFileAtomic(keyPath, pair.keyPem, 0o600);
  await writeFileAtomic(certPath, pair.certPem, 0o644);
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
