import type { Logger } from '../../../platform/logging/logger.js';
import { findExpiredHeldReservationIds } from '../data-access/reservation.repository.js';
import { startPeriodicJob, type BackgroundJob } from './periodic-job.js';
import { releaseHeldStock } from './release-reservation.use-case.js';

/**
 * Releases HELD reservations whose time ran out (a saga that crashed or gave
 * up between reserve and commit), through the same path as
 * releaseReservation. A reservation committed meanwhile is left alone.
 * Returns how many were released.
 */
export async function releaseExpiredReservations(now = new Date(), logger?: Logger, batchSize = 100): Promise<number> {
  let released = 0;
  for (;;) {
    const ids = await findExpiredHeldReservationIds(now, batchSize);
    let progressed = false;
    for (const id of ids) {
      try {
        if ((await releaseHeldStock(id))?.status === 'RELEASED') released++;
        progressed = true;
      } catch (error) {
        logger?.warn({ err: error, reservationId: id }, 'could not release expired reservation');
      }
    }
    if (ids.length < batchSize || !progressed) return released;
  }
}

/** Runs releaseExpiredReservations every `intervalMs` until stopped (never two runs at once). */
export function startReservationExpiryJob(options: { intervalMs: number; logger: Logger }): BackgroundJob {
  return startPeriodicJob({
    name: 'reservation expiry run',
    intervalMs: options.intervalMs,
    logger: options.logger,
    run: async () => {
      const count = await releaseExpiredReservations(new Date(), options.logger);
      if (count > 0) options.logger.info({ count }, 'released expired reservations');
    },
  });
}
