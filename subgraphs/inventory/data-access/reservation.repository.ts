import { randomUUID } from 'node:crypto';
import type { Reservation, ReservationStatus, StockLine } from '../domain/inventory.js';
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

export type ReserveOutcome =
  | { outcome: 'reserved'; taken: Array<{ productId: string; left: number }> }
  /** The id exists (a retry, a tombstone): that reservation is the answer. Null when it was claimed concurrently and committed after this statement began. */
  | { outcome: 'exists'; reservation: Reservation | null }
  /** The first line (by product id) that is not stocked (available null) or not stocked enough. */
  | { outcome: 'short'; productId: string; available: number | null };

/**
 * Holds every line at a location or none, in ONE statement (its own
 * transaction, so all or nothing): the levels of the lines are locked in
 * product order (FOR UPDATE re-reads a level another sale changed meanwhile),
 * and only when every line has enough and the id is new are the reservation
 * claimed, the levels taken, and the lines, SALE_RESERVED movements and
 * StockChanged events (with the quantity left) written. Should a level
 * still not have enough, the CHECK on StockLevel fails the whole statement.
 * A claim racing another with the same id waits for it (ON CONFLICT).
 */
export async function reserveLines(id: string, location: { id: string; kind: 'STORE' | 'WAREHOUSE' }, lines: readonly StockLine[], expiresAt: Date): Promise<ReserveOutcome> {
  const occurredAt = new Date();
  const rows = await inventorySql().query<{ claimed: number; existing: string | null; productId: string | null; left: number | null; shortProduct: string | null; available: number | null }>(
    `WITH wanted AS (
       SELECT * FROM unnest($4::uuid[], $5::int[], $6::uuid[], $7::uuid[]) AS w("productId", quantity, "movementId", "eventId")
     ), locked AS MATERIALIZED (
       SELECT l."productId", l.quantity FROM "StockLevel" l
       WHERE l."locationId" = $2::uuid AND l."productId" = ANY($4::uuid[])
       ORDER BY l."productId"
       FOR UPDATE
     ), short AS (
       SELECT w."productId", k.quantity AS available FROM wanted w LEFT JOIN locked k USING ("productId")
       WHERE k.quantity IS NULL OR k.quantity < w.quantity
       ORDER BY w."productId" LIMIT 1
     ), existing AS (
       SELECT id, status FROM "Reservation" WHERE id = $1::uuid
     ), claim AS (
       INSERT INTO "Reservation" (id, "locationId", status, "expiresAt", "createdAt", "updatedAt")
       SELECT $1::uuid, $2::uuid, 'HELD', $3::timestamptz, now(), now()
       WHERE NOT EXISTS (SELECT 1 FROM existing) AND NOT EXISTS (SELECT 1 FROM short)
       ON CONFLICT (id) DO NOTHING
       RETURNING id
     ), taken AS (
       UPDATE "StockLevel" l SET quantity = l.quantity - w.quantity, "updatedAt" = now()
       FROM wanted w, claim
       WHERE l."locationId" = $2::uuid AND l."productId" = w."productId"
       RETURNING l."productId", l.quantity AS "left", w.quantity, w."movementId", w."eventId"
     ), lines AS (
       INSERT INTO "ReservationLine" ("reservationId", "productId", quantity) SELECT $1::uuid, "productId", quantity FROM taken
     ), moves AS (
       INSERT INTO "StockMovement" (id, "locationId", "productId", delta, kind, reference)
       SELECT "movementId", $2::uuid, "productId", -quantity, 'SALE_RESERVED', $8::text FROM taken
     ), outbox AS (
       INSERT INTO "OutboxEvent" (id, type, payload, "occurredAt")
       SELECT "eventId", 'StockChanged',
              jsonb_build_object('storeId', $2::uuid::text, 'locationKind', $9::text, 'productId', "productId"::text, 'quantity', "left",
                                 'delta', -quantity, 'kind', 'SALE_RESERVED', 'reference', $8::text, 'occurredAt', $10::text),
              $11::timestamptz
       FROM taken ORDER BY "productId"
     )
     SELECT (SELECT count(*) FROM claim)::int AS claimed, (SELECT status::text FROM existing) AS existing,
            t."productId"::text AS "productId", t."left", s."productId"::text AS "shortProduct", s.available
     FROM (SELECT 1) AS one LEFT JOIN taken t ON true LEFT JOIN short s ON true`,
    [
      id,
      location.id,
      expiresAt,
      lines.map((l) => l.productId),
      lines.map((l) => l.quantity),
      lines.map(() => randomUUID()),
      lines.map(() => randomUUID()),
      id,
      location.kind,
      occurredAt.toISOString(),
      occurredAt,
    ],
  );
  const first = rows[0]!;
  if (first.claimed === 1) {
    const taken = rows.filter((r) => r.productId !== null).map((r) => ({ productId: r.productId!.toLowerCase(), left: Number(r.left) }));
    if (taken.length !== lines.length) throw new Error(`Reservation ${id} took ${taken.length} of ${lines.length} lines`);
    return { outcome: 'reserved', taken };
  }
  if (first.existing !== null || first.shortProduct === null) return { outcome: 'exists', reservation: await findReservation(id) };
  // A concurrent call with the same id (a saga step sent twice) may have claimed it after this statement's snapshot and
  // taken the stock found short here: its reservation is the answer, not INSUFFICIENT_STOCK.
  const concurrent = await findReservation(id);
  if (concurrent) return { outcome: 'exists', reservation: concurrent };
  return { outcome: 'short', productId: first.shortProduct.toLowerCase(), available: first.available === null ? null : Number(first.available) };
}
