// meta.k8s.io/v1 Table output for `kubectl get`, and kubectl's duration formatting.
export { toTable, printerFor, parseIncludeObject, type IncludeObject, type TableOptions } from './table.js';
export type { RowPrinter } from './columns.js';
export { humanDuration, shortHumanDuration, timestampSince } from './duration.js';
