import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cacheCounts } from './cache-metrics.js';
import type { QueryCache } from './query-cache.js';

export interface CacheUnderTest {
  cache: QueryCache;
  /** Metrics name the cache counts under. */
  name: string;
  close(): Promise<void>;
}

/** A pretend table: what a query would read, and how often it was read. */
function source<T>(initial: T) {
  let value = initial;
  let reads = 0;
  return {
    set(next: T) {
      value = next;
    },
    read: async () => {
      reads++;
      await sleep(5);
      return structuredClone(value);
    },
    get reads() {
      return reads;
    },
  };
}

/**
 * The behaviour every QueryCache over a store must have. Run against each
 * store (Redis, in-process LRU) with its own factory.
 */
export function queryCacheContract(label: string, create: () => Promise<CacheUnderTest>): void {
  describe(`QueryCache contract: ${label}`, () => {
    let subject: CacheUnderTest;
    let cache: QueryCache;
    beforeAll(async () => {
      subject = await create();
      cache = subject.cache;
      // A Redis cache resets its epoch once connected before it serves anything.
      expect(await cache.ready()).toBe(true);
    });
    afterAll(async () => {
      await subject?.close();
    });
    const key = () => randomUUID();

    it('when the same query is asked twice, then the second answer comes from the cache, equal to the first (dates included)', async () => {
      const table = source({ quantity: 7, updatedAt: new Date('2026-11-01T10:00:00.123Z'), price: '12.50', tags: ['a'] });
      const request = { key: key(), tags: ['store:1'], ttlSeconds: 60 };
      const first = await cache.getOrCompute(request, table.read);
      const second = await cache.getOrCompute(request, table.read);
      expect(table.reads).toBe(1);
      expect(second).toEqual(first);
      expect(second.updatedAt).toBeInstanceOf(Date);
    });

    it('when a write invalidates a tag, then the next read sees the write, while entries with other tags stay cached', async () => {
      const tag = `store:${randomUUID()}`;
      const stock = source(10);
      const other = source('untouched');
      const request = { key: key(), tags: [tag, 'product:1'], ttlSeconds: 60 };
      const otherRequest = { key: key(), tags: [`store:${randomUUID()}`], ttlSeconds: 60 };
      expect(await cache.getOrCompute(request, stock.read)).toBe(10);
      await cache.getOrCompute(otherRequest, other.read);
      stock.set(9);
      expect(await cache.getOrCompute(request, stock.read)).toBe(10); // not invalidated yet: still the cached answer
      await cache.invalidate([tag]);
      expect(await cache.getOrCompute(request, stock.read)).toBe(9);
      await cache.getOrCompute(otherRequest, other.read);
      expect(other.reads).toBe(1);
      expect(stock.reads).toBe(2);
    });

    it('when 20 requests miss the same entry at once, then the query runs once and all get its answer', async () => {
      const table = source({ rows: [1, 2, 3] });
      const request = { key: key(), tags: ['report:day:2026-11-01'], ttlSeconds: 60 };
      const answers = await Promise.all(Array.from({ length: 20 }, () => cache.getOrCompute(request, table.read)));
      expect(table.reads).toBe(1);
      expect(answers.every((a) => a.rows.length === 3)).toBe(true);
    });

    it('when an entry outlives its TTL, then it is computed again', async () => {
      const table = source(1);
      const request = { key: key(), tags: [], ttlSeconds: 1 };
      await cache.getOrCompute(request, table.read);
      await cache.getOrCompute(request, table.read);
      expect(table.reads).toBe(1);
      await sleep(1_150);
      await cache.getOrCompute(request, table.read);
      expect(table.reads).toBe(2);
    });

    it('when the computation fails, then the error reaches the caller, nothing is cached and the next call computes again', async () => {
      const request = { key: key(), tags: [], ttlSeconds: 60 };
      await expect(cache.getOrCompute(request, async () => Promise.reject(new Error('database down')))).rejects.toThrow('database down');
      expect(await cache.getOrCompute(request, async () => 'recovered')).toBe('recovered');
    });

    it('when a read and a write race, then a read that starts after the write has invalidated never gets the old answer', async () => {
      const tag = `store:${randomUUID()}`;
      const request = { key: key(), tags: [tag], ttlSeconds: 60 };
      let stock = 5;
      const slowRead = async () => {
        const seen = stock;
        await sleep(100);
        return seen;
      };
      const before = cache.getOrCompute(request, slowRead); // in flight with the old value
      await sleep(20);
      stock = 4;
      await cache.invalidate([tag]);
      expect(await cache.getOrCompute(request, slowRead)).toBe(4);
      expect(await before).toBe(5);
      expect(await cache.getOrCompute(request, slowRead)).toBe(4);
    });

    it('when a batch asks for many entries, then cached ones come from the cache and only the missing ones are computed, in one call', async () => {
      const prefix = key();
      const requests = [1, 2, 3, 4].map((n) => ({ key: `${prefix}:${n}`, tags: [`level:${prefix}:${n}`], ttlSeconds: 60 }));
      const calls: string[][] = [];
      const compute = async (missed: readonly { key: string }[]) => {
        calls.push(missed.map((r) => r.key));
        return missed.map((r) => ({ n: Number(r.key.split(':').at(-1)), at: new Date(0) }));
      };
      expect((await cache.getOrComputeMany(requests.slice(0, 2), compute)).map((v) => v.n)).toEqual([1, 2]);
      await cache.invalidate([`level:${prefix}:2`]);
      const all = await cache.getOrComputeMany(requests, compute);
      expect(all.map((v) => v.n)).toEqual([1, 2, 3, 4]);
      expect(all[0]!.at).toBeInstanceOf(Date);
      expect(calls).toEqual([
        [`${prefix}:1`, `${prefix}:2`],
        [`${prefix}:2`, `${prefix}:3`, `${prefix}:4`],
      ]);
      expect(await cache.getOrComputeMany([], compute)).toEqual([]);
    });

    it('when entries of one batch share a tag, then bumping it makes each of them stale and leaves the others cached', async () => {
      const prefix = key();
      const shared = `store:${prefix}`;
      const requests = [1, 2, 3].map((n) => ({ key: `${prefix}:${n}`, tags: n < 3 ? [shared, `level:${prefix}:${n}`] : [`level:${prefix}:${n}`], ttlSeconds: 60 }));
      let round = 0;
      const compute = async (missed: readonly { key: string }[]) => missed.map((r) => `${r.key}@${round}`);
      expect(await cache.getOrComputeMany(requests, compute)).toEqual(requests.map((r) => `${r.key}@0`));
      round = 1;
      await cache.invalidate([shared]);
      expect(await cache.getOrComputeMany(requests, compute)).toEqual([`${prefix}:1@1`, `${prefix}:2@1`, `${prefix}:3@0`]);
      expect(await cache.getOrCompute(requests[0]!, async () => 'computed')).toBe(`${prefix}:1@1`);
    });

    it('when answers come from the cache or not, then hits, misses and invalidations are counted', async () => {
      const before = cacheCounts(subject.name);
      const request = { key: key(), tags: ['counted'], ttlSeconds: 60 };
      await cache.getOrCompute(request, async () => 1);
      await cache.getOrCompute(request, async () => 1);
      await cache.invalidate(['counted']);
      const after = cacheCounts(subject.name);
      expect(after.miss - before.miss).toBe(1);
      expect(after.hit - before.hit).toBe(1);
      expect(after.invalidation - before.invalidation).toBe(1);
    });
  });
}
