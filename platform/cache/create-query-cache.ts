import { config, type Config } from '../config/config.js';
import { createLogger } from '../logging/logger.js';
import { InMemoryCacheStore } from './in-memory-cache-store.js';
import { NoQueryCache, StoreQueryCache, type QueryCache } from './query-cache.js';
import { RedisCacheStore } from './redis-cache-store.js';

/**
 * The query-result cache of this process, by configuration: Redis with
 * REDIS_URL (shared by every process), otherwise an in-process LRU bounded
 * by CACHE_MAX_BYTES; none with CACHE_ENABLED=false.
 */
export function createQueryCache(name: string, c: Config = config()): QueryCache {
  if (!c.CACHE_ENABLED) return new NoQueryCache();
  const logger = createLogger('cache');
  if (!c.REDIS_URL) return new StoreQueryCache({ name, store: new InMemoryCacheStore({ maxBytes: c.CACHE_MAX_BYTES }), timeoutMs: c.CACHE_TIMEOUT_MS, logger });
  let cache: StoreQueryCache | undefined;
  const store = new RedisCacheStore({
    url: c.REDIS_URL,
    keyPrefix: c.REDIS_KEY_PREFIX,
    timeoutMs: c.CACHE_TIMEOUT_MS,
    // Redis may have restarted (or lost writes) while we were away: reset before trusting it again.
    onReady: () => cache?.distrust(),
  });
  cache = new StoreQueryCache({ name, store, timeoutMs: c.CACHE_TIMEOUT_MS, logger, startsUntrusted: true });
  return cache;
}
