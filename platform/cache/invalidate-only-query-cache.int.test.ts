import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { acquireTestRedis } from '../../test/support/redis-server.js';
import { loadConfig } from '../config/config.js';
import { RedisResponseCacheStore } from '../response-cache/redis-response-cache-store.js';
import { createQueryCache } from './create-query-cache.js';

const redis = await acquireTestRedis();

describe.runIf(redis)('a subgraph query cache turned off, with Redis', () => {
  it('when a write invalidates, then it still bumps the tag in Redis, so the router entries carrying it are stale; and nothing is cached', async () => {
    const c = loadConfig({ CACHE_ENABLED: 'false', REDIS_URL: redis!.url, REDIS_KEY_PREFIX: redis!.keyPrefix });
    const cache = createQueryCache('stock', c);
    const router = new RedisResponseCacheStore({ url: redis!.url, keyPrefix: redis!.keyPrefix, timeoutMs: 500 });
    try {
      if (router.redis.status !== 'ready') await once(router.redis, 'ready');
      expect(cache.kind).toBe('off');
      const entry = { key: 'inventory:Query:public:x', value: '{"quantity":3}', tags: ['stock:location:s9'], ttlSeconds: 60 };
      expect(await router.writeMany([entry], await router.position())).toBe(1);
      await cache.ready();
      let reads = 0;
      const read = async () => ++reads;
      await cache.getOrCompute({ key: 'k', tags: ['stock:location:s9'], ttlSeconds: 60 }, read);
      await cache.getOrCompute({ key: 'k', tags: ['stock:location:s9'], ttlSeconds: 60 }, read);
      expect(reads).toBe(2);
      // The Redis cache behind it bumps once connected (its first connection resets the epoch, which stales everything anyway):
      // wait until it is, so what is checked is the bump of the tag itself.
      await waitUntilBumped(cache, router, entry);
    } finally {
      await cache.close();
      await router.close();
      await redis!.stop();
    }
  });
});

async function waitUntilBumped(
  cache: ReturnType<typeof createQueryCache>,
  router: RedisResponseCacheStore,
  entry: { key: string; value: string; tags: string[]; ttlSeconds: number },
): Promise<void> {
  // Store again after the epoch reset, then invalidate: the entry must go stale by the tag.
  for (let i = 0; i < 100; i++) {
    await new Promise((r) => setTimeout(r, 20));
    await router.writeMany([{ ...entry, tags: ['epoch', ...entry.tags] }], await router.position());
    if ((await router.readMany([entry.key]))[0] !== undefined) break;
  }
  expect(await router.readMany([entry.key])).toEqual([entry.value]);
  await cache.invalidate(['stock:location:s9']);
  expect(await router.readMany([entry.key])).toEqual([undefined]);
}
