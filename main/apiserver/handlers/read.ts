// GET of one object and LIST, as JSON, YAML or a Table.
import { apiVersionOfType } from '../../../api/resources/registry.js';
import { toTable } from '../../../api/printers/index.js';
import { listResources } from '../../registry/list.js';
import { negotiate } from '../negotiate.js';
import { includeObjectOf, intOf, resourceVersionOf } from '../query.js';
import { send } from '../respond.js';
import type { HandlerContext } from './context.js';

export function getObject(h: HandlerContext): void {
  const format = negotiate(h.req.headers.accept, { table: true });
  const obj = h.deps.registry.get(h.rt, h.info.namespace, h.info.name!);
  if (format === 'table') {
    const table = toTable(h.rt, [obj], h.deps.clock(), { includeObject: includeObjectOf(h.query) });
    table.metadata = { resourceVersion: obj.metadata.resourceVersion };
    send(h.res, 200, table, 'table');
    return;
  }
  send(h.res, 200, obj, format);
}

export function listObjects(h: HandlerContext): void {
  const format = negotiate(h.req.headers.accept, { table: true });
  const q = h.query;
  const page = listResources(h.deps.registry.deps.store, h.rt, h.info.namespace, {
    labelSelector: q.get('labelSelector') ?? undefined,
    fieldSelector: q.get('fieldSelector') ?? undefined,
    limit: intOf(q, 'limit'),
    continue: q.get('continue') ?? undefined,
    resourceVersion: resourceVersionOf(q),
    resourceVersionMatch: q.get('resourceVersionMatch') ?? undefined,
  });
  const metadata: Record<string, unknown> = { resourceVersion: page.resourceVersion };
  if (page.continue) metadata.continue = page.continue;
  if (page.remainingItemCount !== undefined) metadata.remainingItemCount = page.remainingItemCount;
  if (format === 'table') {
    const table = toTable(h.rt, page.items, h.deps.clock(), { includeObject: includeObjectOf(q) });
    table.metadata = metadata;
    send(h.res, 200, table, 'table');
    return;
  }
  send(h.res, 200, { kind: h.rt.listKind, apiVersion: apiVersionOfType(h.rt), metadata, items: page.items }, format);
}
