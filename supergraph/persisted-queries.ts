import type { PersistedQueryOptions } from '@apollo/server';
import { cacheRedisClient } from '../platform/cache/redis-cache-store.js';
import { RedisKeyValueCache } from '../platform/cache/redis-key-value-cache.js';
import type { Config } from '../platform/config/config.js';
import { safelistQueryStore } from './operation-safelist.js';

/**
 * Automatic persisted queries: a client sends the sha256 of its operation;
 * an unknown hash answers PERSISTED_QUERY_NOT_FOUND and the client sends the
 * text once with its hash, which the router keeps for APQ_TTL_SECONDS. With
 * REDIS_URL the store is Redis (every router replica shares it, keys
 * `<REDIS_KEY_PREFIX>apq:<hash>`); otherwise Apollo's bounded in-process LRU.
 * With a safelist the store is the safelist.
 */
export function persistedQueryOptions(c: Config, safelist?: ReadonlyMap<string, string>): PersistedQueryOptions {
  if (safelist) return { cache: safelistQueryStore(safelist), ttl: null };
  if (!c.REDIS_URL) return { ttl: c.APQ_TTL_SECONDS };
  return { cache: new RedisKeyValueCache(cacheRedisClient(c.REDIS_URL, c.CACHE_TIMEOUT_MS), c.REDIS_KEY_PREFIX), ttl: c.APQ_TTL_SECONDS };
}
