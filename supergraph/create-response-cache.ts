import { createHash } from 'node:crypto';
import type { Config } from '../platform/config/config.js';
import type { Logger } from '../platform/logging/logger.js';
import { peerTimings, resetOnGaps, tagPeers } from '../platform/cache/tag-peers.js';
import { InMemoryResponseCacheStore } from '../platform/response-cache/in-memory-response-cache-store.js';
import { RedisResponseCacheStore } from '../platform/response-cache/redis-response-cache-store.js';
import { ResponseCache } from '../platform/response-cache/response-cache.js';
import { SubgraphResponseCache } from './subgraph-response-cache.js';
import { WholeResponseCache } from './whole-response-cache.plugin.js';

/**
 * The router's response cache by configuration (RESPONSE_CACHE_ENABLED):
 * in Redis, where the subgraphs bump the tags of every write; without
 * REDIS_URL in this process's memory when the launcher relays the subgraph
 * processes' bumps (CACHE_PEERS_SOCKET), otherwise none (it would never
 * hear of their writes). The cache, the whole answers' and one SubgraphResponseCache per subgraph.
 */
export function createResponseCache(
  c: Config,
  supergraphSdl: string,
  logger: Logger,
): { cache: ResponseCache; whole: WholeResponseCache; forSubgraph: (subgraph: string) => SubgraphResponseCache } | undefined {
  if (!c.RESPONSE_CACHE_ENABLED) return undefined;
  const cache = c.REDIS_URL ? redisResponseCache(c, c.REDIS_URL, logger) : peeredResponseCache(c, logger);
  if (!cache) {
    logger.warn('RESPONSE_CACHE_ENABLED without REDIS_URL nor CACHE_PEERS_SOCKET: the response cache stays off (the subgraphs could not invalidate it)');
    return undefined;
  }
  const schema = createHash('sha256').update(supergraphSdl).digest('base64url');
  return {
    cache,
    whole: new WholeResponseCache(cache, schema, c.RESPONSE_CACHE_MAX_ENTRY_BYTES),
    forSubgraph: (subgraph) => new SubgraphResponseCache(cache, subgraph, schema, c.RESPONSE_CACHE_MAX_ENTRY_BYTES),
  };
}

function redisResponseCache(c: Config, url: string, logger: Logger): ResponseCache {
  let cache: ResponseCache | undefined;
  const store = new RedisResponseCacheStore({
    url,
    keyPrefix: c.REDIS_KEY_PREFIX,
    timeoutMs: c.RESPONSE_CACHE_TIMEOUT_MS,
    // Redis may have restarted or lost writes while away: reset the epoch before trusting it again.
    onReady: () => cache?.distrust(),
  });
  cache = new ResponseCache({ store, timeoutMs: c.RESPONSE_CACHE_TIMEOUT_MS, logger, startsUntrusted: true });
  return cache;
}

function peeredResponseCache(c: Config, logger: Logger): ResponseCache | undefined {
  const peers = tagPeers(c.CACHE_PEERS_SOCKET);
  if (!peers) return undefined;
  const store = new InMemoryResponseCacheStore({ maxBytes: c.CACHE_MAX_BYTES, peers });
  const cache = new ResponseCache({
    store,
    timeoutMs: c.RESPONSE_CACHE_TIMEOUT_MS,
    invalidateTimeoutMs: peerTimings(c.CACHE_TIMEOUT_MS).publishTimeoutMs,
    logger,
    startsUntrusted: true,
  });
  // Bumps may have been missed until connected, or while cut off: reset before trusting it again.
  resetOnGaps(peers, cache);
  return cache;
}
