// WATCH: a long-lived chunked response of {"type","object"} lines. Too old a resourceVersion is an
// in-stream ERROR with a 410 Status (what informers expect); bookmarks when asked for; the stream ends
// after timeoutSeconds (or a random 30–60 minutes), on client disconnect, or at shutdown.
import { apiVersionOfType } from '../../../api/resources/registry.js';
import { toStatus, GoneError } from '../../../api/errors/status-error.js';
import { toTable } from '../../../api/printers/index.js';
import type { KubeObject } from '../../../api/types/meta.js';
import { CompactedError } from '../../store/index.js';
import { watchResources, type RegistryWatchEvent } from '../../registry/watch.js';
import { negotiate } from '../negotiate.js';
import { boolOf, includeObjectOf, intOf, resourceVersionOf } from '../query.js';
import { contentTypeOf } from '../respond.js';
import type { HandlerContext } from './context.js';

/** A slow reader that lets this much pile up is cut off (the real apiserver drops slow watchers too). */
const MAX_BUFFERED_BYTES = 32 * 1024 * 1024;

export function watchObjects(h: HandlerContext): void {
  const format = negotiate(h.req.headers.accept, { table: true });
  const q = h.query;
  const bookmarks = boolOf(q, 'allowWatchBookmarks');
  const sendInitial = q.get('sendInitialEvents') === 'true';
  const includeObject = includeObjectOf(q);
  const timeout = intOf(q, 'timeoutSeconds');
  const { min, max } = h.deps.watchTimeoutSeconds;
  const seconds = timeout !== undefined && timeout > 0 ? timeout : min + Math.random() * (max - min);
  let rv = resourceVersionOf(q);
  if (sendInitial) rv = undefined;

  const res = h.res;
  res.writeHead(200, { 'Content-Type': format === 'table' ? contentTypeOf('table') : 'application/json', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
  res.flushHeaders();
  let sentColumns = false;
  let lastRevision = 0;
  let ended = false;

  const write = (line: object): void => {
    if (ended) return;
    res.write(JSON.stringify(line) + '\n');
    if (res.writableLength > MAX_BUFFERED_BYTES) end();
  };
  const encode = (obj: KubeObject): unknown => {
    if (format !== 'table') return obj;
    const table = toTable(h.rt, [obj], h.deps.clock(), { includeObject });
    table.metadata = { resourceVersion: obj.metadata.resourceVersion };
    if (sentColumns) table.columnDefinitions = [];
    sentColumns = true;
    return table;
  };
  const onEvent = (e: RegistryWatchEvent): void => {
    lastRevision = Math.max(lastRevision, Number(e.object.metadata.resourceVersion ?? 0));
    write({ type: e.type, object: encode(e.object) });
  };
  const bookmark = (annotations?: Record<string, string>): void => {
    const revision = Math.max(lastRevision, h.deps.registry.deps.store.revision);
    const metadata: Record<string, unknown> = { resourceVersion: String(revision) };
    if (annotations) metadata.annotations = annotations;
    write({ type: 'BOOKMARK', object: { kind: h.rt.kind, apiVersion: apiVersionOfType(h.rt), metadata } });
  };

  let cancel: (() => void) | undefined;
  const timers: NodeJS.Timeout[] = [];
  const untrack = h.deps.streams.add(() => end());
  function end(): void {
    if (ended) return;
    ended = true;
    cancel?.();
    for (const t of timers) clearTimeout(t);
    untrack();
    res.end();
  }
  h.req.on('close', end);
  res.on('error', end);

  try {
    const { subscription, startRevision } = watchResources(h.deps.registry.deps.store, h.rt, h.info.namespace, {
      labelSelector: q.get('labelSelector') ?? undefined,
      fieldSelector: q.get('fieldSelector') ?? undefined,
      resourceVersion: rv,
    }, onEvent, (err) => {
      h.deps.log.error({ err, url: h.req.url }, 'watch stream failed; closing it');
      end();
    });
    cancel = () => subscription.cancel();
    lastRevision = Math.max(lastRevision, startRevision);
  } catch (err) {
    const e = err instanceof CompactedError ? new GoneError(err.message) : err;
    write({ type: 'ERROR', object: toStatus(e) });
    end();
    return;
  }
  if (sendInitial && bookmarks) bookmark({ 'k8s.io/initial-events-end': 'true' });
  timers.push(setTimeout(end, seconds * 1000));
  if (bookmarks) {
    const tick = (): void => {
      bookmark();
      timers.push(setTimeout(tick, h.deps.bookmarkIntervalMs));
    };
    timers.push(setTimeout(tick, h.deps.bookmarkIntervalMs));
  }
}
