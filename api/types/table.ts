// meta.k8s.io/v1 Table, as `kubectl get` asks for it.
import type { ListMeta } from './meta.js';

export interface TableColumnDefinition {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  format: string;
  description: string;
  priority: number;
}

export type TableCell = string | number | boolean | null;

export interface TableRow {
  cells: TableCell[];
  object?: unknown;
  conditions?: { type: string; status: string; reason?: string; message?: string }[];
}

export interface Table {
  kind: 'Table';
  apiVersion: 'meta.k8s.io/v1';
  metadata: ListMeta;
  columnDefinitions: TableColumnDefinition[];
  rows: TableRow[];
}
