import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { acquireTestRedis } from '../../test/support/redis-server.js';
import { InMemoryCacheStore } from './in-memory-cache-store.js';
import { queryCacheContract } from './query-cache.contract.js';
import { StoreQueryCache } from './query-cache.js';
import { RedisCacheStore } from './redis-cache-store.js';

queryCacheContract('in-process LRU', async () => {
  const name = `lru-${randomUUID()}`;
  const cache = new StoreQueryCache({ name, store: new InMemoryCacheStore({ maxBytes: 10_000_000 }), timeoutMs: 100 });
  return { cache, name, close: () => cache.close() };
});

const redis = await acquireTestRedis();
if (redis) {
  queryCacheContract(`Redis (${redis.url})`, async () => {
    const name = `redis-${randomUUID()}`;
    let cache: StoreQueryCache | undefined;
    const store = new RedisCacheStore({ url: redis.url, keyPrefix: redis.keyPrefix, timeoutMs: 500, onReady: () => cache?.distrust() });
    cache = new StoreQueryCache({ name, store, timeoutMs: 500, startsUntrusted: true });
    return {
      cache,
      name,
      close: async () => {
        await cache!.close();
        await redis.stop();
      },
    };
  });
} else {
  console.warn('No Redis reachable (TEST_REDIS_URL, 127.0.0.1:6379, redis-server): the Redis variant of the QueryCache contract is not run');
}

describe('in-process LRU bounds', () => {
  it('when more is cached than its memory bound, then the least recently used entries go and the total stays under the bound', async () => {
    const store = new InMemoryCacheStore({ maxBytes: 50_000 });
    const cache = new StoreQueryCache({ name: 'bounded', store, timeoutMs: 100 });
    const big = 'x'.repeat(2_000);
    for (let i = 0; i < 100; i++) await cache.getOrCompute({ key: `k${i}`, tags: [], ttlSeconds: 60 }, async () => big);
    expect(store.size.bytes).toBeLessThanOrEqual(50_000);
    expect(store.size.entries).toBeLessThan(100);
    let recomputed = false;
    await cache.getOrCompute({ key: 'k0', tags: [], ttlSeconds: 60 }, async () => ((recomputed = true), big));
    expect(recomputed).toBe(true);
  });
});
