import { describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { effectScope, shallowRef } from 'vue';
import { pod } from '../../api/__tests__/fake-api.js';
import { useUiStore } from '../../stores/ui.js';
import { compileLabelFilter, useListFilter } from '../use-list-filter.js';

describe('list filter', () => {
  it('combines namespace, search words and a Kubernetes label selector', () => {
    setActivePinia(createPinia());
    const items = shallowRef([
      pod('web-1', '1'), pod('web-2', '2', { metadata: { name: 'web-2', namespace: 'shop', labels: { app: 'web', tier: 'front' } } }), pod('db-1', '3'),
    ]);
    const scope = effectScope();
    scope.run(() => {
      const { filter, rows, labelError } = useListFilter('test', items);
      const names = () => rows.value.map((p) => p.metadata.name);
      expect(names()).toEqual(['web-1', 'web-2', 'db-1']);
      filter.labels = 'app in (web),tier!=front';
      expect(names()).toEqual(['web-1']);
      filter.labels = '';
      filter.search = 'shop web';
      expect(names()).toEqual(['web-2']);
      filter.search = '';
      useUiStore().namespace = 'default';
      expect(names()).toEqual(['web-1', 'db-1']);
      filter.labels = 'app in (web';
      expect(labelError.value).not.toBe('');
    });
    scope.stop();
  });

  it('gives the API server\'s message for a bad selector', () => {
    expect(compileLabelFilter('a=(b').error).toMatch(/invalid|unable to parse|found/i);
    expect(compileLabelFilter('  ').selector).toBeUndefined();
  });
});
