import { LRUCache } from 'lru-cache';
import type { CacheStore } from './cache-store.js';
import type { TagPeers } from './tag-peers.js';
import { TagVersions } from './tag-versions.js';

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
  private readonly versions = new TagVersions();

  constructor(private readonly options: { maxBytes: number; peers?: TagPeers }) {
    options.peers?.onBump((tags) => this.versions.bump(tags));
    this.entries = new LRUCache<string, string>({
      maxSize: options.maxBytes,
      sizeCalculation: (value, key) => value.length * 2 + key.length * 2 + 64,
      ttlAutopurge: false,
    });
  }

  async lookup(key: string, tags: readonly string[]) {
    this.assertLeased();
    const versionedKey = `${key}|${tags.map((t) => this.versions.versionOf(t)).join('.')}`;
    return { versionedKey, value: this.entries.get(versionedKey) };
  }

  async lookupMany(entries: ReadonlyArray<{ key: string; tags: readonly string[] }>) {
    return Promise.all(entries.map((e) => this.lookup(e.key, e.tags)));
  }

  async set(versionedKey: string, value: string, ttlSeconds: number) {
    this.assertLeased();
    this.entries.set(versionedKey, value, { ttl: ttlSeconds * 1000 });
  }

  async bump(tags: readonly string[]) {
    this.versions.bump(tags);
    await this.options.peers?.publish(tags);
  }

  private assertLeased(): void {
    if (this.options.peers && !this.options.peers.leased) throw new Error('no lease from the cache peers: a bump may have been missed');
  }

  /** Size of what is held now (tests). */
  get size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.entries.calculatedSize };
  }

  async close() {
    this.entries.clear();
  }
}
