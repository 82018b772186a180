import { requireService } from '../../../platform/auth/guards.js';
import { badUserInput, insufficientStock, notFound } from '../../../platform/errors/domain-error.js';
import { isUuid } from '../../../platform/graphql/ids.js';
import type { Context } from '../context.js';
import { afterCommit } from '../data-access/inventory-transaction.js';
import { findReservation, reserveLines } from '../data-access/reservation.repository.js';
import type { Reservation, StockLine } from './inventory.js';
import { reservationExpiry } from './reservation-rules.js';
import { normalizeStockLines } from './stock-rules.js';

/**
 * Sale saga, step 1: holds every line at the store or none. Idempotent by
 * the caller's id: a reservation that exists (held, committed, released, or
 * a tombstone left by an earlier release) comes back unchanged and nothing
 * more is reserved. Claiming the id and taking the stock happen in one
 * statement (see reserveLines), so concurrent calls with the same id reserve
 * once, and when a line is short nothing is taken (INSUFFICIENT_STOCK with
 * productId and what is available).
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
  const expiresAt = reservationExpiry(new Date(), ctx.settings.reservationTtlSeconds);

  const reserved = await reserveLines(input.id, store, lines, expiresAt);
  if (reserved.outcome === 'short') {
    const { productId, available } = reserved;
    if (available === null) throw notFound(`Product ${productId} is not stocked at ${store.code}`, { productId });
    const wanted = lines.find((l) => l.productId === productId)!.quantity;
    throw insufficientStock(`Only ${available} of product ${productId} left at ${store.code}, ${wanted} wanted`, { productId, available });
  }
  if (reserved.outcome === 'exists') {
    // The id was taken before (a retry, a tombstone) or by a concurrent call that has committed: that reservation is the answer.
    if (!reserved.reservation) throw new Error(`Reservation ${input.id} was claimed but cannot be read`);
    return reserved.reservation;
  }
  // After the commit: cached stock of the changed levels is stale, the relay has events to publish.
  await afterCommit({ events: reserved.taken.length, levels: reserved.taken.map((t) => ({ locationId: store.id, productId: t.productId })) });
  return { id: input.id, locationId: store.id, status: 'HELD', expiresAt };
}
