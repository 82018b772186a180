import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import type { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { acquireTestRedis, startOwnRedisServer } from '../../test/support/redis-server.js';
import { cacheRedisClient } from './redis-cache-store.js';
import { RedisKeyValueCache } from './redis-key-value-cache.js';

const redis = await acquireTestRedis();

/** Cache clients fail commands until connected (no offline queue). */
async function connected(client: Redis): Promise<Redis> {
  if (client.status !== 'ready') await once(client, 'ready');
  return client;
}

if (redis) {
  describe('Redis key-value cache (the router’s persisted queries)', () => {
    const client = cacheRedisClient(redis.url, 1_000);
    afterAll(async () => {
      client.disconnect();
      await redis.stop();
    });

    it('when a value is set with a TTL, then it is read back under the prefix with that TTL, and is gone once deleted', async () => {
      await connected(client);
      const prefix = `${redis.keyPrefix}${randomUUID()}:`;
      const cache = new RedisKeyValueCache(client, prefix);
      await cache.set('apq:abc', '{ categories }', { ttl: 60 });
      expect(await cache.get('apq:abc')).toBe('{ categories }');
      expect(await client.get(`${prefix}apq:abc`)).toBe('{ categories }');
      const ttl = await client.ttl(`${prefix}apq:abc`);
      expect(ttl).toBeGreaterThan(50);
      expect(ttl).toBeLessThanOrEqual(60);
      expect(await cache.delete('apq:abc')).toBe(true);
      expect(await cache.get('apq:abc')).toBeUndefined();
    });

    it('when two routers share the Redis, then what one stored the other reads', async () => {
      const prefix = `${redis.keyPrefix}${randomUUID()}:`;
      const other = await connected(cacheRedisClient(redis.url, 1_000));
      try {
        await connected(client);
        await new RedisKeyValueCache(client, prefix).set('apq:shared', '{ stores { id } }', { ttl: 60 });
        expect(await new RedisKeyValueCache(other, prefix).get('apq:shared')).toBe('{ stores { id } }');
      } finally {
        other.disconnect();
      }
    });
  });

  describe('Redis key-value cache while Redis is down', () => {
    it('when Redis is unreachable, then reads are misses and writes are dropped, never errors', async () => {
      const own = await startOwnRedisServer();
      const client = await connected(cacheRedisClient(own.url, 200));
      try {
        const cache = new RedisKeyValueCache(client, 'down:');
        await cache.set('apq:x', 'kept', { ttl: 60 });
        expect(await cache.get('apq:x')).toBe('kept');
        await own.stop();
        expect(await cache.get('apq:x')).toBeUndefined();
        await expect(cache.set('apq:y', 'lost', { ttl: 60 })).resolves.toBeUndefined();
        expect(await cache.delete('apq:x')).toBe(false);
      } finally {
        client.disconnect();
        await own.stop();
      }
    });
  });
} else {
  console.warn('No Redis reachable (TEST_REDIS_URL, 127.0.0.1:6379, redis-server): the Redis key-value cache tests are not run');
}
