import { requireService } from '../../../platform/auth/guards.js';
import { badUserInput, notFound } from '../../../platform/errors/domain-error.js';
import { isUuid } from '../../../platform/graphql/ids.js';
import type { Context } from '../context.js';
import { inInventoryTransaction } from '../data-access/inventory-transaction.js';
import type { StockLine } from './inventory.js';
import { normalizeStockLines } from './stock-rules.js';

/**
 * Returned goods go back on the store's shelf, once per return: the return id
 * is recorded first in the same transaction, so a retried or concurrent call
 * finds it taken and changes nothing (and still answers true).
 */
export async function restockReturn(ctx: Context, input: { returnId: string; storeId: string; lines: readonly StockLine[] }): Promise<boolean> {
  requireService(ctx.viewer);
  if (!isUuid(input.returnId)) throw badUserInput('The return id must be a UUID', { field: 'returnId' });
  const lines = normalizeStockLines(input.lines);
  const store = await ctx.loaders.location.load(input.storeId);
  if (!store) throw notFound(`Store ${input.storeId} not found`, { storeId: input.storeId });
  await inInventoryTransaction(async (tx) => {
    if (!(await tx.claimReturn(input.returnId))) return;
    for (const line of lines) await tx.addStock(store.id, line.productId, line.quantity);
    await tx.recordMovements(
      lines.map((l) => ({ locationId: store.id, productId: l.productId, delta: l.quantity, kind: 'RETURN_RESTOCKED' as const, reference: input.returnId })),
    );
  });
  return true;
}
