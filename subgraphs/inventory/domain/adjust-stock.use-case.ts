import { requireStoreAccess } from '../../../platform/auth/guards.js';
import { insufficientStock, notFound } from '../../../platform/errors/domain-error.js';
import { isUuid } from '../../../platform/graphql/ids.js';
import type { Context } from '../context.js';
import { inInventoryTransaction } from '../data-access/inventory-transaction.js';
import type { StockLevel } from './inventory.js';
import { validateDelta, validateReason } from './stock-rules.js';

/**
 * A store manager (or head office) corrects a quantity: found goods, damage,
 * stocktake. A decrement is a conditional update, so it can never go below
 * zero (INSUFFICIENT_STOCK); an increment of a product not stocked here
 * creates its level. Every adjustment is written to the ledger.
 */
export async function adjustStock(
  ctx: Context,
  args: { storeId: string; productId: string; delta: number; reason: string },
): Promise<StockLevel> {
  const viewer = requireStoreAccess(ctx.viewer, ['STORE_MANAGER', 'HQ_ADMIN'], args.storeId);
  const delta = validateDelta(args.delta);
  const reason = validateReason(args.reason);
  const location = await ctx.loaders.location.load(args.storeId);
  if (!location) throw notFound(`Store ${args.storeId} not found`, { storeId: args.storeId });
  const { productId } = args;
  if (!isUuid(productId)) throw notFound(`Product ${productId} not found`, { productId });
  return inInventoryTransaction(async (tx) => {
    let level: StockLevel | null;
    if (delta < 0) {
      level = await tx.takeStock(location.id, productId, -delta);
      if (!level) {
        const available = await tx.quantityOnHand(location.id, productId);
        if (available === null) throw notFound(`Product ${productId} is not stocked at ${location.code}`, { productId });
        throw insufficientStock(`Only ${available} on hand at ${location.code}`, { productId, available });
      }
    } else {
      level = await tx.addStock(location.id, productId, delta);
    }
    await tx.recordMovements([{ locationId: location.id, productId: level.productId, delta, kind: 'ADJUSTMENT', reason, actorId: viewer.id }]);
    return level;
  });
}
