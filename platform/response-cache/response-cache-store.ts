/**
 * Where the router's cached subgraph answers live: Redis (shared by every
 * router replica) or this process's memory (the embedded default).
 *
 * Unlike the query caches, a response's tags are known only once the
 * subgraph has answered (it declares them with the answer), so an entry
 * cannot be looked up under its tags' versions. Instead each entry keeps the
 * versions its tags had when it was stored, and is served only while every
 * one of them is still current. Versions come from one shared sequence
 * (platform/cache's scheme, same keys): an answer fetched after position P
 * is stored only if none of its tags was bumped past P, so an answer that may
 * predate a write is never stored under that write's version.
 */
export interface ResponseCacheEntry {
  key: string;
  value: string;
  tags: readonly string[];
  ttlSeconds: number;
}

export interface ResponseCacheStore {
  readonly kind: 'redis' | 'memory';
  /** The sequence's position now: read it before fetching what will be stored. */
  position(): Promise<number>;
  /** Each entry's value when it is present, unexpired, and all its tags are at the versions it was stored with; in order. */
  readMany(keys: readonly string[]): Promise<Array<string | undefined>>;
  /** position() then readMany(), in one round trip: what the router does before each fetch. */
  lookup(keys: readonly string[]): Promise<{ position: number; values: Array<string | undefined> }>;
  /**
   * Stores each entry with its tags' current versions, unless one of them
   * was bumped after `since` (the answer may be older than that write); a
   * tag never bumped gets its first version. How many were stored.
   */
  writeMany(entries: readonly ResponseCacheEntry[], since: number): Promise<number>;
  /** Gives each tag a new version (never one it had before): every entry stored with the old one is stale. */
  bump(tags: readonly string[]): Promise<void>;
  close(): Promise<void>;
}

/** Tags are written into stored entries between separators: none may contain them. */
export function isValidTag(tag: string): boolean {
  return tag.length > 0 && tag.length <= 200 && !/[\s|]/.test(tag);
}
