// The Workloads table's columns for a kind: name and namespace, live rollout progress, then the columns
// `kubectl get` shows for that kind (from the shared printers in api/), then age.
import type { Ref } from 'vue';
import { printerFor } from '@api/printers/table.js';
import type { ResourceType } from '@api/resources/registry.js';
import type { KubeObject } from '@api/types/meta.js';
import type { Column } from '../../components/table/data-table.js';
import { age, ageSeconds } from '../../util/format.js';
import { rolloutOf } from './rollout.js';

const cellCache = new WeakMap<KubeObject, string[]>();

export function workloadColumns(rt: ResourceType, now: Ref<number>): Column<KubeObject>[] {
  const printer = printerFor(rt);
  const cells = (o: KubeObject): string[] => {
    let c = cellCache.get(o);
    if (!c) {
      c = printer.cells(o, new Date(now.value)).map((x) => (x === null || x === undefined ? '' : String(x)));
      cellCache.set(o, c);
    }
    return c;
  };
  const hasProgress = rolloutOf({ apiVersion: '', kind: rt.kind, metadata: {} }) !== undefined;
  const printed: Column<KubeObject>[] = printer.columns
    .map((c, i) => ({ c, i }))
    // Name and Age are ours; "Ready" repeats the rollout bar's numbers.
    .filter(({ c }) => c.priority === 0 && c.name !== 'Name' && c.name !== 'Age' && !(hasProgress && c.name === 'Ready'))
    .map(({ c, i }) => ({
      key: c.name.toLowerCase().replace(/\W+/g, '-'),
      label: c.name,
      width: c.type === 'integer' ? '5.5rem' : 'minmax(6rem, 1fr)',
      align: c.type === 'integer' ? ('right' as const) : undefined,
      text: (o: KubeObject) => cells(o)[i],
      sortValue: c.type === 'integer' ? (o: KubeObject) => Number(cells(o)[i]) || 0 : undefined,
    }));
  const progress: Column<KubeObject>[] = hasProgress ? [{
    key: 'progress', label: rt.kind === 'Job' ? 'Progress' : 'Rollout', width: 'minmax(8rem, 1.2fr)',
    text: (o) => { const r = rolloutOf(o); return r ? `${r.ready}/${r.desired}` : ''; },
    sortValue: (o) => { const r = rolloutOf(o); return r && r.desired > 0 ? r.ready / r.desired : 0; },
  }] : [];
  return [
    { key: 'name', label: 'Name', width: 'minmax(11rem, 2fr)', text: (o) => o.metadata.name ?? '' },
    { key: 'namespace', label: 'Namespace', width: 'minmax(7rem, 1fr)', text: (o) => o.metadata.namespace ?? '' },
    ...progress,
    ...printed,
    { key: 'age', label: 'Age', width: '5rem', text: (o) => age(o.metadata.creationTimestamp, now.value), sortValue: (o) => ageSeconds(o.metadata.creationTimestamp, now.value) },
  ];
}
