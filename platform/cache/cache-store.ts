/**
 * Where cached query results live: Redis or this process's memory. Entries
 * are stored under keys that include the current version of each of their
 * tags, so bumping a tag makes every entry tagged with it unreachable (it
 * then expires by TTL or is evicted): precise invalidation without deleting.
 */
export interface CacheStore {
  readonly kind: 'redis' | 'memory';
  /**
   * The entry stored for `key` under the current versions of `tags`: the
   * versioned key to store a computed value under, and the value when there is one.
   */
  lookup(key: string, tags: readonly string[]): Promise<{ versionedKey: string; value: string | undefined }>;
  /** lookup() of many entries at once (one round trip to Redis, whatever their number), in their order. */
  lookupMany(entries: ReadonlyArray<{ key: string; tags: readonly string[] }>): Promise<Array<{ versionedKey: string; value: string | undefined }>>;
  set(versionedKey: string, value: string, ttlSeconds: number): Promise<void>;
  /** Gives each tag a new version (never one it had before). */
  bump(tags: readonly string[]): Promise<void>;
  close(): Promise<void>;
}
