import type { Context } from '../context.js';
import { validateWindow } from './report-rules.js';
import { requireHeadOffice, requireStoreRevenueAccess } from './reporting-access.js';

/** A store's revenue in [from, to), net of returns: head office and that store's manager. */
export async function getStoreRevenue(ctx: Context, storeId: string, args: { from: Date | string; to: Date | string }): Promise<string> {
  requireStoreRevenueAccess(ctx.viewer, storeId);
  const { from, to } = validateWindow(new Date(args.from), new Date(args.to));
  return ctx.loaders.storeRevenue.load({ id: storeId.toLowerCase(), from, to });
}

/** A product's units sold in [from, to), net of returns: head office. */
export async function getProductUnitsSold(ctx: Context, productId: string, args: { from: Date | string; to: Date | string }): Promise<number> {
  requireHeadOffice(ctx.viewer);
  const { from, to } = validateWindow(new Date(args.from), new Date(args.to));
  return ctx.loaders.productUnits.load({ id: productId.toLowerCase(), from, to });
}
