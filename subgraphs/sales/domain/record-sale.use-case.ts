import { requireRole } from '../../../platform/auth/guards.js';
import { badUserInput, notFound } from '../../../platform/errors/domain-error.js';
import { isUuid } from '../../../platform/graphql/ids.js';
import type { Context } from '../context.js';
import type { LineRequest, Sale } from './sale.js';
import { runSaleSaga } from './sale-saga.js';
import { requireStoreStaff } from './sales-access.js';
import { normaliseIdempotencyKey, normaliseLines } from './sale-rules.js';

export interface RecordSaleInput {
  storeId: string;
  lines: readonly LineRequest[];
  customerId?: string | null;
  idempotencyKey?: string | null;
}

/**
 * A sale at the till, by a CLERK or STORE_MANAGER of that store (or
 * HQ_ADMIN). Input is checked before anything is written; then the sale saga
 * reserves stock, persists the sale with catalog prices and commits.
 */
export async function recordSale(ctx: Context, input: RecordSaleInput): Promise<Sale> {
  requireRole(ctx.viewer, ['CLERK', 'STORE_MANAGER', 'HQ_ADMIN']);
  if (!isUuid(input.storeId)) throw notFound(`Store ${input.storeId} not found`, { field: 'storeId' });
  const storeId = input.storeId.toLowerCase();
  const actor = requireStoreStaff(ctx.viewer, storeId);
  const lines = normaliseLines(input.lines);
  if (input.customerId != null && !isUuid(input.customerId)) throw badUserInput('customerId must be a customer id', { field: 'customerId' });
  const idempotencyKey = normaliseIdempotencyKey(input.idempotencyKey);

  return runSaleSaga({
    kind: 'RECORD_SALE',
    storeId,
    lines,
    customerId: input.customerId?.toLowerCase() ?? null,
    cartId: null,
    actorId: actor.id,
    idempotencyKey,
  }, ctx.settings.saga);
}
