import type { Context } from '../context.js';
import { findStockAlerts } from '../data-access/stock-alert.repository.js';
import type { StockAlert } from './reporting.js';
import { stockAlertScope } from './reporting-access.js';

/**
 * UC7: critical stock alerts, newest first: open ones, and resolved ones too
 * with includeResolved. Head office and logistics see every store (or the
 * one named); a store manager sees their own store.
 */
export async function listStockAlerts(ctx: Context, args: { storeId?: string | null; includeResolved?: boolean | null }): Promise<StockAlert[]> {
  const storeId = stockAlertScope(ctx.viewer, args.storeId);
  return findStockAlerts({ storeId: storeId?.toLowerCase(), includeResolved: args.includeResolved ?? false });
}
