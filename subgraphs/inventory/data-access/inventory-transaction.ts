import type { NewStockMovement, ReplenishmentRequest, ReplenishmentStatus, Reservation, ReservationStatus, StockKey, StockLevel, StockLine } from '../domain/inventory.js';
import { wakeOutboxRelay } from '../../../platform/events/outbox-relay.js';
import { inventoryDb } from './inventory-database.js';
import { appendToOutbox, replenishmentDecided, stockChanged } from './outbox.repository.js';
import type { Prisma } from './prisma-client/client.js';
import { invalidateStock } from './stock-cache.js';
import { toReplenishmentRequest, toReservation, toStockLevel } from './rows.js';

/**
 * The stock operations that must happen together, inside ONE database
 * transaction. Every change of a quantity is a conditional UPDATE (or an
 * upsert) evaluated by PostgreSQL against the current row, never a value read
 * earlier, so concurrent callers can neither oversell nor go below zero (a
 * CHECK constraint backs this up). Throwing inside the unit of work rolls
 * everything back.
 */
export interface InventoryTx {
  /** The request, locked until the transaction ends (SELECT … FOR UPDATE); null when unknown. */
  lockReplenishmentRequest(id: string): Promise<ReplenishmentRequest | null>;
  decideReplenishmentRequest(id: string, decision: { status: Exclude<ReplenishmentStatus, 'PENDING'>; decidedBy: string; reason: string | null }): Promise<ReplenishmentRequest>;
  /** Takes `quantity` off a level only when that much is there; null (and no change) otherwise. */
  takeStock(locationId: string, productId: string, quantity: number): Promise<StockLevel | null>;
  /**
   * Adds to a level, creating it when missing (with `productName`, or the
   * name another location has for the product, or '').
   */
  addStock(locationId: string, productId: string, quantity: number, productName?: string): Promise<StockLevel>;
  /** Quantity on hand right now; null when the product is not stocked there. */
  quantityOnHand(locationId: string, productId: string): Promise<number | null>;
  /** Whether any location stocks the product (it is known to inventory). */
  isProductKnown(productId: string): Promise<boolean>;
  /**
   * Appends to the ledger and, for each movement, a StockChanged event (with
   * the level's quantity after the change) to the outbox. Every change of a
   * quantity goes through here.
   */
  recordMovements(movements: NewStockMovement[]): Promise<void>;
  /**
   * Inserts a HELD reservation; false when the id is already taken. A
   * concurrent insert of the same id makes this wait until that transaction
   * ends, so the id is claimed by exactly one caller.
   */
  claimReservation(id: string, locationId: string, expiresAt: Date): Promise<boolean>;
  insertReservationLines(id: string, lines: StockLine[]): Promise<void>;
  /** Moves a reservation from one status to another only if it is in `from`; null otherwise. */
  transitionReservation(id: string, from: ReservationStatus, to: ReservationStatus): Promise<Reservation | null>;
  reservationLines(id: string): Promise<StockLine[]>;
  /** Records a RELEASED reservation with no location and no lines; false when the id exists. */
  insertReservationTombstone(id: string): Promise<boolean>;
  findReservation(id: string): Promise<Reservation | null>;
  /** Marks a return as put back on the shelf; false when it already was. */
  claimReturn(returnId: string): Promise<boolean>;
}

type Tx = Prisma.TransactionClient;

const LEVEL_COLUMNS = ['"locationId"', '"productId"', '"productName"', 'quantity', '"updatedAt"'].join(', ');

/** What a unit of work changed, to publish and invalidate once it has committed. */
export interface Effects {
  events: number;
  levels: StockKey[];
}

