import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOwnRedisServer, type OwnRedisServer } from '../../test/support/redis-server.js';
import { cacheCounts } from './cache-metrics.js';
import { StoreQueryCache } from './query-cache.js';
import { RedisCacheStore } from './redis-cache-store.js';

/** A Redis of our own that these tests stop, restart and slow down (never the machine's). */
let redis: OwnRedisServer;
const open: StoreQueryCache[] = [];

beforeAll(async () => {
  redis = await startOwnRedisServer({ persistent: true });
});
afterAll(async () => {
  await Promise.all(open.map((c) => c.close()));
  await redis?.stop();
});

function redisCache(name = `outage-${randomUUID()}`, timeoutMs = 100): StoreQueryCache {
  let cache: StoreQueryCache | undefined;
  const store = new RedisCacheStore({ url: redis.url, keyPrefix: 'outage:', timeoutMs, onReady: () => cache?.distrust() });
  cache = new StoreQueryCache({ name, store, timeoutMs, startsUntrusted: true });
  open.push(cache);
  return cache;
}

async function until(condition: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(50);
  }
}

describe('query cache when Redis fails', () => {
  it('when Redis is stopped, then every answer still comes, correct, from the database, no call fails, and errors are counted; once it is back the cache serves again by itself', async () => {
    const name = `down-${randomUUID()}`;
    const cache = redisCache(name);
    expect(await cache.ready()).toBe(true);
    let stock = 10;
    let reads = 0;
    const read = async () => (reads++, stock);
    const request = { key: 'store-stock', tags: ['store:1'], ttlSeconds: 60 };
    expect(await cache.getOrCompute(request, read)).toBe(10);

    await redis.stop();
    const errorsBefore = cacheCounts(name).error;
    stock = 8;
    await cache.invalidate(['store:1']); // the write's invalidation cannot reach Redis: no throw
    for (let i = 0; i < 5; i++) expect(await cache.getOrCompute(request, read)).toBe(8);
    stock = 7;
    await cache.invalidate(['store:1']);
    expect(await cache.getOrCompute(request, read)).toBe(7);
    expect(cacheCounts(name).error + cacheCounts(name).bypass - errorsBefore).toBeGreaterThan(0);

    await redis.start();
    await until(async () => {
      const hitsBefore = cacheCounts(name).hit;
      await cache.getOrCompute(request, read);
      await cache.getOrCompute(request, read);
      return cacheCounts(name).hit > hitsBefore;
    });
    expect(await cache.getOrCompute(request, read)).toBe(7);
  });

  it('when Redis comes back with data from before an invalidation it missed, then neither the writer nor another process gets the old answer', async () => {
    const name = `shared-${randomUUID()}`; // two processes of one subgraph: same cache name
    const writer = redisCache(name);
    const other = redisCache(name);
    await Promise.all([writer.ready(), other.ready()]);
    let price = '1.00';
    const read = async () => price;
    const request = { key: `product-${randomUUID()}`, tags: ['product:9'], ttlSeconds: 600 };
    expect(await writer.getOrCompute(request, read)).toBe('1.00');
    expect(await other.getOrCompute(request, async () => 'other computed')).toBe('1.00'); // shared entry

    await redis.stop();
    price = '2.00';
    await writer.invalidate(['product:9']); // lost: Redis is down
    await redis.start(); // persistent: comes back with the old version and the old entry

    await until(async () => (await writer.ready(1)) && (await other.ready(1)));
    expect(await writer.getOrCompute(request, read)).toBe('2.00');
    expect(await other.getOrCompute(request, read)).toBe('2.00');
  });

  it('when Redis is slow, then answers come from the database within about the cache timeout instead of waiting for it', async () => {
    const cache = redisCache(`slow-${randomUUID()}`, 100);
    expect(await cache.ready()).toBe(true);
    const request = { key: 'dashboard', tags: ['sales:day:2026-11-01'], ttlSeconds: 60 };
    await cache.getOrCompute(request, async () => 'cached');
    await redis.freeze(1_500);
    const started = Date.now();
    expect(await cache.getOrCompute(request, async () => 'from the database')).toBe('from the database');
    expect(Date.now() - started).toBeLessThan(700);
    await cache.invalidate(['sales:day:2026-11-01']); // times out: the cache distrusts itself until it has reset
    expect(await cache.getOrCompute(request, async () => 'fresh')).toBe('fresh');
    await sleep(1_600);
    expect(await cache.ready(10_000)).toBe(true);
    expect(await cache.getOrCompute(request, async () => 'fresh again')).toBe('fresh again');
    expect(await cache.getOrCompute(request, async () => 'not used')).toBe('fresh again');
  });
});
