import { config } from '../../../platform/config/config.js';
import { createQueryCache } from '../../../platform/cache/create-query-cache.js';
import type { CacheRequest, QueryCache } from '../../../platform/cache/query-cache.js';
import type { StockKey } from '../domain/inventory.js';

/**
 * Cached stock answers (a location's stock list pages, a product's level at a
 * location, a store's stock facts), invalidated precisely: every committed
 * change of a level bumps the tag of its location and the tag of the level
 * (see inInventoryTransaction), before the mutation answers.
 */
let cache: QueryCache | undefined;

export function stockCache(): QueryCache {
  cache ??= createQueryCache('stock');
  return cache;
}

export const stockTags = {
  /** The list of locations (written only when stores and the warehouse are set up). */
  locations: 'stock:locations',
  location: (locationId: string) => `stock:location:${locationId.toLowerCase()}`,
  level: (key: StockKey) => `stock:level:${key.locationId.toLowerCase()}:${key.productId.toLowerCase()}`,
};

export function stockRequest(key: string, tags: string[]): CacheRequest {
  return { key, tags, ttlSeconds: config().CACHE_STOCK_TTL_SECONDS };
}

/** After a commit that changed these levels. */
export async function invalidateStock(levels: readonly StockKey[]): Promise<void> {
  const tags = new Set<string>();
  for (const level of levels) {
    tags.add(stockTags.location(level.locationId));
    tags.add(stockTags.level(level));
  }
  await stockCache().invalidate([...tags]);
}

export async function closeStockCache(): Promise<void> {
  await cache?.close();
  cache = undefined;
}
