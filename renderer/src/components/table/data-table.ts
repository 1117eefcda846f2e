// Columns and sorting of DataTable: one description per column, sort keys computed once per sort.

export interface Column<T> {
  key: string;
  label: string;
  /** CSS width ("9rem"); columns without one share the rest. */
  width?: string;
  /** The cell's text (a `cell-<key>` slot may draw it instead) and, unless sortValue is given, its sort key. */
  text: (row: T) => string;
  sortValue?: (row: T) => string | number;
  align?: 'right';
}

export interface SortState {
  key: string;
  dir: 1 | -1;
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

export function sortRows<T>(rows: readonly T[], columns: readonly Column<T>[], sort: SortState | undefined): readonly T[] {
  const col = sort && columns.find((c) => c.key === sort.key);
  if (!col || !sort) return rows;
  const get = col.sortValue ?? col.text;
  const keyed = rows.map((row, i) => ({ row, i, k: get(row) }));
  keyed.sort((a, b) => {
    let c: number;
    if (typeof a.k === 'number' && typeof b.k === 'number') c = a.k - b.k;
    else c = collator.compare(String(a.k), String(b.k));
    // Ties keep the incoming order, so equal rows do not jump around between updates.
    return c !== 0 ? c * sort.dir : a.i - b.i;
  });
  return keyed.map((x) => x.row);
}

export interface RowWindow {
  start: number;
  end: number;
  padTop: number;
  padBottom: number;
}

/** The rows to render for a scroll position: the visible ones plus `overscan` either side. */
export function visibleWindow(count: number, rowHeight: number, scrollTop: number, viewport: number, overscan = 8): RowWindow {
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const shown = Math.ceil(Math.max(viewport, rowHeight) / rowHeight) + 1;
  const start = Math.max(0, first - overscan);
  const end = Math.min(count, first + shown + overscan);
  return { start, end: Math.max(start, end), padTop: start * rowHeight, padBottom: Math.max(0, count - Math.max(start, end)) * rowHeight };
}
