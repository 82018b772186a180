import { pageSize } from '../../../platform/graphql/pagination.js';
import type { Context } from '../context.js';
import type { StockLevel } from './inventory.js';

/**
 * Stock facts that reports and the dashboard show for a store (the figures
 * themselves are reporting's): what is on hand now, how many levels are at
 * or below the low-stock threshold or at or above the overstock threshold,
 * and the first of them, worst first. Public, like every stock read; the
 * report around them is guarded by reporting.
 */
export async function getRemainingStock(ctx: Context, storeId: string): Promise<number> {
  return (await ctx.loaders.storeStockFacts.load(storeId)).remainingStock;
}

export async function getStockOutCount(ctx: Context, storeId: string): Promise<number> {
  return (await ctx.loaders.storeStockFacts.load(storeId)).stockOutCount;
}

export async function getOverstockCount(ctx: Context, storeId: string): Promise<number> {
  return (await ctx.loaders.storeStockFacts.load(storeId)).overstockCount;
}

/** The `first` (1…100, default 10) lowest levels at or below the low-stock threshold. */
export async function getStockOuts(ctx: Context, storeId: string, first: number | null | undefined): Promise<StockLevel[]> {
  return ctx.loaders.worstLevels.load({ storeId, kind: 'stockOuts', first: pageSize(first, 10) });
}

/** The `first` (1…100, default 10) highest levels at or above the overstock threshold. */
export async function getOverstock(ctx: Context, storeId: string, first: number | null | undefined): Promise<StockLevel[]> {
  return ctx.loaders.worstLevels.load({ storeId, kind: 'overstock', first: pageSize(first, 10) });
}
