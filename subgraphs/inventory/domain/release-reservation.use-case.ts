import { requireService } from '../../../platform/auth/guards.js';
import { badUserInput } from '../../../platform/errors/domain-error.js';
import { isUuid } from '../../../platform/graphql/ids.js';
import type { Context } from '../context.js';
import { inInventoryTransaction } from '../data-access/inventory-transaction.js';
import type { Reservation } from './inventory.js';
import { assertReleasable, isTombstone } from './reservation-rules.js';

/** Sale saga compensation (service callers only); see releaseHeldStock. */
export async function releaseReservation(ctx: Context, id: string): Promise<Reservation | null> {
  requireService(ctx.viewer);
  if (!isUuid(id)) throw badUserInput('The reservation id must be a UUID', { field: 'id' });
  return releaseHeldStock(id);
}

type Attempt = { settled: Reservation | null } | { found: Reservation | null };

/**
 * Gives a held reservation's stock back, once: HELD → RELEASED by a
 * conditional update, then the lines go back on the shelf with SALE_RELEASED
 * movements, all in one transaction. Releasing again returns it; a committed
 * reservation is CONFLICT. An unknown id gets a tombstone (RELEASED, no
 * lines) and null: nothing was reserved, and a late reserve with that id
 * will reserve nothing either. Also the path of the expiry job.
 */
export async function releaseHeldStock(id: string): Promise<Reservation | null> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const outcome = await inInventoryTransaction(async (tx): Promise<Attempt> => {
      const released = await tx.transitionReservation(id, 'HELD', 'RELEASED');
      if (released) {
        const lines = await tx.reservationLines(id);
        for (const line of lines) await tx.addStock(released.locationId!, line.productId, line.quantity);
        await tx.recordMovements(
          lines.map((l) => ({ locationId: released.locationId!, productId: l.productId, delta: l.quantity, kind: 'SALE_RELEASED' as const, reference: id })),
        );
        return { settled: released };
      }
      if (await tx.insertReservationTombstone(id)) return { settled: null };
      return { found: await tx.findReservation(id) };
    });
    if ('settled' in outcome) return outcome.settled;
    const existing = outcome.found;
    // HELD: a reserve with this id committed while we looked; release it on the next attempt.
    if (!existing || existing.status === 'HELD') continue;
    assertReleasable(existing);
    return isTombstone(existing) ? null : existing;
  }
  throw new Error(`Reservation ${id} kept changing while being released`);
}
