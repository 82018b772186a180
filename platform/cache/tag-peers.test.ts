import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { InMemoryResponseCacheStore } from '../response-cache/in-memory-response-cache-store.js';
import { ResponseCache } from '../response-cache/response-cache.js';
import { InMemoryCacheStore } from './in-memory-cache-store.js';
import { StoreQueryCache } from './query-cache.js';
import { serveTagPeers, TagPeers, type TagPeersHost } from './tag-peers.js';

/**
 * The launcher's relay of tag bumps and its processes' ends, on a real local
 * socket; each "process" is one TagPeers connection here.
 */
const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function relay(ackTimeoutMs = 1_000, leaseMs = 1_000): Promise<TagPeersHost> {
  const host = await serveTagPeers({ ackTimeoutMs, leaseMs });
  cleanup.push(() => host.close());
  return host;
}

async function connected(host: TagPeersHost): Promise<TagPeers> {
  const peers = new TagPeers(host.socketPath);
  cleanup.push(() => peers.close());
  await until(() => peers.leased);
  return peers;
}

async function until(condition: () => boolean) {
  for (let waited = 0; !condition(); waited += 10) {
    if (waited > 5_000) throw new Error('condition not met in 5 s');
    await sleep(10);
  }
}

describe('tag bumps relayed between processes', () => {
  it('when one process bumps a tag, then every other has made its entries with that tag stale before the bump resolves', async () => {
    const host = await relay();
    const [writer, router, other] = await Promise.all([connected(host), connected(host), connected(host)]);
    const routerStore = new InMemoryResponseCacheStore({ maxBytes: 1_000_000, peers: router });
    const otherStore = new InMemoryCacheStore({ maxBytes: 1_000_000, peers: other });
    const writerStore = new InMemoryCacheStore({ maxBytes: 1_000_000, peers: writer });

    await routerStore.writeMany([{ key: 'stock', value: '7', tags: ['stock:location:s1'], ttlSeconds: 60 }], await routerStore.position());
    const { versionedKey } = await otherStore.lookup('levels', ['stock:location:s1']);
    await otherStore.set(versionedKey, '7', 60);
    expect(await routerStore.readMany(['stock'])).toEqual(['7']);

    await writerStore.bump(['stock:location:s1']);
    expect(await routerStore.readMany(['stock'])).toEqual([undefined]);
    expect((await otherStore.lookup('levels', ['stock:location:s1'])).value).toBeUndefined();
    // Other tags are untouched.
    await routerStore.writeMany([{ key: 'catalog', value: 'x', tags: ['catalog:product:p1'], ttlSeconds: 60 }], await routerStore.position());
    await writerStore.bump(['stock:location:s2']);
    expect(await routerStore.readMany(['catalog'])).toEqual(['x']);
  });

  it('when a process does not acknowledge a bump in time, then it is cut off and the writer’s bump still resolves', async () => {
    const host = await relay(50, 100);
    const writer = await connected(host);
    // A process that reads what it is sent but never applies it (a foreign client, say).
    const stuck = net.createConnection(host.socketPath).resume();
    cleanup.push(() => stuck.destroy());
    await new Promise((resolve) => stuck.once('connect', resolve));
    const closed = new Promise((resolve) => stuck.once('close', resolve));
    await sleep(20);

    await writer.publish(['stock:location:s1']);
    await closed;
    expect(stuck.destroyed).toBe(true);
  });

  it('when a process is stuck while a write bumps a tag, then the write resolves only once that process can no longer serve its stale entry, and it serves again only after a reset', async () => {
    const [ackTimeoutMs, leaseMs] = [80, 300];
    const host = await relay(ackTimeoutMs, leaseMs);
    const [writer, slow] = await Promise.all([connected(host), connected(host)]);
    const slowStore = new InMemoryResponseCacheStore({ maxBytes: 1_000_000, peers: slow });
    const slowCache = new ResponseCache({ store: slowStore, timeoutMs: 1_000 });
    await slowCache.write([{ key: 'stock', value: '84', tags: ['stock:location:s1'], ttlSeconds: 60 }], (await slowCache.lookup(['stock'])).since!);
    expect((await slowCache.lookup(['stock'])).values).toEqual(['84']);
    // Its event loop stuck, as far as the relay can tell: it reads nothing of what it is sent, the bump included.
    (slow as unknown as { socket: net.Socket }).socket.pause();
    // The writer's own cache waits for the relay much longer than a store operation's timeout.
    const writerCache = new StoreQueryCache({ name: 'writer', store: new InMemoryCacheStore({ maxBytes: 1_000_000, peers: writer }), timeoutMs: 10, invalidateTimeoutMs: 5_000 });

    const started = performance.now();
    await writerCache.invalidate(['stock:location:s1']);
    // Cut off after the acknowledgement timeout, then its last lease (renewed every leaseMs/4) ran out.
    expect(performance.now() - started).toBeGreaterThanOrEqual(ackTimeoutMs + leaseMs * 0.75 - 5);
    expect(slow.leased).toBe(false);
    expect(await slowCache.lookup(['stock'])).toEqual({ since: undefined, values: [undefined] });

    // Running again: it finds itself cut off, reconnects and resets; the old entry is gone for good.
    const gaps: number[] = [];
    slow.onGap(() => {
      gaps.push(1);
      slowCache.distrust();
    });
    (slow as unknown as { socket: net.Socket }).socket.resume();
    await until(() => gaps.length >= 2 && slow.leased);
    expect(await slowCache.ready(2_000)).toBe(true);
    expect((await slowCache.lookup(['stock'])).values).toEqual([undefined]);
  });

  it('when a process connects or loses the relay, then its caches distrust what they hold until reset, and a bump it cannot relay fails', async () => {
    const host = await relay();
    const peers = new TagPeers(host.socketPath);
    cleanup.push(() => peers.close());
    const cache = new StoreQueryCache({ name: 'peered', store: new InMemoryCacheStore({ maxBytes: 1_000_000, peers }), timeoutMs: 1_000, startsUntrusted: true });
    const gaps: number[] = [];
    peers.onGap(() => {
      gaps.push(Date.now());
      cache.distrust();
    });
    expect(await cache.ready(0)).toBe(false);
    await until(() => gaps.length === 1);
    expect(await cache.ready(2_000)).toBe(true);

    await host.close();
    await until(() => gaps.length === 2);
    await expect(peers.publish(['stock:location:s1'])).rejects.toThrow(/not connected/);
    expect(await cache.ready(0)).toBe(false);
  });
});
