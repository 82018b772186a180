import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOwnRedisServer, type OwnRedisServer } from '../../test/support/redis-server.js';
import { RedisResponseCacheStore } from './redis-response-cache-store.js';
import { ResponseCache } from './response-cache.js';

/** A Redis of our own that this test stops and starts (never the machine's). */
let redis: OwnRedisServer;
const open: ResponseCache[] = [];

beforeAll(async () => {
  redis = await startOwnRedisServer({ persistent: true });
});
afterAll(async () => {
  await Promise.all(open.map((c) => c.close()));
  await redis?.stop();
});

function routerCache(): ResponseCache {
  let cache: ResponseCache | undefined;
  const store = new RedisResponseCacheStore({ url: redis.url, keyPrefix: 'rc-outage:', timeoutMs: 100, onReady: () => cache?.distrust() });
  cache = new ResponseCache({ store, timeoutMs: 100, startsUntrusted: true });
  open.push(cache);
  return cache;
}

/** What a router does for one cacheable fetch: read, else ask the subgraph and store. */
async function fetchThrough(cache: ResponseCache, key: string, tags: string[], subgraph: () => string): Promise<string> {
  const { since, values } = await cache.lookup([key]);
  if (values[0] !== undefined) return values[0];
  const answer = subgraph();
  if (since !== undefined) await cache.write([{ key, value: answer, tags, ttlSeconds: 60 }], since);
  return answer;
}

describe('response cache when Redis fails', () => {
  it('when Redis stops and starts again while reads and writes go on, then no call fails, no answer is stale, and hits come back', async () => {
    const writer = routerCache();
    const reader = routerCache();
    expect(await writer.ready()).toBe(true);
    expect(await reader.ready()).toBe(true);
    let stock = 10;
    const subgraph = () => String(stock);
    const read = () => fetchThrough(reader, 'inventory:Store:public:s1', ['stock:location:s1'], subgraph);
    const write = async (quantity: number) => {
      stock = quantity;
      await writer.invalidate(['stock:location:s1']); // before the mutation answers
    };
    expect(await read()).toBe('10');
    expect(await read()).toBe('10');

    await redis.stop();
    await write(8); // its invalidation cannot reach Redis: no throw, the writer bypasses until reset
    expect(await read()).toBe('8');
    await write(7);
    expect(await read()).toBe('7');

    await redis.start(); // with the entry of before both writes (persistent)
    for (let i = 0; i < 20; i++) {
      expect(await read()).toBe(String(stock));
      if (i === 10) await write(6);
      await sleep(50);
    }
    await reader.ready();
    expect(await read()).toBe('6');
    const { since, values } = await reader.lookup(['inventory:Store:public:s1']);
    expect(since).toBeDefined();
    expect(values[0]).toBe('6');
  });
});
