// Helpers for printer tests: a fixed clock and timestamps relative to it.
import assert from 'node:assert/strict';
import { toTable } from '../../../../api/printers/table.js';
import type { KubeObject } from '../../../../api/types/meta.js';
import type { TableCell } from '../../../../api/types/table.js';

export const NOW = new Date('2025-03-01T12:00:00Z');

/** An RFC 3339 timestamp `seconds` before NOW. */
export function ago(seconds: number): string {
  return new Date(NOW.getTime() - seconds * 1000).toISOString().replace('.000Z', 'Z');
}

export const MIN = 60;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;

/** The one row's cells for an object, checked to line up with the columns. */
export function cells(group: string, resource: string, obj: KubeObject): TableCell[] {
  const table = toTable({ group, resource }, [obj], NOW);
  assert.equal(table.rows.length, 1);
  assert.equal(table.rows[0].cells.length, table.columnDefinitions.length, `${resource}: one cell per column`);
  return table.rows[0].cells;
}

export function columns(group: string, resource: string): [string, number][] {
  return toTable({ group, resource }, [], NOW).columnDefinitions.map((c) => [c.name, c.priority]);
}
