import { Redis } from 'ioredis';
import { traceRedis } from '../tracing/redis-tracing.js';
import type { CacheStore } from './cache-store.js';

/**
 * Lua: the version of each tag key in KEYS[2..] into `versions[<slot>]`; a
 * tag without one gets a fresh number from the shared sequence KEYS[1].
 */
const tagVersions = (slot: string) => `
local versions = {}
for i = 2, #KEYS do
  local v = redis.call('GET', KEYS[i])
  if not v then
    v = tostring(redis.call('INCR', KEYS[1]))
    redis.call('SET', KEYS[i], v)
  end
  versions[${slot}] = v
end`;

/**
 * Looks up the versions of the tags (a tag without one gets a fresh number
 * from the shared sequence) and the entry stored under them, in one round trip.
 * KEYS[1] = sequence, KEYS[2..] = tag version keys; ARGV[1] = entry key prefix.
 */
const LOOKUP = `${tagVersions('#versions + 1')}
local key = ARGV[1] .. '|' .. table.concat(versions, '.')
return { key, redis.call('GET', key) }
`;

/**
 * LOOKUP for many entries in one round trip (a dashboard reads hundreds):
 * KEYS[1] = sequence, KEYS[2..] = the distinct tag version keys; ARGV =
 * for each entry its key prefix, its number of tags, then the positions of
 * its tags in KEYS. Returns versioned key and value (nil: none) per entry.
 */
const LOOKUP_MANY = `${tagVersions('i')}
local out = {}
local a = 1
while a <= #ARGV do
  local key = ARGV[a]
  local count = tonumber(ARGV[a + 1])
  a = a + 2
  local parts = {}
  for j = 1, count do
    parts[j] = versions[tonumber(ARGV[a])]
    a = a + 1
  end
  local versioned = key .. '|' .. table.concat(parts, '.')
  out[#out + 1] = versioned
  out[#out + 1] = redis.call('GET', versioned) or false
end
return out
`;

/** Gives each tag the next number of the shared sequence. KEYS[1] = sequence, KEYS[2..] = tag version keys. */
const BUMP = `
for i = 2, #KEYS do
  redis.call('SET', KEYS[i], tostring(redis.call('INCR', KEYS[1])))
end
return #KEYS - 1
`;

export interface RedisCacheStoreOptions {
  url: string;
  keyPrefix: string;
  /** A command slower than this fails (the caller then answers from the database). */
  timeoutMs: number;
  /** Called whenever the connection is (re)established. */
  onReady?: () => void;
}

/**
 * A connection for caches: commands fail at once while disconnected (no
 * offline queue) or when slower than `timeoutMs`, so a cache never makes a
 * request wait on Redis; it reconnects by itself.
 */
export function cacheRedisClient(url: string, timeoutMs: number): Redis {
  const redis = new Redis(url, {
    protocol: 2,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: timeoutMs,
    connectTimeout: Math.max(1_000, timeoutMs * 10),
    retryStrategy: (times) => Math.min(50 * times, 1_000),
  });
  redis.on('error', () => undefined);
  traceRedis(redis, 'cache');
  return redis;
}

/**
 * Cached entries in Redis with a TTL each (Redis's maxmemory policy bounds
 * their memory: use volatile-lru so the version keys, which have no TTL, are
 * never evicted). Tag versions come from one shared sequence, so a version
 * is never reused, even for a tag whose key was lost. Commands fail at once
 * while disconnected (no offline queue) and reconnect by themselves.
 */
export class RedisCacheStore implements CacheStore {
  readonly kind = 'redis' as const;
  readonly redis: Redis;
  private readonly prefix: string;

  constructor(options: RedisCacheStoreOptions) {
    this.prefix = `${options.keyPrefix}cache:`;
    this.redis = cacheRedisClient(options.url, options.timeoutMs);
    if (options.onReady) this.redis.on('ready', options.onReady);
    this.redis.defineCommand('cacheLookup', { lua: LOOKUP });
    this.redis.defineCommand('cacheBump', { lua: BUMP });
    this.redis.defineCommand('cacheLookupMany', { lua: LOOKUP_MANY });
  }

  private tagKeys(tags: readonly string[]): string[] {
    return tags.map((t) => `${this.prefix}v:${t}`);
  }

  async lookup(key: string, tags: readonly string[]) {
    const keys = [`${this.prefix}seq`, ...this.tagKeys(tags)];
    const [versionedKey, value] = (await (this.redis as unknown as { cacheLookup(n: number, ...a: string[]): Promise<[string, string | null]> }).cacheLookup(
      keys.length,
      ...keys,
      `${this.prefix}e:${key}`,
    )) as [string, string | null];
    return { versionedKey, value: value ?? undefined };
  }

  async lookupMany(entries: ReadonlyArray<{ key: string; tags: readonly string[] }>) {
    if (entries.length === 0) return [];
    const keys = [`${this.prefix}seq`];
    const positions = new Map<string, number>();
    const args: string[] = [];
    for (const entry of entries) {
      args.push(`${this.prefix}e:${entry.key}`, String(entry.tags.length));
      for (const tag of entry.tags) {
        let position = positions.get(tag);
        if (position === undefined) {
          position = keys.push(`${this.prefix}v:${tag}`);
          positions.set(tag, position);
        }
        args.push(String(position));
      }
    }
    const reply = await (this.redis as unknown as { cacheLookupMany(n: number, ...a: string[]): Promise<Array<string | null>> }).cacheLookupMany(keys.length, ...keys, ...args);
    return entries.map((_, i) => ({ versionedKey: reply[2 * i]!, value: reply[2 * i + 1] ?? undefined }));
  }

  async set(versionedKey: string, value: string, ttlSeconds: number) {
    await this.redis.set(versionedKey, value, 'EX', ttlSeconds);
  }

  async bump(tags: readonly string[]) {
    if (tags.length === 0) return;
    const keys = [`${this.prefix}seq`, ...this.tagKeys(tags)];
    await (this.redis as unknown as { cacheBump(n: number, ...a: string[]): Promise<number> }).cacheBump(keys.length, ...keys);
  }

  get connected(): boolean {
    return this.redis.status === 'ready';
  }

  async close() {
    this.redis.disconnect();
  }
}
