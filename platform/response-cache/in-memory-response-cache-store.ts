import { LRUCache } from 'lru-cache';
import { PeeredTagVersions, type TagPeers } from '../cache/tag-peers.js';
import type { ResponseCacheEntry, ResponseCacheStore } from './response-cache-store.js';

interface Stored {
  value: string;
  versions: ReadonlyArray<readonly [string, number]>;
}

/**
 * The embedded default: an LRU in this process's memory bounded by the size
 * of its entries and by each entry's TTL. The subgraphs' writes reach it
 * through the launcher's relay of tag bumps (peers, tag-peers.ts): each is
 * applied here before the write answers, and without a valid lease from the
 * relay (one may have been missed) it refuses to read or write.
 */
export class InMemoryResponseCacheStore implements ResponseCacheStore {
  readonly kind = 'memory' as const;
  private readonly entries: LRUCache<string, Stored>;
  private readonly versions: PeeredTagVersions;

  constructor(private readonly options: { maxBytes: number; peers?: TagPeers }) {
    this.versions = new PeeredTagVersions(options.peers);
    this.entries = new LRUCache<string, Stored>({
      maxSize: options.maxBytes,
      sizeCalculation: (stored, key) => (stored.value.length + key.length) * 2 + stored.versions.length * 48 + 64,
    });
  }

  async position(): Promise<number> {
    return this.versions.position;
  }

  async lookup(keys: readonly string[]): Promise<{ position: number; values: Array<string | undefined> }> {
    return { position: this.versions.position, values: await this.readMany(keys) };
  }

  async readMany(keys: readonly string[]): Promise<Array<string | undefined>> {
    this.versions.assertUsable();
    return keys.map((key) => {
      const stored = this.entries.get(key);
      if (!stored) return undefined;
      return stored.versions.every(([tag, v]) => this.versions.current(tag) === v) ? stored.value : undefined;
    });
  }

  async writeMany(entries: readonly ResponseCacheEntry[], since: number): Promise<number> {
    this.versions.assertUsable();
    let written = 0;
    // Judged on the versions from before this write: a tag numbered by an earlier entry of it was not bumped.
    const bumped = new Set(entries.flatMap((e) => e.tags).filter((tag) => this.versions.current(tag) > since));
    for (const entry of entries) {
      if (entry.tags.some((tag) => bumped.has(tag))) continue;
      const versions = entry.tags.map((tag) => [tag, this.versions.versionOf(tag)] as const);
      this.entries.set(entry.key, { value: entry.value, versions }, { ttl: entry.ttlSeconds * 1000 });
      written++;
    }
    return written;
  }

  async bump(tags: readonly string[]): Promise<void> {
    await this.versions.bumpEverywhere(tags);
  }


  /** What is held now (tests). */
  get size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.entries.calculatedSize };
  }

  async close(): Promise<void> {
    this.entries.clear();
  }
}
