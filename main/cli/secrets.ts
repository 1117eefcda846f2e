// `skiff secrets rotate-key`: re-encrypts every Secret at rest under a new key and deletes the old ones.
// While `skiff serve` runs it holds LevelDB's lock, so the rotation goes through its API (as the
// admin of DIR/kubeconfig); when no server answers, the command opens the store itself.
import { existsSync } from 'node:fs';
import { request } from 'node:https';
import { join, resolve } from 'node:path';
import { isObject } from '../../api/types/meta.js';
import { loadKubeconfig, statusErrorFrom, type HttpCredentials } from '../../client/index.js';
import { ROTATE_KEY_PATH, type RotateKeyLine } from '../apiserver/secrets-key-rotation.js';
import { defaultDataDir } from '../paths.js';
import { openEncryptedStore } from '../store/encryption/index.js';
import { StoreLockedError, type ReencodeProgress } from '../store/index.js';
import { parseFlags, UsageError } from './args.js';

export const SECRETS_USAGE = `Usage: skiff secrets rotate-key [--data-dir DIR]

  rotate-key        make a new key current for Secrets at rest, re-encrypt every Secret under it,
                    then delete the old keys from DIR/secrets.key. Works while \`skiff serve\` runs
                    (through its API, as the admin in DIR/kubeconfig) and while it does not.
                    Interrupted, it leaves every Secret readable; run it again (or restart the
                    server, which finishes it).

  --data-dir DIR    the cluster's data directory (default: ${defaultDataDir()})`;

type Done = Extract<RotateKeyLine, { type: 'Done' }>;

/** The server did not answer at all (as opposed to answering with an error). */
class NoAnswerError extends Error {}

export async function secrets(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === 'help' || sub === '--help' || sub === '-h') {
    console.log(SECRETS_USAGE);
    return sub === undefined ? 2 : 0;
  }
  if (sub !== 'rotate-key') throw new UsageError(`unknown subcommand "${sub}"\n\n${SECRETS_USAGE}`);
  const { values } = parseFlags(rest, { 'data-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' } }, SECRETS_USAGE);
  if (values.help) {
    console.log(SECRETS_USAGE);
    return 0;
  }
  const dataDir = resolve(values['data-dir'] ?? defaultDataDir());
  if (!existsSync(join(dataDir, 'db'))) throw new Error(`${dataDir} holds no Skiff cluster (no db/ in it); pass --data-dir`);
  const done = await rotate(dataDir);
  const removed = done.removed.length > 0 ? `; deleted ${done.removed.map((id) => `"${id}"`).join(', ')}` : '';
  console.log(`Every Secret is now encrypted with key "${done.keyId}"${removed}.`);
  return 0;
}

async function rotate(dataDir: string): Promise<Done> {
  const kubeconfig = join(dataDir, 'kubeconfig');
  let noAnswer: NoAnswerError | undefined;
  if (existsSync(kubeconfig)) {
    const creds = loadKubeconfig(kubeconfig);
    try {
      const done = await rotateThroughApi(creds, () => console.log(`Rotating through the running server at ${creds.server}`));
      return done;
    } catch (err) {
      if (!(err instanceof NoAnswerError)) throw err;
      noAnswer = err;
    }
  }
  let opened;
  try {
    opened = await openEncryptedStore({ dataDir });
  } catch (err) {
    if (err instanceof StoreLockedError && noAnswer) throw new Error(`a skiff process holds ${dataDir}, but its API did not answer (${noAnswer.message}); retry once it serves`, { cause: err });
    throw err;
  }
  console.log(`Rotating in ${dataDir} (no server running)`);
  try {
    const result = await opened.keys.rotate(printProgress());
    return { type: 'Done', keyId: result.keyId, removed: result.removed, ...result.progress };
  } finally {
    await opened.store.close();
  }
}

/** Prints "re-encrypted N of M secrets, …" when the numbers change. */
function printProgress(): (p: ReencodeProgress) => void {
  let last = '';
  return (p) => {
    const line = `re-encrypted ${p.objects.done} of ${p.objects.total} secrets, ${p.records.done} of ${p.records.total} change-log records`;
    if (line !== last) console.log(line);
    last = line;
  };
}

function rotateThroughApi(creds: HttpCredentials, onConnected: () => void): Promise<Done> {
  const progress = printProgress();
  return new Promise<Done>((resolvePromise, reject) => {
    const req = request(new URL(ROTATE_KEY_PATH, creds.server), {
      method: 'POST',
      ca: creds.caPem,
      cert: creds.certPem,
      key: creds.keyPem,
      headers: { Accept: 'application/x-ndjson', 'Content-Length': 0, ...(creds.token ? { Authorization: `Bearer ${creds.token}` } : {}) },
    }, (res) => {
      let buf = '';
      res.setEncoding('utf8');
      if (res.statusCode !== 200) {
        res.on('data', (chunk: string) => { buf += chunk; });
        res.on('end', () => reject(statusErrorFrom(res.statusCode ?? 500, buf)));
        return;
      }
      onConnected();
      let done: Done | undefined;
      let failure: Error | undefined;
      const handle = (text: string): void => {
        const line = parseLine(text);
        if (line?.type === 'Progress') progress(line);
        else if (line?.type === 'Done') done = line;
        else if (line?.type === 'Error') failure = new Error(`the server's rotation failed: ${line.message} (every key is kept; run it again)`);
      };
      res.on('data', (chunk: string) => {
        buf += chunk;
        for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
          handle(buf.slice(0, nl));
          buf = buf.slice(nl + 1);
        }
      });
      res.on('end', () => {
        if (done) return resolvePromise(done);
        reject(failure ?? new Error('the server ended the rotation without a result; check its log, then run it again'));
      });
      res.on('error', reject);
    });
    req.on('error', (err: NodeJS.ErrnoException) => {
      reject(err.code === 'ECONNREFUSED' || err.code === 'EHOSTUNREACH' ? new NoAnswerError(`${creds.server}: ${err.code}`) : new Error(`cannot reach the server at ${creds.server}: ${err.message}`));
    });
    req.end();
  });
}

function parseLine(text: string): RotateKeyLine | undefined {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isObject(v) || typeof v.type !== 'string') return undefined;
  if (v.type === 'Error') return { type: 'Error', message: String(v.message) };
  const count = (c: unknown): { done: number; total: number } => (isObject(c) ? { done: Number(c.done), total: Number(c.total) } : { done: 0, total: 0 });
  const progress: ReencodeProgress = { objects: count(v.objects), records: count(v.records) };
  if (v.type === 'Progress') return { type: 'Progress', ...progress };
  if (v.type === 'Done' && typeof v.keyId === 'string') return { type: 'Done', keyId: v.keyId, removed: Array.isArray(v.removed) ? v.removed.map(String) : [], ...progress };
  return undefined;
}
