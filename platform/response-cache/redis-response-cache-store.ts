import type { Redis } from 'ioredis';
import { cacheRedisClient } from '../cache/redis-cache-store.js';
import type { ResponseCacheEntry, ResponseCacheStore } from './response-cache-store.js';

/*
 * An entry is one string: its tags and their versions when stored
 * ("tag|version|tag|version"), a newline, then the answer. Tag versions and
 * their sequence are platform/cache's keys (`<prefix>cache:v:<tag>`,
 * `<prefix>cache:seq`): a subgraph bumping a tag of its query cache makes the
 * router's entries with that tag stale too. Scripts build those keys from
 * ARGV (one Redis, not a cluster).
 */

/** KEYS[1] = sequence, KEYS[2..] = entry keys; ARGV[1] = tag version key prefix. The sequence's position, then the valid values (false for the others). */
const READ = `
local out = { tonumber(redis.call('GET', KEYS[1]) or '0') }
for i = 2, #KEYS do
  local s = redis.call('GET', KEYS[i])
  local value = false
  if s then
    local nl = string.find(s, '\\n', 1, true)
    local valid = nl ~= nil
    if valid then
      local tag = nil
      for part in string.gmatch(string.sub(s, 1, nl - 1), '[^|]+') do
        if tag == nil then
          tag = part
        else
          if redis.call('GET', ARGV[1] .. tag) ~= part then valid = false break end
          tag = nil
        end
      end
    end
    if valid then value = string.sub(s, nl + 1) end
  end
  out[i] = value
end
return out
`;

/**
 * KEYS[1] = sequence; ARGV[1] = tag version key prefix, ARGV[2] = since,
 * ARGV[3] = entry key prefix, then per entry: key, ttl in milliseconds, tag count, tags…, value.
 * A tag without a version was never bumped (a lost version key comes with a lost epoch, which
 * every entry carries and which is bumped on reconnection): it gets the sequence's next number.
 */
const WRITE = `
local since = tonumber(ARGV[2])
local created = {}
local written = 0
local a = 4
while a <= #ARGV do
  local key = ARGV[3] .. ARGV[a]
  local ttl = ARGV[a + 1]
  local count = tonumber(ARGV[a + 2])
  a = a + 3
  local parts = {}
  local fresh = true
  for j = 1, count do
    local tag = ARGV[a]
    a = a + 1
    local v = redis.call('GET', ARGV[1] .. tag)
    if not v then
      v = tostring(redis.call('INCR', KEYS[1]))
      redis.call('SET', ARGV[1] .. tag, v)
      created[tag] = true
    elseif tonumber(v) > since and not created[tag] then
      fresh = false
    end
    parts[#parts + 1] = tag
    parts[#parts + 1] = v
  end
  local value = ARGV[a]
  a = a + 1
  if fresh then
    redis.call('SET', key, table.concat(parts, '|') .. '\\n' .. value, 'PX', ttl)
    written = written + 1
  end
end
return written
`;

/** KEYS[1] = sequence; ARGV[1] = tag version key prefix, ARGV[2..] = tags. */
const BUMP = `
for i = 2, #ARGV do
  redis.call('SET', ARGV[1] .. ARGV[i], tostring(redis.call('INCR', KEYS[1])))
end
return #ARGV - 1
`;

interface Scripts {
  responseCacheRead(n: number, ...args: string[]): Promise<Array<string | number | null>>;
  responseCacheWrite(n: number, ...args: string[]): Promise<number>;
  responseCacheBump(n: number, ...args: string[]): Promise<number>;
}

export interface RedisResponseCacheStoreOptions {
  url: string;
  keyPrefix: string;
  /** A command slower than this fails (the router then asks the subgraph). */
  timeoutMs: number;
  /** Called whenever the connection is (re)established. */
  onReady?: () => void;
}

/**
 * Cached responses in Redis, each with a TTL (use maxmemory-policy
 * volatile-lru: tag versions have none and are never evicted). Commands fail
 * at once while disconnected and reconnect by themselves.
 */
export class RedisResponseCacheStore implements ResponseCacheStore {
  readonly kind = 'redis' as const;
  readonly redis: Redis;
  private readonly scripts: Scripts;
  private readonly sequenceKey: string;
  private readonly versionPrefix: string;
  private readonly entryPrefix: string;

  constructor(options: RedisResponseCacheStoreOptions) {
    this.sequenceKey = `${options.keyPrefix}cache:seq`;
    this.versionPrefix = `${options.keyPrefix}cache:v:`;
    this.entryPrefix = `${options.keyPrefix}rcache:e:`;
    this.redis = cacheRedisClient(options.url, options.timeoutMs);
    if (options.onReady) this.redis.on('ready', options.onReady);
    this.redis.defineCommand('responseCacheRead', { lua: READ });
    this.redis.defineCommand('responseCacheWrite', { lua: WRITE });
    this.redis.defineCommand('responseCacheBump', { lua: BUMP });
    this.scripts = this.redis as unknown as Scripts;
  }

  async position(): Promise<number> {
    return Number((await this.redis.get(this.sequenceKey)) ?? 0);
  }

  async readMany(keys: readonly string[]): Promise<Array<string | undefined>> {
    return (await this.lookup(keys)).values;
  }

  async lookup(keys: readonly string[]): Promise<{ position: number; values: Array<string | undefined> }> {
    const [position, ...values] = await this.scripts.responseCacheRead(keys.length + 1, this.sequenceKey, ...keys.map((k) => this.entryPrefix + k), this.versionPrefix);
    return { position: Number(position), values: values.map((value) => (value === null ? undefined : String(value))) };
  }

  async writeMany(entries: readonly ResponseCacheEntry[], since: number): Promise<number> {
    if (entries.length === 0) return 0;
    const args: string[] = [this.versionPrefix, String(since), this.entryPrefix];
    // Milliseconds, rounded down: a lifetime the subgraph capped (a dashboard ends with its day) is never lengthened.
    for (const e of entries) args.push(e.key, String(Math.max(1, Math.floor(e.ttlSeconds * 1000))), String(e.tags.length), ...e.tags, e.value);
    return this.scripts.responseCacheWrite(1, this.sequenceKey, ...args);
  }

  async bump(tags: readonly string[]): Promise<void> {
    if (tags.length === 0) return;
    await this.scripts.responseCacheBump(1, this.sequenceKey, this.versionPrefix, ...tags);
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}
