import { config, type Config } from '../config/config.js';
import { createLogger, type Logger } from '../logging/logger.js';
import { InvalidateOnlyQueryCache } from './invalidate-only-query-cache.js';
import { InMemoryCacheStore } from './in-memory-cache-store.js';
import { NoQueryCache, StoreQueryCache, type QueryCache } from './query-cache.js';
import { RedisCacheStore } from './redis-cache-store.js';
import { peerTimings, resetOnGaps, tagPeers, type TagPeers } from './tag-peers.js';

/**
 * The query-result cache of this process, by configuration: Redis with
 * REDIS_URL (shared by every process), otherwise an in-process LRU bounded
 * by CACHE_MAX_BYTES, its tag bumps relayed to the launcher's other
 * processes when it gives CACHE_PEERS_SOCKET; none with CACHE_ENABLED=false
 * (with Redis or peers, writes still bump their tags, for the router's
 * response cache).
 */
export function createQueryCache(name: string, c: Config = config()): QueryCache {
  const peers = c.REDIS_URL ? undefined : tagPeers(c.CACHE_PEERS_SOCKET);
  if (!c.CACHE_ENABLED && !c.REDIS_URL && !peers) return new NoQueryCache();
  const logger = createLogger('cache');
  const cache = c.REDIS_URL ? redisQueryCache(name, c.REDIS_URL, c, logger) : peers ? peeredQueryCache(name, peers, c, logger) : inMemoryQueryCache(name, c, logger);
  // Off, but writes still bump their tags: the router's response cache may hold answers that carry them.
  return c.CACHE_ENABLED ? cache : new InvalidateOnlyQueryCache(cache);
}

function inMemoryQueryCache(name: string, c: Config, logger: Logger): StoreQueryCache {
  return new StoreQueryCache({ name, store: new InMemoryCacheStore({ maxBytes: c.CACHE_MAX_BYTES }), timeoutMs: c.CACHE_TIMEOUT_MS, logger });
}

function peeredQueryCache(name: string, peers: TagPeers, c: Config, logger: Logger): StoreQueryCache {
  // Bumps may have been missed until connected, or while cut off: reset before trusting it again.
  const cache = new StoreQueryCache({
    name,
    store: new InMemoryCacheStore({ maxBytes: c.CACHE_MAX_BYTES, peers }),
    timeoutMs: c.CACHE_TIMEOUT_MS,
    // A write answers only once every other process has applied its bump (or can no longer serve without it).
    invalidateTimeoutMs: peerTimings(c.CACHE_TIMEOUT_MS).publishTimeoutMs,
    logger,
    startsUntrusted: true,
  });
  resetOnGaps(peers, cache);
  return cache;
}

function redisQueryCache(name: string, url: string, c: Config, logger: Logger): StoreQueryCache {
  let cache: StoreQueryCache | undefined;
  const store = new RedisCacheStore({
    url,
    keyPrefix: c.REDIS_KEY_PREFIX,
    timeoutMs: c.CACHE_TIMEOUT_MS,
    // Redis may have restarted (or lost writes) while we were away: reset before trusting it again.
    onReady: () => cache?.distrust(),
  });
  cache = new StoreQueryCache({ name, store, timeoutMs: c.CACHE_TIMEOUT_MS, logger, startsUntrusted: true });
  return cache;
}
