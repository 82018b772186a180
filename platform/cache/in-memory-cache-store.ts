import { LRUCache } from 'lru-cache';
import type { CacheStore } from './cache-store.js';
import { PeeredTagVersions, type TagPeers } from './tag-peers.js';

/**
 * The embedded default: an LRU in this process's memory, bounded by the
 * total size of its entries (maxBytes) and by each entry's TTL. With peers
 * (the launcher's other processes, tag-peers.ts) a bump is applied in every
 * one of them before it resolves, and theirs are applied here; without a
 * valid lease from the relay it may have missed one, and refuses to serve.
 */
export class InMemoryCacheStore implements CacheStore {
  readonly kind = 'memory' as const;
  private readonly entries: LRUCache<string, string>;
  private readonly versions: PeeredTagVersions;

  constructor(private readonly options: { maxBytes: number; peers?: TagPeers }) {
    this.versions = new PeeredTagVersions(options.peers);
    this.entries = new LRUCache<string, string>({
      maxSize: options.maxBytes,
      sizeCalculation: (value, key) => value.length * 2 + key.length * 2 + 64,
      ttlAutopurge: false,
    });
  }

  async lookup(key: string, tags: readonly string[]) {
    this.versions.assertUsable();
    const versionedKey = `${key}|${tags.map((t) => this.versions.versionOf(t)).join('.')}`;
    return { versionedKey, value: this.entries.get(versionedKey) };
  }

  async lookupMany(entries: ReadonlyArray<{ key: string; tags: readonly string[] }>) {
    return Promise.all(entries.map((e) => this.lookup(e.key, e.tags)));
  }

  async set(versionedKey: string, value: string, ttlSeconds: number) {
    this.versions.assertUsable();
    this.entries.set(versionedKey, value, { ttl: ttlSeconds * 1000 });
  }

  async bump(tags: readonly string[]) {
    await this.versions.bumpEverywhere(tags);
  }


  /** Size of what is held now (tests). */
  get size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.entries.calculatedSize };
  }

  async close() {
    this.entries.clear();
  }
}
