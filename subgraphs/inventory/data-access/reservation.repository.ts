import type { Reservation } from '../domain/inventory.js';
import { inventoryDb } from './inventory-database.js';
import { toReservation } from './rows.js';

export async function findReservation(id: string): Promise<Reservation | null> {
  const row = await inventoryDb().reservation.findUnique({ where: { id } });
  return row && toReservation(row);
}

export async function findReservationLines(id: string): Promise<Array<{ productId: string; quantity: number }>> {
  return inventoryDb().reservationLine.findMany({ where: { reservationId: id }, select: { productId: true, quantity: true }, orderBy: { productId: 'asc' } });
}

/** Ids of HELD reservations that expired before `now`, oldest first. */
export async function findExpiredHeldReservationIds(now: Date, limit: number): Promise<string[]> {
  const rows = await inventoryDb().reservation.findMany({
    where: { status: 'HELD', expiresAt: { lt: now } },
    select: { id: true },
    orderBy: { expiresAt: 'asc' },
    take: limit,
  });
  return rows.map((r) => r.id);
}
