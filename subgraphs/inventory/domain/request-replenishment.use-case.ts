import { requireStoreAccess } from '../../../platform/auth/guards.js';
import { badUserInput, notFound } from '../../../platform/errors/domain-error.js';
import { isUuid } from '../../../platform/graphql/ids.js';
import type { Context } from '../context.js';
import { insertReplenishmentRequest } from '../data-access/replenishment.repository.js';
import { findStockLevel } from '../data-access/stock.repository.js';
import { getWarehouse } from './get-store.use-case.js';
import type { ReplenishmentRequest } from './inventory.js';
import { REQUESTER_ROLES } from './replenishment-rules.js';
import { validateQuantity } from './stock-rules.js';

/** UC2: store staff (or head office) ask the warehouse for more of a product. */
export async function requestReplenishment(
  ctx: Context,
  args: { storeId: string; productId: string; quantity: number },
): Promise<ReplenishmentRequest> {
  const viewer = requireStoreAccess(ctx.viewer, REQUESTER_ROLES, args.storeId);
  const quantity = validateQuantity(args.quantity);
  const store = await ctx.loaders.location.load(args.storeId);
  if (!store) throw notFound(`Store ${args.storeId} not found`, { storeId: args.storeId });
  if (store.kind !== 'STORE') throw badUserInput('Replenishment is requested for a store, not the warehouse', { field: 'storeId' });
  const warehouse = await getWarehouse(ctx);
  const stocked = isUuid(args.productId) ? await findStockLevel(warehouse.id, args.productId) : null;
  if (!stocked) throw notFound(`Product ${args.productId} is not stocked in the warehouse`, { productId: args.productId });
  return insertReplenishmentRequest({ storeId: store.id, productId: stocked.productId, quantity, requestedBy: viewer.id });
}
