// Shared pieces of the per-kind printers: the printer shape, column definitions and the cells many kinds share.
import type { TableCell, TableColumnDefinition, TableRow } from '../types/table.js';
import type { KubeObject } from '../types/meta.js';
import { FIELD_DOCS, type FieldDoc } from './field-docs.js';
import { timestampSince } from './duration.js';

/** One kind's columns and how to fill them from an object. Cells follow `columns` one for one. */
export interface RowPrinter {
  columns: TableColumnDefinition[];
  cells(obj: KubeObject, now: Date): TableCell[];
  conditions?(obj: KubeObject): TableRow['conditions'];
}

type ColumnType = TableColumnDefinition['type'];

/** A column whose description is an API field's doc, or a literal text. */
export function column(name: string, type: ColumnType, description: FieldDoc | { text: string }, priority = 0): TableColumnDefinition {
  const text = typeof description === 'string' ? FIELD_DOCS[description] : description.text;
  return { name, type, format: '', description: text, priority };
}

export const NAME_COLUMN: TableColumnDefinition = { ...column('Name', 'string', 'ObjectMeta.name'), format: 'name' };
export const AGE_COLUMN = column('Age', 'string', 'ObjectMeta.creationTimestamp');
export const CONTAINERS_COLUMN = column('Containers', 'string', { text: 'Names of each container in the template.' }, 1);
export const IMAGES_COLUMN = column('Images', 'string', { text: 'Images referenced by each container in the template.' }, 1);

export function nameOf(obj: KubeObject): string {
  return obj.metadata.name ?? '';
}

export function ageOf(obj: KubeObject, now: Date): string {
  return timestampSince(obj.metadata.creationTimestamp, now);
}

/** layoutContainerCells: "web,sidecar" and "nginx:1.27,busybox". */
export function containerCells(containers: readonly { name: string; image?: string }[] | undefined): [string, string] {
  const list = containers ?? [];
  return [list.map((c) => c.name).join(','), list.map((c) => c.image ?? '').join(',')];
}

/** Objects reach the printers already validated and defaulted; this only names the kind's shape. */
export function as<T>(obj: KubeObject): T {
  return obj as unknown as T;
}

/** "a,b,c + 2 more..." (at most three shown); `empty` when there is nothing. */
export function listWithMore(items: string[], total: number, empty: string): string {
  if (total > items.length) return `${items.join(',')} + ${total - items.length} more...`;
  const text = items.join(',');
  return text === '' ? empty : text;
}
