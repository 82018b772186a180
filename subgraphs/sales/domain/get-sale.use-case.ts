import { requireViewer } from '../../../platform/auth/guards.js';
import type { Context } from '../context.js';
import type { Sale } from './sale.js';
import { requireSaleReader } from './sales-access.js';

/** `sale(id)`: staff of its store, HQ_ADMIN or its customer; null when there is no such sale. */
export async function getSale(ctx: Context, id: string): Promise<Sale | null> {
  requireViewer(ctx.viewer);
  const sale = await ctx.loaders.sale.load(id);
  if (!sale) return null;
  requireSaleReader(ctx.viewer, sale);
  return sale;
}

/** A sale referenced by another subgraph (`Sale @key(fields: "id")`), batched. */
export function resolveSaleReference(ctx: Context, id: string): Promise<Sale | null> {
  return ctx.loaders.sale.load(id);
}