function unitOfWork(tx: Tx, effects: Effects): InventoryTx {
  return {
    async lockReplenishmentRequest(id) {
      const rows = await tx.$queryRaw<ReplenishmentRequest[]>`
        SELECT * FROM "ReplenishmentRequest" WHERE id = ${id}::uuid FOR UPDATE`;
      return rows[0] ? toReplenishmentRequest(rows[0]) : null;
    },

    async decideReplenishmentRequest(id, { status, decidedBy, reason }) {
      const row = await tx.replenishmentRequest.update({ where: { id }, data: { status, decidedBy, decidedAt: new Date(), reason } });
      const request = toReplenishmentRequest(row);
      await appendToOutbox(tx, [replenishmentDecided(request)]);
      effects.events++;
      return request;
    },

    async takeStock(locationId, productId, quantity) {
      const rows = await tx.$queryRawUnsafe<StockLevel[]>(
        `UPDATE "StockLevel" SET quantity = quantity - $3::int, "updatedAt" = now()
         WHERE "locationId" = $1::uuid AND "productId" = $2::uuid AND quantity >= $3::int
         RETURNING ${LEVEL_COLUMNS}`,
        locationId,
        productId,
        quantity,
      );
      return rows[0] ? toStockLevel(rows[0]) : null;
    },

    async addStock(locationId, productId, quantity, productName) {
      const rows = await tx.$queryRawUnsafe<StockLevel[]>(
        `INSERT INTO "StockLevel" ("locationId", "productId", "productName", quantity, "updatedAt")
         VALUES ($1::uuid, $2::uuid,
                 COALESCE(NULLIF($4::text, ''),
                          (SELECT s."productName" FROM "StockLevel" s WHERE s."productId" = $2::uuid AND s."productName" <> '' LIMIT 1),
                          ''),
                 $3::int, now())
         ON CONFLICT ("locationId", "productId") DO UPDATE
           SET quantity = "StockLevel".quantity + EXCLUDED.quantity,
               "productName" = CASE WHEN "StockLevel"."productName" = '' THEN EXCLUDED."productName" ELSE "StockLevel"."productName" END,
               "updatedAt" = now()
         RETURNING ${LEVEL_COLUMNS}`,
        locationId,
        productId,
        quantity,
        productName ?? null,
      );
      return toStockLevel(rows[0]!);
    },

    async quantityOnHand(locationId, productId) {
      const row = await tx.stockLevel.findUnique({ where: { locationId_productId: { locationId, productId } }, select: { quantity: true } });
      return row?.quantity ?? null;
    },

    async isProductKnown(productId) {
      return (await tx.stockLevel.findFirst({ where: { productId }, select: { productId: true } })) !== null;
    },

    async recordMovements(movements) {
      if (movements.length === 0) return;
      await tx.stockMovement.createMany({
        data: movements.map((m) => ({ ...m, reference: m.reference ?? null, reason: m.reason ?? null, actorId: m.actorId ?? null })),
      });
      // The levels are locked by this transaction's updates: these are the quantities it commits.
      const levels = await tx.$queryRawUnsafe<Array<{ locationId: string; productId: string; quantity: number; kind: 'STORE' | 'WAREHOUSE' }>>(
        `SELECT l."locationId"::text AS "locationId", l."productId"::text AS "productId", l.quantity, loc.kind::text AS kind
         FROM "StockLevel" l JOIN "Location" loc ON loc.id = l."locationId"
         WHERE (l."locationId", l."productId") IN (SELECT * FROM unnest($1::uuid[], $2::uuid[]))`,
        movements.map((m) => m.locationId),
        movements.map((m) => m.productId),
      );
      const byKey = new Map(levels.map((l) => [`${l.locationId}:${l.productId}`, l]));
      const occurredAt = new Date();
      const events = movements.flatMap((m) => {
        const level = byKey.get(`${m.locationId.toLowerCase()}:${m.productId.toLowerCase()}`);
        return level ? [stockChanged(m, { quantity: Number(level.quantity), locationKind: level.kind }, occurredAt)] : [];
      });
      await appendToOutbox(tx, events);
      effects.events += events.length;
      effects.levels.push(...movements.map((m) => ({ locationId: m.locationId, productId: m.productId })));
    },

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

/**
 * Runs `work` in one transaction (READ COMMITTED: conditional updates re-check
 * the newest row version after waiting for a lock). Once it has committed,
 * the cached stock it changed is invalidated (before the caller answers, so
 * a client reads its own write) and the outbox relay is woken. Waits generously for a
 * pooled connection so bursts queue instead of failing.
 */
export async function inInventoryTransaction<T>(work: (tx: InventoryTx) => Promise<T>): Promise<T> {
  const effects: Effects = { events: 0, levels: [] };
  const result = await inventoryDb().$transaction((tx) => work(unitOfWork(tx, effects)), { maxWait: 15_000, timeout: 30_000 });
  await afterCommit(effects);
  return result;
}

/** After the commit: cached stock of the changed levels is stale, the relay has events to publish. */
export async function afterCommit(effects: Effects): Promise<void> {
  if (effects.levels.length > 0) await invalidateStock(effects.levels);
  if (effects.events > 0) wakeOutboxRelay('inventory');
}
