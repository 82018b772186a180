import { isUuid } from '../../../platform/graphql/ids.js';
import type { Context } from '../context.js';
import { listReplenishmentRequests as listRequestRows } from '../data-access/replenishment.repository.js';
import type { ReplenishmentRequest, ReplenishmentStatus } from './inventory.js';
import { replenishmentReadScope } from './replenishment-rules.js';

/** Staff only; store-bound staff see their own store's requests. Newest first. */
export async function listReplenishmentRequests(
  ctx: Context,
  args: { status?: ReplenishmentStatus | null; storeId?: string | null },
): Promise<ReplenishmentRequest[]> {
  const scope = replenishmentReadScope(ctx.viewer, args.storeId);
  if (scope.storeId !== undefined && !isUuid(scope.storeId)) return [];
  return listRequestRows({ status: args.status ?? undefined, storeId: scope.storeId });
}
