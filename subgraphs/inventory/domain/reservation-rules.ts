import { conflict } from '../../../platform/errors/domain-error.js';
import type { Reservation } from './inventory.js';

/** When a reservation made at `now` is released unless committed. */
export function reservationExpiry(now: Date, ttlSeconds: number): Date {
  return new Date(now.getTime() + ttlSeconds * 1000);
}

/** A tombstone marks an id released before anything was reserved with it. */
export function isTombstone(reservation: Reservation): boolean {
  return reservation.status === 'RELEASED' && reservation.locationId === null;
}

/** Committing a released reservation is CONFLICT (its stock went back on the shelf). */
export function assertCommittable(reservation: Reservation): void {
  if (reservation.status === 'RELEASED') throw conflict(`Reservation ${reservation.id} was released`, { status: reservation.status });
}

/** Releasing a committed reservation is CONFLICT (the goods were sold). */
export function assertReleasable(reservation: Reservation): void {
  if (reservation.status === 'COMMITTED') throw conflict(`Reservation ${reservation.id} was committed`, { status: reservation.status });
}
