import { describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import DataTable from '../DataTable.vue';
import type { Column } from '../data-table.js';

interface Row { name: string; n: number }
const rows: Row[] = Array.from({ length: 1000 }, (_, i) => ({ name: `pod-${i}`, n: (i * 7) % 1000 }));
const columns: Column<Row>[] = [
  { key: 'name', label: 'Name', text: (r) => r.name },
  { key: 'n', label: 'N', text: (r) => String(r.n), sortValue: (r) => r.n },
];

describe('DataTable', () => {
  it('renders only the rows in view of 1,000', () => {
    const w = mount(DataTable<Row>, { props: { rows, columns, rowKey: (r: Row) => r.name, label: 'Pods' } });
    const rendered = w.findAll('.dt-row');
    expect(rendered.length).toBeGreaterThan(10);
    expect(rendered.length).toBeLessThan(60);
    // Natural order: pod-2 before pod-10.
    expect(rendered.slice(0, 3).map((r) => r.attributes('data-key'))).toEqual(['pod-0', 'pod-1', 'pod-2']);
  });

  it('sorts by a column on click, numerically, and reverses on a second click', async () => {
    const w = mount(DataTable<Row>, { props: { rows, columns, rowKey: (r: Row) => r.name, label: 'Pods' } });
    const header = w.findAll('.dt-th')[1];
    await header.trigger('click');
    expect(w.find('.dt-row .col-n').text()).toBe('0');
    await header.trigger('click');
    expect(w.find('.dt-row .col-n').text()).toBe('999');
    expect(header.attributes('aria-sort')).toBe('descending');
  });

  it('moves the selection with j/k and arrows', async () => {
    const w = mount(DataTable<Row>, { props: { rows: rows.slice(0, 5), columns, rowKey: (r: Row) => r.name, label: 'Pods', selected: 'pod-1' } });
    await w.trigger('keydown', { key: 'j' });
    await w.trigger('keydown', { key: 'ArrowUp' });
    const picked = (w.emitted('select') ?? []).map((args) => (args[0] as Row).name);
    expect(picked).toEqual(['pod-2', 'pod-0']);
  });
});
