import type { Context } from '../context.js';
import type { StockLevel } from './inventory.js';

/**
 * Stock facts that reports and the dashboard show for a store (the figures
 * themselves are reporting's): what is on hand now, what is at or below the
 * low-stock threshold and what is at or above the overstock threshold. Public,
 * like every stock read; the report around them is guarded by reporting.
 */
export async function getRemainingStock(ctx: Context, storeId: string): Promise<number> {
  return (await ctx.loaders.storeStockFacts.load(storeId)).remainingStock;
}

export async function getStockOuts(ctx: Context, storeId: string): Promise<StockLevel[]> {
  return (await ctx.loaders.storeStockFacts.load(storeId)).stockOuts;
}

export async function getOverstock(ctx: Context, storeId: string): Promise<StockLevel[]> {
  return (await ctx.loaders.storeStockFacts.load(storeId)).overstock;
}
