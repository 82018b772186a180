import type { Reservation, ReservationStatus } from '../domain/inventory.js';
import { inventoryDb, inventorySql } from './inventory-database.js';
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

/**
 * Moves a reservation from one status to another only if it is in `from`
 * (one conditional UPDATE, its own transaction); null otherwise. For changes
 * that move no stock (a commit): those that do go through inInventoryTransaction.
 */
export async function transitionReservationAlone(id: string, from: ReservationStatus, to: ReservationStatus): Promise<Reservation | null> {
  const rows = await inventorySql().query<Reservation>(
    `UPDATE "Reservation" SET status = $3::"ReservationStatus", "updatedAt" = now()
     WHERE id = $1::uuid AND status = $2::"ReservationStatus"
     RETURNING id::text AS id, "locationId"::text AS "locationId", status::text AS status, "expiresAt"`,
    [id, from, to],
  );
  return rows[0] ? toReservation(rows[0]) : null;
}
