import { describe, expect, it } from 'vitest';
import { registry } from '../metrics/registry.js';
import { tagFamily } from './cache-metrics.js';
import { InMemoryCacheStore } from './in-memory-cache-store.js';
import { EPOCH_TAG, StoreQueryCache } from './query-cache.js';

/** cache_invalidations_total by origin and family, as /metrics shows it. */
async function invalidations(): Promise<Record<string, number>> {
  const metric = await registry.getSingleMetric('cache_invalidations_total')!.get();
  return Object.fromEntries(metric.values.map((v) => [`${v.labels.origin} ${v.labels.family}`, v.value]));
}

describe('invalidations on /metrics', () => {
  it('when a tag names an id, then its family is the kind before the id; tags without one are their own family', () => {
    expect(tagFamily('stock:location:51000000-0000-4000-8000-000000000001')).toBe('stock:location');
    expect(tagFamily('stock:level:a:b')).toBe('stock:level');
    expect(tagFamily('sales:all')).toBe('sales:all');
    expect(tagFamily(EPOCH_TAG)).toBe(EPOCH_TAG);
  });

  it('when a write bumps tags and a cache resets its epoch, then each tag is counted once by family, as a write or a reset', async () => {
    const before = await invalidations();
    const cache = new StoreQueryCache({ name: 'metrics', store: new InMemoryCacheStore({ maxBytes: 1_000_000 }), timeoutMs: 100 });
    await cache.invalidate(['stock:location:s1', 'stock:location:s2', 'stock:location:s1', 'sales:all']);
    cache.distrust();
    await cache.ready(1_000);
    const after = await invalidations();
    const moved = (key: string) => (after[key] ?? 0) - (before[key] ?? 0);
    expect({ location: moved('write stock:location'), sales: moved('write sales:all'), reset: moved(`reset ${EPOCH_TAG}`) }).toEqual({ location: 2, sales: 1, reset: 1 });
  });
});
