import { pageSize, toConnection } from '../../../platform/graphql/pagination.js';
import { searchStock } from '../data-access/stock.repository.js';
import type { StockLevel, StockOrder } from './inventory.js';
import { decodeStockCursor, encodeStockCursor, LOW_STOCK_THRESHOLD } from './stock-rules.js';

export interface StockListArgs {
  search?: string | null;
  lowStockOnly?: boolean | null;
  orderBy?: StockOrder | null;
  first?: number | null;
  after?: string | null;
}

/** UC2: a store's (or the warehouse's) stock, searchable by product name, low-stock filter, keyset-paginated. */
export async function listStoreStock(locationId: string, args: StockListArgs) {
  const limit = pageSize(args.first);
  const orderBy = args.orderBy ?? 'PRODUCT_NAME';
  const page = await searchStock({
    locationId,
    search: args.search?.trim() || undefined,
    maxQuantity: args.lowStockOnly ? LOW_STOCK_THRESHOLD : undefined,
    orderBy,
    after: decodeStockCursor(args.after, orderBy),
    limit,
  });
  return toConnection<StockLevel>(page, (level) => encodeStockCursor(level, orderBy));
}
