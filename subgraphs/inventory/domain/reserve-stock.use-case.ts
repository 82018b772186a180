import { requireService } from '../../../platform/auth/guards.js';
import { config } from '../../../platform/config/config.js';
import { badUserInput, insufficientStock, notFound } from '../../../platform/errors/domain-error.js';
import { isUuid } from '../../../platform/graphql/ids.js';
import type { Context } from '../context.js';
import { inReservationTransaction } from '../data-access/inventory-transaction.js';
import { findReservation } from '../data-access/reservation.repository.js';
import type { Reservation, StockLine } from './inventory.js';
import { reservationExpiry } from './reservation-rules.js';
import { normalizeStockLines } from './stock-rules.js';

/**
 * Sale saga, step 1: holds every line at the store or none. Idempotent by
 * the caller's id: a reservation that exists (held, committed, released, or
 * a tombstone left by an earlier release) comes back unchanged and nothing
 * more is reserved. Claiming the id and taking the stock happen in one
 * statement of one transaction (two statements in all: claim and take, then
 * lines, ledger and outbox), so concurrent calls with the same id reserve
 * once, and a line that is short rolls every line back (INSUFFICIENT_STOCK
 * with productId and what is available).
 */
export async function reserveStock(ctx: Context, input: { id: string; storeId: string; lines: readonly StockLine[] }): Promise<Reservation> {
  requireService(ctx.viewer);
  if (!isUuid(input.id)) throw badUserInput('The reservation id must be a UUID', { field: 'id' });
  const lines = normalizeStockLines(input.lines);

  const store = await ctx.loaders.location.load(input.storeId);
  if (!store) {
    // An id reserved (or tombstoned) before is the answer even when the store cannot be found now.
    const existing = await findReservation(input.id);
    if (existing) return existing;
    throw notFound(`Store ${input.storeId} not found`, { storeId: input.storeId });
  }
  const expiresAt = reservationExpiry(new Date(), config().RESERVATION_TTL_SECONDS);

  const reserved = await inReservationTransaction(async (tx): Promise<Reservation | null> => {
    const { claimed, taken } = await tx.claimAndTakeStock(input.id, store.id, expiresAt, lines);
    if (!claimed) return null;
    const left = new Map(taken.map((t) => [t.productId, t.quantity]));
    const short = lines.find((l) => !left.has(l.productId));
    if (short) {
      // Throwing rolls back the claim and the lines already taken.
      const available = await tx.quantityOnHand(store.id, short.productId);
      if (available === null) throw notFound(`Product ${short.productId} is not stocked at ${store.code}`, { productId: short.productId });
      throw insufficientStock(`Only ${available} of product ${short.productId} left at ${store.code}, ${short.quantity} wanted`, { productId: short.productId, available });
    }
    await tx.recordReservation(input.id, store, lines.map((l) => ({ ...l, left: left.get(l.productId)! })));
    return { id: input.id, locationId: store.id, status: 'HELD', expiresAt };
  });
  if (reserved) return reserved;
  // The id was taken before (a retry, a tombstone) or by a concurrent call that has committed: that reservation is the answer.
  const winner = await findReservation(input.id);
  if (!winner) throw new Error(`Reservation ${input.id} was claimed but cannot be read`);
  return winner;
}
