import type { Context } from '../context.js';
import type { StockLevel } from './inventory.js';

/** Stock of a product at a store or the warehouse; null when not stocked there (or ids are malformed). */
export function getProductStock(ctx: Context, productId: string, locationId: string): Promise<StockLevel | null> {
  return ctx.loaders.stockLevel.load({ locationId, productId });
}
