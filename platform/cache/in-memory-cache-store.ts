import { LRUCache } from 'lru-cache';
import type { CacheStore } from './cache-store.js';

/**
 * The embedded default: an LRU in this process's memory, bounded by the
 * total size of its entries (maxBytes) and by each entry's TTL. Tag
 * versions are plain counters (they are never evicted).
 */
export class InMemoryCacheStore implements CacheStore {
  readonly kind = 'memory' as const;
  private readonly entries: LRUCache<string, string>;
  private readonly versions = new Map<string, number>();
  private sequence = 0;

  constructor(options: { maxBytes: number }) {
    this.entries = new LRUCache<string, string>({
      maxSize: options.maxBytes,
      sizeCalculation: (value, key) => value.length * 2 + key.length * 2 + 64,
      ttlAutopurge: false,
    });
  }

  private version(tag: string): number {
    let v = this.versions.get(tag);
    if (v === undefined) {
      v = ++this.sequence;
      this.versions.set(tag, v);
    }
    return v;
  }

  async lookup(key: string, tags: readonly string[]) {
    const versionedKey = `${key}|${tags.map((t) => this.version(t)).join('.')}`;
    return { versionedKey, value: this.entries.get(versionedKey) };
  }

  async set(versionedKey: string, value: string, ttlSeconds: number) {
    this.entries.set(versionedKey, value, { ttl: ttlSeconds * 1000 });
  }

  async bump(tags: readonly string[]) {
    for (const tag of tags) this.versions.set(tag, ++this.sequence);
  }

  /** Size of what is held now (tests). */
  get size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.entries.calculatedSize };
  }

  async close() {
    this.entries.clear();
  }
}
