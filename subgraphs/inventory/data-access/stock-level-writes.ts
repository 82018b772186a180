import type { StockLevel } from '../domain/inventory.js';
import type { Effects, InventoryTx, Tx } from './inventory-tx.js';
import { appendToOutbox, stockChanged } from './outbox.repository.js';
import { toStockLevel } from './rows.js';

const LEVEL_COLUMNS = ['"locationId"', '"productId"', '"productName"', 'quantity', '"updatedAt"'].join(', ');

/** A unit of work's writes of stock levels and the ledger (with a StockChanged event per movement). */
export function stockLevelWrites(tx: Tx, effects: Effects): Pick<InventoryTx, 'takeStock' | 'addStock' | 'quantityOnHand' | 'isProductKnown' | 'recordMovements'> {
  return {
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
  };
}
