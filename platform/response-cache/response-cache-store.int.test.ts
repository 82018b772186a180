import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { acquireTestRedis } from '../../test/support/redis-server.js';
import { RedisCacheStore } from '../cache/redis-cache-store.js';
import { InMemoryResponseCacheStore } from './in-memory-response-cache-store.js';
import { RedisResponseCacheStore } from './redis-response-cache-store.js';
import { responseCacheStoreContract } from './response-cache-store.contract.js';

responseCacheStoreContract('in-process LRU', async () => {
  const store = new InMemoryResponseCacheStore({ maxBytes: 10_000_000 });
  return { store, close: () => store.close() };
});

/** Cache connections fail commands until connected (no offline queue). */
async function connected<T extends { redis: { status: string } & NodeJS.EventEmitter }>(store: T): Promise<T> {
  if (store.redis.status !== 'ready') await once(store.redis, 'ready');
  return store;
}

const redis = await acquireTestRedis();
if (redis) {
  responseCacheStoreContract(`Redis (${redis.url})`, async () => {
    const store = await connected(new RedisResponseCacheStore({ url: redis.url, keyPrefix: redis.keyPrefix, timeoutMs: 500 }));
    return { store, close: () => store.close() };
  });

  describe('response cache and the subgraph query caches in one Redis', () => {
    it('when a subgraph bumps a tag of its query cache, then the router entries stored with that tag are stale too', async () => {
      const own = await acquireTestRedis();
      const router = await connected(new RedisResponseCacheStore({ url: own!.url, keyPrefix: own!.keyPrefix, timeoutMs: 500 }));
      const subgraph = await connected(new RedisCacheStore({ url: own!.url, keyPrefix: own!.keyPrefix, timeoutMs: 500 }));
      try {
        const entry = { key: 'inventory:Store:public:x', value: '{"quantity":5}', tags: ['stock:location:s1'], ttlSeconds: 60 };
        expect(await router.writeMany([entry], await router.position())).toBe(1);
        expect(await router.readMany([entry.key])).toEqual([entry.value]);
        await subgraph.bump(['stock:location:s1']);
        expect(await router.readMany([entry.key])).toEqual([undefined]);
      } finally {
        await Promise.all([router.close(), subgraph.close()]);
        await own!.stop();
      }
    });
  });
} else {
  console.warn('No Redis reachable (TEST_REDIS_URL, 127.0.0.1:6379, redis-server): the Redis variant of the ResponseCacheStore contract is not run');
}

describe('in-process response cache bounds', () => {
  it('when more is stored than its memory bound, then the least recently used entries go and the total stays under it', async () => {
    const store = new InMemoryResponseCacheStore({ maxBytes: 50_000 });
    const big = 'x'.repeat(2_000);
    const entries = Array.from({ length: 100 }, (_, i) => ({ key: `k${i}`, value: big, tags: [], ttlSeconds: 60 }));
    expect(await store.writeMany(entries, await store.position())).toBe(100);
    expect(store.size.bytes).toBeLessThanOrEqual(50_000);
    expect(await store.readMany(['k0', 'k99'])).toEqual([undefined, big]);
  });
});
