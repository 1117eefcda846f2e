// meta.k8s.io/v1 Table for `kubectl get`: the server picks the columns per resource and fills the cells; kubectl
// shows priority-0 columns, and the rest with `-o wide`. Every column is always sent, as kube-apiserver does.
import { BadRequestError } from '../errors/status-error.js';
import { goQuote } from '../validation/go-format.js';
import type { ResourceType } from '../resources/registry.js';
import type { KubeObject } from '../types/meta.js';
import type { Table, TableRow } from '../types/table.js';
import { cronJobPrinter, controllerRevisionPrinter, daemonSetPrinter, deploymentPrinter, jobPrinter, replicaSetPrinter, replicationControllerPrinter } from './workloads.js';
import { endpointSlicePrinter, endpointsPrinter, servicePrinter } from './network.js';
import { eventPrinter, leasePrinter, namespacePrinter, nodePrinter } from './cluster.js';
import { configMapPrinter, secretPrinter, serviceAccountPrinter } from './config.js';
import { podPrinter } from './pod.js';
import { AGE_COLUMN, NAME_COLUMN, ageOf, nameOf, type RowPrinter } from './columns.js';

/** What each row carries besides its cells (`?includeObject=`). */
export type IncludeObject = 'None' | 'Metadata' | 'Object';

export interface TableOptions {
  /** Default "Metadata": a PartialObjectMetadata, which `-A`, `--show-labels` and `-L` read. */
  includeObject?: IncludeObject;
}

const PRINTERS: Record<string, RowPrinter> = {
  '/pods': podPrinter,
  '/services': servicePrinter,
  '/replicationcontrollers': replicationControllerPrinter,
  '/nodes': nodePrinter,
  '/namespaces': namespacePrinter,
  '/secrets': secretPrinter,
  '/configmaps': configMapPrinter,
  '/serviceaccounts': serviceAccountPrinter,
  '/endpoints': endpointsPrinter,
  '/events': eventPrinter,
  'apps/replicasets': replicaSetPrinter,
  'apps/deployments': deploymentPrinter,
  'apps/daemonsets': daemonSetPrinter,
  'apps/controllerrevisions': controllerRevisionPrinter,
  'batch/jobs': jobPrinter,
  'batch/cronjobs': cronJobPrinter,
  'coordination.k8s.io/leases': leasePrinter,
  'discovery.k8s.io/endpointslices': endpointSlicePrinter,
};

/** Any other kind: name and age. */
const DEFAULT_PRINTER: RowPrinter = {
  columns: [NAME_COLUMN, AGE_COLUMN],
  cells: (obj, now) => [nameOf(obj), ageOf(obj, now)],
};

export function printerFor(type: Pick<ResourceType, 'group' | 'resource'>): RowPrinter {
  return PRINTERS[`${type.group}/${type.resource}`] ?? DEFAULT_PRINTER;
}

/** Reads `?includeObject=`; an unknown value is a 400 with kube-apiserver's message. */
export function parseIncludeObject(value: string | undefined | null): IncludeObject {
  if (value === undefined || value === null || value === '') return 'Metadata';
  if (value === 'None' || value === 'Metadata' || value === 'Object') return value;
  throw new BadRequestError(`unrecognized includeObject value: ${goQuote(value)}`);
}

function rowObject(obj: KubeObject, include: IncludeObject): unknown {
  switch (include) {
    case 'None': return null;
    case 'Object': return obj;
    case 'Metadata': return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata };
  }
}

/**
 * The Table kube-apiserver returns for these objects of one resource type, at time `now` (ages are relative to it).
 * `metadata` is left empty for the caller to fill (resourceVersion, continue).
 */
export function toTable(type: Pick<ResourceType, 'group' | 'resource'>, objects: readonly KubeObject[], now: Date, options: TableOptions = {}): Table {
  const printer = printerFor(type);
  const include = options.includeObject ?? 'Metadata';
  const rows = objects.map((obj): TableRow => {
    const row: TableRow = { cells: printer.cells(obj, now), object: rowObject(obj, include) };
    const conditions = printer.conditions?.(obj);
    if (conditions) row.conditions = conditions;
    return row;
  });
  return { kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata: {}, columnDefinitions: printer.columns, rows };
}
