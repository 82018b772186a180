import DataLoader from 'dataloader';
import { isUuid } from '../../../platform/graphql/ids.js';
import { stockCache, stockRequest, stockTags } from '../data-access/stock-cache.js';
import { findStockLevels } from '../data-access/stock.repository.js';
import type { StockKey, StockLevel } from './inventory.js';

const keyOf = (k: StockKey) => `${k.locationId.toLowerCase()}:${k.productId.toLowerCase()}`;

/** Levels for these keys, from the stock cache where it has them, the rest in one query. */
export async function findStockLevelsCached(keys: readonly StockKey[]): Promise<StockLevel[]> {
  const requests = keys.map((k) => stockRequest(`level:${keyOf(k)}`, [stockTags.level(k)]));
  const levels = await stockCache().getOrComputeMany<StockLevel | null>(requests, async (missed) => {
    const wanted = missed.map((r) => keys[requests.indexOf(r)]!);
    const found = new Map((await findStockLevels(wanted)).map((l) => [keyOf(l), l]));
    return wanted.map((k) => found.get(keyOf(k)) ?? null);
  });
  return levels.filter((l): l is StockLevel => l !== null);
}

/** Batches `Product.stock(storeId)` of one request (many products, many stores) into one (cached) lookup. */
export function createStockLevelLoader(
  findLevels: (keys: readonly StockKey[]) => Promise<StockLevel[]> = findStockLevelsCached,
): DataLoader<StockKey, StockLevel | null, string> {
  return new DataLoader(
    async (keys) => {
      const valid = keys.filter((k) => isUuid(k.locationId) && isUuid(k.productId));
      const found = new Map((valid.length ? await findLevels(valid) : []).map((l) => [keyOf(l), l]));
      return keys.map((k) => found.get(keyOf(k)) ?? null);
    },
    { cacheKeyFn: keyOf },
  );
}
