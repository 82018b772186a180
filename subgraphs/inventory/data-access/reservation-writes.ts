import type { Reservation } from '../domain/inventory.js';
import type { InventoryTx, Tx } from './inventory-tx.js';
import { toReservation } from './rows.js';

/** A unit of work's writes of reservations (claims, lines, transitions, tombstones) and of restocked returns. */
export function reservationWrites(tx: Tx): Pick<InventoryTx, 'claimReservation' | 'insertReservationLines' | 'transitionReservation' | 'reservationLines' | 'insertReservationTombstone' | 'findReservation' | 'claimReturn'> {
  return {
    async claimReservation(id, locationId, expiresAt) {
      const rows = await tx.$queryRaw<Array<{ id: string }>>`
        INSERT INTO "Reservation" (id, "locationId", status, "expiresAt", "createdAt", "updatedAt")
        VALUES (${id}::uuid, ${locationId}::uuid, 'HELD', ${expiresAt}::timestamptz, now(), now())
        ON CONFLICT (id) DO NOTHING
        RETURNING id`;
      return rows.length === 1;
    },

    async insertReservationLines(id, lines) {
      await tx.reservationLine.createMany({ data: lines.map((l) => ({ reservationId: id, productId: l.productId, quantity: l.quantity })) });
    },

    async transitionReservation(id, from, to) {
      const rows = await tx.$queryRawUnsafe<Reservation[]>(
        `UPDATE "Reservation" SET status = $3::"ReservationStatus", "updatedAt" = now()
         WHERE id = $1::uuid AND status = $2::"ReservationStatus"
         RETURNING id, "locationId", status, "expiresAt"`,
        id,
        from,
        to,
      );
      return rows[0] ? toReservation(rows[0]) : null;
    },

    async reservationLines(id) {
      return tx.reservationLine.findMany({ where: { reservationId: id }, select: { productId: true, quantity: true }, orderBy: { productId: 'asc' } });
    },

    async insertReservationTombstone(id) {
      const rows = await tx.$queryRaw<Array<{ id: string }>>`
        INSERT INTO "Reservation" (id, "locationId", status, "expiresAt", "createdAt", "updatedAt")
        VALUES (${id}::uuid, NULL, 'RELEASED', now(), now(), now())
        ON CONFLICT (id) DO NOTHING
        RETURNING id`;
      return rows.length === 1;
    },

    async findReservation(id) {
      const row = await tx.reservation.findUnique({ where: { id } });
      return row && toReservation(row);
    },

    async claimReturn(returnId) {
      const rows = await tx.$queryRaw<Array<{ returnId: string }>>`
        INSERT INTO "RestockedReturn" ("returnId", "createdAt") VALUES (${returnId}::uuid, now())
        ON CONFLICT ("returnId") DO NOTHING
        RETURNING "returnId"`;
      return rows.length === 1;
    },
  };
}
