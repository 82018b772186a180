import { randomUUID } from 'node:crypto';
import { requireRole } from '../../../platform/auth/guards.js';
import { conflict, notFound } from '../../../platform/errors/domain-error.js';
import { isUuid } from '../../../platform/graphql/ids.js';
import { createLogger } from '../../../platform/logging/logger.js';
import type { Context } from '../context.js';
import { restockReturn } from '../data-access/inventory.client.js';
import { findReturnByKey, markStockRestored, recordReturn } from '../data-access/return.repository.js';
import { findSaleById } from '../data-access/sale.repository.js';
import { normaliseReason, normaliseReturnLines, planReturn } from './return-rules.js';
import type { LineRequest, SaleReturn } from './sale.js';
import { requireStoreStaff } from './sales-access.js';
import { normaliseIdempotencyKey } from './sale-rules.js';

const logger = createLogger('sales').child({ component: 'returns' });

export interface ReturnSaleInput {
  saleId: string;
  lines?: readonly LineRequest[] | null;
  reason?: string | null;
  idempotencyKey?: string | null;
}

/**
 * Goods come back to the till (CLERK or STORE_MANAGER of the sale's store,
 * or HQ_ADMIN): all that remains when no lines are given. Refunded at the
 * sale's unit prices; never more than was sold, also under concurrency (row
 * lock on the sale). Once committed, inventory puts the goods back on the
 * shelf; if it cannot be reached, recovery does it later.
 */
export async function returnSale(ctx: Context, input: ReturnSaleInput): Promise<SaleReturn> {
  requireRole(ctx.viewer, ['CLERK', 'STORE_MANAGER', 'HQ_ADMIN']);
  const requested = normaliseReturnLines(input.lines);
  const reason = normaliseReason(input.reason);
  const idempotencyKey = normaliseIdempotencyKey(input.idempotencyKey);
  const sale = isUuid(input.saleId) ? await findSaleById(input.saleId.toLowerCase()) : null;
  if (!sale) throw notFound(`Sale ${input.saleId} not found`);
  const actor = requireStoreStaff(ctx.viewer, sale.storeId);

  if (idempotencyKey) {
    const first = await findReturnByKey(idempotencyKey);
    if (first) return sameSale(first, sale.id);
  }
  const outcome = await recordReturn(
    { id: randomUUID(), saleId: sale.id, idempotencyKey, reason, createdBy: actor.id },
    (saleLines) => planReturn(saleLines, requested),
  );
  if (!outcome) throw notFound(`Sale ${input.saleId} not found`);
  if (!outcome.created) return sameSale(outcome.saleReturn, sale.id);

  await restock(outcome.saleReturn.id, outcome.storeId, outcome.lines);
  return outcome.saleReturn;
}

function sameSale(first: SaleReturn, saleId: string): SaleReturn {
  if (first.saleId !== saleId) throw conflict('This idempotency key was already used for another sale', { field: 'idempotencyKey' });
  return first;
}

/** Puts returned goods back on the shelf (once per return); true when inventory confirmed it. */
export async function restock(returnId: string, storeId: string, lines: readonly LineRequest[]): Promise<boolean> {
  try {
    await restockReturn(returnId, storeId, lines);
    await markStockRestored(returnId);
    return true;
  } catch (error) {
    logger.warn({ err: error, returnId }, 'restock deferred to recovery');
    return false;
  }
}
