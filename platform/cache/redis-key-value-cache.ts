import type { Redis } from 'ioredis';

/**
 * Apollo's KeyValueCache interface (get / set with a TTL in seconds / delete)
 * over Redis, under a key prefix. A Redis failure is a miss and a lost
 * write, never an error: callers of such caches (APQ) recover from a miss.
 */
export class RedisKeyValueCache {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async get(key: string): Promise<string | undefined> {
    try {
      return (await this.redis.get(this.prefix + key)) ?? undefined;
    } catch {
      return undefined;
    }
  }

  async set(key: string, value: string, options?: { ttl?: number | null }): Promise<void> {
    try {
      if (options?.ttl) await this.redis.set(this.prefix + key, value, 'EX', options.ttl);
      else await this.redis.set(this.prefix + key, value);
    } catch {
      // a lost write: the next request with this hash gets PERSISTED_QUERY_NOT_FOUND and resends its query
    }
  }

  async delete(key: string): Promise<boolean> {
    try {
      return (await this.redis.del(this.prefix + key)) > 0;
    } catch {
      return false;
    }
  }
}
