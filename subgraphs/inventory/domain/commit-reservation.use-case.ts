import { requireService } from '../../../platform/auth/guards.js';
import { notFound } from '../../../platform/errors/domain-error.js';
import { isUuid } from '../../../platform/graphql/ids.js';
import type { Context } from '../context.js';
import { findReservation, transitionReservationAlone } from '../data-access/reservation.repository.js';
import type { Reservation } from './inventory.js';
import { assertCommittable } from './reservation-rules.js';

/**
 * Sale saga, step 3: the held stock is sold. HELD → COMMITTED by a
 * conditional update; committing again returns it; a released reservation is
 * CONFLICT; an unknown one NOT_FOUND.
 */
export async function commitReservation(ctx: Context, id: string): Promise<Reservation> {
  requireService(ctx.viewer);
  if (!isUuid(id)) throw notFound(`Reservation ${id} not found`);
  // No stock moves (it was taken when reserved): one conditional update, no outbox, nothing cached changes.
  const committed = await transitionReservationAlone(id, 'HELD', 'COMMITTED');
  if (committed) return committed;
  const existing = await findReservation(id);
  if (!existing) throw notFound(`Reservation ${id} not found`);
  assertCommittable(existing);
  return existing;
}
