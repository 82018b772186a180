import { requireService } from '../../../platform/auth/guards.js';
import { config } from '../../../platform/config/config.js';
import { badUserInput, insufficientStock, notFound } from '../../../platform/errors/domain-error.js';
import { isUuid } from '../../../platform/graphql/ids.js';
import type { Context } from '../context.js';
import { inInventoryTransaction } from '../data-access/inventory-transaction.js';
import { findReservation } from '../data-access/reservation.repository.js';
import type { Reservation, StockLine } from './inventory.js';
import { reservationExpiry } from './reservation-rules.js';
import { normalizeStockLines } from './stock-rules.js';

/**
 * Sale saga, step 1: holds every line at the store or none. Idempotent by
 * the caller's id: a reservation that exists (held, committed, released, or
 * a tombstone left by an earlier release) comes back unchanged and nothing
 * more is reserved. Claiming the id and taking the stock happen in one
 * transaction, so concurrent calls with the same id reserve once, and a line
 * that is short rolls every line back (INSUFFICIENT_STOCK with productId and
 * what is available).
 */
export async function reserveStock(ctx: Context, input: { id: string; storeId: string; lines: readonly StockLine[] }): Promise<Reservation> {
  requireService(ctx.viewer);
  if (!isUuid(input.id)) throw badUserInput('The reservation id must be a UUID', { field: 'id' });
  const lines = normalizeStockLines(input.lines);
  const existing = await findReservation(input.id);
  if (existing) return existing;

  const store = await ctx.loaders.location.load(input.storeId);
  if (!store) throw notFound(`Store ${input.storeId} not found`, { storeId: input.storeId });
  const expiresAt = reservationExpiry(new Date(), config().RESERVATION_TTL_SECONDS);

  const reserved = await inInventoryTransaction(async (tx): Promise<Reservation | null> => {
    if (!(await tx.claimReservation(input.id, store.id, expiresAt))) return null;
    for (const { productId, quantity } of lines) {
      if (await tx.takeStock(store.id, productId, quantity)) continue;
      const available = await tx.quantityOnHand(store.id, productId);
      if (available === null) throw notFound(`Product ${productId} is not stocked at ${store.code}`, { productId });
      throw insufficientStock(`Only ${available} of product ${productId} left at ${store.code}, ${quantity} wanted`, { productId, available });
    }
    await tx.insertReservationLines(input.id, lines);
    await tx.recordMovements(lines.map((l) => ({ locationId: store.id, productId: l.productId, delta: -l.quantity, kind: 'SALE_RESERVED' as const, reference: input.id })));
    return { id: input.id, locationId: store.id, status: 'HELD', expiresAt };
  });
  if (reserved) return reserved;
  // Another call claimed the id first (and has committed): that reservation is the answer.
  const winner = await findReservation(input.id);
  if (!winner) throw new Error(`Reservation ${input.id} was claimed but cannot be read`);
  return winner;
}
