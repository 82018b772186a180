import DataLoader from 'dataloader';
import { isUuid } from '../../../platform/graphql/ids.js';
import { findStockLevels } from '../data-access/stock.repository.js';
import type { StockKey, StockLevel } from './inventory.js';

const keyOf = (k: StockKey) => `${k.locationId.toLowerCase()}:${k.productId.toLowerCase()}`;

/** Batches `Product.stock(storeId)` of one request (many products, many stores) into one query. */
export function createStockLevelLoader(
  findLevels: (keys: readonly StockKey[]) => Promise<StockLevel[]> = findStockLevels,
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
