import { createQueryCache } from '../../../platform/cache/create-query-cache.js';
import type { CacheRequest, QueryCache } from '../../../platform/cache/query-cache.js';
import { config } from '../../../platform/config/config.js';

/**
 * Cached product lookups: the router asks for the same products (a stock
 * page's, a sale's lines) over and over, and products change rarely. One
 * entry per set of ids asked together (one lookup per request), tagged with
 * each product: creating or changing a product bumps its tag right after the
 * write, before the mutation answers. Search pages too (at chain scale a
 * search reads and counts through 20,000 products), all stale at any change.
 */
let cache: QueryCache | undefined;

export function productCache(): QueryCache {
  cache ??= createQueryCache('catalog');
  return cache;
}

const productTag = (id: string) => `catalog:product:${id.toLowerCase()}`;
/** Every page of a search: any product created or changed may enter, leave or move in any of them. */
const SEARCH_TAG = 'catalog:search';

/** The request for the products `ids` (any order, duplicates allowed). */
export function productsRequest(ids: readonly string[]): CacheRequest {
  const sorted = [...new Set(ids.map((id) => id.toLowerCase()))].sort();
  return { key: `products:${sorted.join(',')}`, tags: sorted.map(productTag), ttlSeconds: config().CACHE_CATALOG_TTL_SECONDS };
}

/** A page of a product search (text, category, position, size). */
export function searchRequest(query: object): CacheRequest {
  return { key: `search:${JSON.stringify(query)}`, tags: [SEARCH_TAG], ttlSeconds: config().CACHE_CATALOG_TTL_SECONDS };
}

/** After a product was created or changed: its lookups and every search page are stale. */
export async function invalidateProducts(ids: readonly string[]): Promise<void> {
  await productCache().invalidate([...ids.map(productTag), SEARCH_TAG]);
}

export async function closeProductCache(): Promise<void> {
  await cache?.close();
  cache = undefined;
}
