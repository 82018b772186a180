import { requireRole } from '../../../platform/auth/guards.js';
import { insufficientStock, notFound } from '../../../platform/errors/domain-error.js';
import { isUuid } from '../../../platform/graphql/ids.js';
import type { Context } from '../context.js';
import { inInventoryTransaction } from '../data-access/inventory-transaction.js';
import { getWarehouse } from './get-store.use-case.js';
import type { ReplenishmentRequest } from './inventory.js';
import { assertPending, DECIDER_ROLES } from './replenishment-rules.js';

/**
 * UC6: logistics approves a request and the stock moves warehouse → store in
 * one transaction: the request row is locked (a second decision waits, then
 * sees it decided: CONFLICT), the warehouse is decremented only if it has
 * enough (else INSUFFICIENT_STOCK and nothing changes), the store is
 * incremented, and both sides go into the ledger.
 */
export async function approveReplenishment(ctx: Context, id: string): Promise<ReplenishmentRequest> {
  const viewer = requireRole(ctx.viewer, DECIDER_ROLES);
  if (!isUuid(id)) throw notFound(`Replenishment request ${id} not found`);
  const warehouse = await getWarehouse(ctx);
  return inInventoryTransaction(async (tx) => {
    const request = await tx.lockReplenishmentRequest(id);
    if (!request) throw notFound(`Replenishment request ${id} not found`);
    assertPending(request);
    const { productId, quantity, storeId } = request;
    const taken = await tx.takeStock(warehouse.id, productId, quantity);
    if (!taken) {
      const available = (await tx.quantityOnHand(warehouse.id, productId)) ?? 0;
      throw insufficientStock(`The warehouse has ${available} of the ${quantity} requested`, { productId, available });
    }
    await tx.addStock(storeId, productId, quantity, taken.productName);
    await tx.recordMovements([
      { locationId: warehouse.id, productId, delta: -quantity, kind: 'REPLENISHMENT_OUT', reference: id, actorId: viewer.id },
      { locationId: storeId, productId, delta: quantity, kind: 'REPLENISHMENT_IN', reference: id, actorId: viewer.id },
    ]);
    return tx.decideReplenishmentRequest(id, { status: 'APPROVED', decidedBy: viewer.id, reason: request.reason });
  });
}
