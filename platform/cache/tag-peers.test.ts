import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { InMemoryResponseCacheStore } from '../response-cache/in-memory-response-cache-store.js';
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

async function relay(ackTimeoutMs = 1_000): Promise<TagPeersHost> {
  const host = await serveTagPeers({ ackTimeoutMs });
  cleanup.push(() => host.close());
  return host;
}

async function connected(host: TagPeersHost): Promise<TagPeers> {
  const peers = new TagPeers(host.socketPath);
  cleanup.push(() => peers.close());
  await until(() => peers.connected);
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
    const host = await relay(50);
    const writer = await connected(host);
    // A process that reads what it is sent but never applies it (its event loop stuck, say).
    const stuck = net.createConnection(host.socketPath).resume();
    cleanup.push(() => stuck.destroy());
    await new Promise((resolve) => stuck.once('connect', resolve));
    const closed = new Promise((resolve) => stuck.once('close', resolve));
    await sleep(20);

    await writer.publish(['stock:location:s1']);
    await closed;
    expect(stuck.destroyed).toBe(true);
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
