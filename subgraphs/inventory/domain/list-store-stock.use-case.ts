import { pageSize, toConnection } from '../../../platform/graphql/pagination.js';
import { stockCache, stockRequest, stockTags } from '../data-access/stock-cache.js';
import { searchStock } from '../data-access/stock.repository.js';
import type { StockLevel, StockOrder } from './inventory.js';
import type { StockThresholds } from './inventory-settings.js';
import { decodeStockCursor, encodeStockCursor } from './stock-rules.js';

export interface StockListArgs {
  search?: string | null;
  lowStockOnly?: boolean | null;
  orderBy?: StockOrder | null;
  first?: number | null;
  after?: string | null;
}

/** UC2: a store's (or the warehouse's) stock, searchable by product name, low-stock filter, keyset-paginated; cached. */
export async function listStoreStock(locationId: string, args: StockListArgs, thresholds: StockThresholds) {
  const limit = pageSize(args.first);
  const orderBy = args.orderBy ?? 'PRODUCT_NAME';
  const query = {
    locationId: locationId.toLowerCase(),
    search: args.search?.trim() || undefined,
    maxQuantity: args.lowStockOnly ? thresholds.low : undefined,
    orderBy,
    after: decodeStockCursor(args.after, orderBy),
    limit,
  };
  // One cached page per query; any change at the location makes its pages stale.
  const page = await stockCache().getOrCompute(stockRequest(`list:${JSON.stringify(query)}`, [stockTags.location(query.locationId)]), () => searchStock(query));
  return toConnection<StockLevel>(page, (level) => encodeStockCursor(level, orderBy));
}
