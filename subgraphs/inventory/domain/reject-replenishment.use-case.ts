import { requireRole } from '../../../platform/auth/guards.js';
import { notFound } from '../../../platform/errors/domain-error.js';
import { isUuid } from '../../../platform/graphql/ids.js';
import type { Context } from '../context.js';
import { inInventoryTransaction } from '../data-access/inventory-transaction.js';
import type { ReplenishmentRequest } from './inventory.js';
import { assertPending, DECIDER_ROLES, normalizeRejectionReason } from './replenishment-rules.js';

/** UC6: logistics turns a request down; deciding twice is CONFLICT. */
export async function rejectReplenishment(ctx: Context, id: string, reason: string | null | undefined): Promise<ReplenishmentRequest> {
  const viewer = requireRole(ctx.viewer, DECIDER_ROLES);
  if (!isUuid(id)) throw notFound(`Replenishment request ${id} not found`);
  const why = normalizeRejectionReason(reason);
  return inInventoryTransaction(async (tx) => {
    const request = await tx.lockReplenishmentRequest(id);
    if (!request) throw notFound(`Replenishment request ${id} not found`);
    assertPending(request);
    return tx.decideReplenishmentRequest(id, { status: 'REJECTED', decidedBy: viewer.id, reason: why });
  });
}
