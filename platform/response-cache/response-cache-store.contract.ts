import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResponseCacheStore } from './response-cache-store.js';

export interface StoreUnderTest {
  store: ResponseCacheStore;
  close(): Promise<void>;
}

/** The behaviour every ResponseCacheStore must have; run against each implementation with its own factory. */
export function responseCacheStoreContract(label: string, create: () => Promise<StoreUnderTest>): void {
  describe(`ResponseCacheStore contract: ${label}`, () => {
    let subject: StoreUnderTest;
    let store: ResponseCacheStore;
    beforeAll(async () => {
      subject = await create();
      store = subject.store;
    });
    afterAll(async () => {
      await subject?.close();
    });
    const id = () => randomUUID();
    /** Stores as the router does: against the position read before the fetch. */
    async function put(key: string, value: string, tags: string[], ttlSeconds = 60): Promise<number> {
      return store.writeMany([{ key, value, tags, ttlSeconds }], await store.position());
    }

    it('when an answer is stored, then it is read back as it was, and an unknown key reads as nothing', async () => {
      const key = id();
      expect(await put(key, '{"data":{"é":"12.50"}}\nsecond line|x', ['stock:location:1'])).toBe(1);
      expect(await store.readMany([key, id()])).toEqual(['{"data":{"é":"12.50"}}\nsecond line|x', undefined]);
    });

    it('when a lookup is made, then it gives the position a bump moves past, with the same values as readMany', async () => {
      const key = id();
      const tag = `t:${id()}`;
      await put(key, 'v', [tag]);
      const before = await store.lookup([key, id()]);
      expect(before.values).toEqual(['v', undefined]);
      expect(before.position).toBe(await store.position());
      await store.bump([tag]);
      const after = await store.lookup([key]);
      expect(after.position).toBeGreaterThan(before.position);
      expect(after.values).toEqual([undefined]);
      expect((await store.lookup([])).values).toEqual([]);
    });

    it('when one of its tags is bumped, then the entry is stale, and entries without that tag stay', async () => {
      const [tag, other] = [`t:${id()}`, `t:${id()}`];
      const [a, b] = [id(), id()];
      await put(a, 'a', [tag, other]);
      await put(b, 'b', [other]);
      await store.bump([tag]);
      expect(await store.readMany([a, b])).toEqual([undefined, 'b']);
    });

    it('when a tag is bumped after the fetch began, then the answer fetched meanwhile is not stored (it may predate the write)', async () => {
      const tag = `t:${id()}`;
      await put(id(), 'warm-up', [tag]); // the tag has a version
      const key = id();
      const since = await store.position();
      await store.bump([tag]); // a write answered while the fetch was under way
      expect(await store.writeMany([{ key, value: 'maybe old', tags: [tag], ttlSeconds: 60 }], since)).toBe(0);
      expect(await store.readMany([key])).toEqual([undefined]);
      expect(await put(key, 'new', [tag])).toBe(1);
      expect(await store.readMany([key])).toEqual(['new']);
    });

    it('when a tag has never been bumped, then the first answer tagged with it is stored, and a bump of it afterwards makes it stale', async () => {
      const key = id();
      const tag = `t:${id()}`;
      expect(await store.writeMany([{ key, value: 'v', tags: [tag], ttlSeconds: 60 }], await store.position())).toBe(1);
      expect(await store.readMany([key])).toEqual(['v']);
      await store.bump([tag]);
      expect(await store.readMany([key])).toEqual([undefined]);
    });

    it('when a tag is first bumped while a fetch is under way, then that answer is not stored', async () => {
      const key = id();
      const tag = `t:${id()}`;
      const since = await store.position();
      await store.bump([tag]);
      expect(await store.writeMany([{ key, value: 'old', tags: [tag], ttlSeconds: 60 }], since)).toBe(0);
    });

    it('when many entries are written at once, then each is judged on its own tags', async () => {
      const [stale, fresh] = [`t:${id()}`, `t:${id()}`];
      await put(id(), 'warm-up', [stale, fresh]);
      const since = await store.position();
      await store.bump([stale]);
      const [k1, k2] = [id(), id()];
      expect(await store.writeMany([{ key: k1, value: '1', tags: [stale], ttlSeconds: 60 }, { key: k2, value: '2', tags: [fresh], ttlSeconds: 60 }], since)).toBe(1);
      expect(await store.readMany([k1, k2])).toEqual([undefined, '2']);
    });

    it('when entries written together share a tag never seen before, then all of them are stored', async () => {
      const tag = `t:${id()}`;
      const [k1, k2] = [id(), id()];
      expect(await store.writeMany([{ key: k1, value: '1', tags: [tag], ttlSeconds: 60 }, { key: k2, value: '2', tags: [tag], ttlSeconds: 60 }], await store.position())).toBe(2);
      expect(await store.readMany([k1, k2])).toEqual(['1', '2']);
    });

    it('when an entry outlives its TTL, then it reads as nothing', async () => {
      const key = id();
      await put(key, 'short', [`t:${id()}`], 1);
      expect(await store.readMany([key])).toEqual(['short']);
      await sleep(1_150);
      expect(await store.readMany([key])).toEqual([undefined]);
    });

    it('when a key is stored again, then the newer answer replaces the older', async () => {
      const key = id();
      const tag = `t:${id()}`;
      await put(key, 'old', [tag]);
      await store.bump([tag]);
      await put(key, 'new', [tag]);
      expect(await store.readMany([key])).toEqual(['new']);
    });
  });
}
