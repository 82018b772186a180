import { randomUUID } from 'node:crypto';
import type { Sql } from '../../../platform/db/sql-client.js';
import type { DomainEvent } from '../../../platform/events/domain-events.js';
import type { SalesFact, StockAlert, StockFact } from '../domain/reporting.js';
import { reportingDb, reportingSql } from './reporting-database.js';
import { toStockAlert } from './rows.js';

/** A sale or return line with the event it came from. */
export type EventSalesFact = SalesFact & { eventId: string };

/** Read-model changes of events, inside the transaction that records those events as processed. */
export interface ReadModelTx {
  /** Adds sale or return lines (of any number of events) to the facts and to the daily totals. */
  addSalesFacts(facts: readonly EventSalesFact[]): Promise<void>;
  /**
   * Sets the last known quantity of a level unless a newer event (higher
   * sequence) already did; the row stays locked until the transaction ends,
   * so changes of one level apply one at a time. 'older' when the event is
   * older than what is known (nothing changed), 'new-location' when the
   * location was never seen before.
   */
  recordStockFact(fact: StockFact): Promise<'older' | 'updated' | 'new-location'>;
  /** The open alert of a store's product; null when there is none (the level's StockFact row, locked by recordStockFact, keeps decisions serial). */
  findOpenAlert(storeId: string, productId: string): Promise<StockAlert | null>;
  raiseAlert(alert: Omit<StockAlert, 'id' | 'resolvedAt'>): Promise<StockAlert>;
  updateAlertQuantity(id: string, quantity: number): Promise<void>;
  resolveAlert(id: string, resolvedAt: Date): Promise<void>;
}

const ALERT_COLUMNS = `id::text AS id, "storeId"::text AS "storeId", "productId"::text AS "productId", quantity, threshold, "raisedAt", "resolvedAt"`;

/** Plain SQL on one connection (see sql-client.ts): the consumer applies every event of the system through here. */
function unitOfWork(tx: Sql): ReadModelTx {
  // Stores this transaction has seen a StockFact of: one look-up per store and batch, not per event.
  const knownStores = new Set<string>();
  // Open alert of each level this transaction has read or changed (null: none). The level's StockFact row is
  // locked by recordStockFact before any alert decision, until the transaction ends, so no one else changes them.
  const openAlerts = new Map<string, StockAlert | null>();
  const level = (storeId: string, productId: string) => `${storeId}:${productId}`;
  return {
    async addSalesFacts(facts) {
      if (facts.length === 0) return;
      await tx.execute(
        `INSERT INTO "SalesFact" ("eventId", kind, "saleId", "storeId", "productId", "occurredAt", quantity, revenue)
         SELECT * FROM unnest($1::uuid[], $2::"SalesFactKind"[], $3::uuid[], $4::uuid[], $5::uuid[], $6::timestamptz[], $7::int[], $8::numeric[])`,
        [
          facts.map((f) => f.eventId),
          facts.map((f) => f.kind),
          facts.map((f) => f.saleId),
          facts.map((f) => f.storeId),
          facts.map((f) => f.productId),
          facts.map((f) => f.occurredAt),
          facts.map((f) => f.quantity),
          facts.map((f) => f.revenue),
        ],
      );
      // Rows are upserted in key order, so two consumers updating the same days never wait on each other in a cycle.
      await tx.execute(
        `INSERT INTO "DailySales" (day, "storeId", "productId", revenue, "unitsSold")
         SELECT d::date, s::uuid, p::uuid, SUM(r::numeric), SUM(q)::int
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[]) AS t(d, s, p, r, q)
         GROUP BY d, s, p
         ORDER BY d, s, p
         ON CONFLICT (day, "storeId", "productId") DO UPDATE
           SET revenue = "DailySales".revenue + EXCLUDED.revenue, "unitsSold" = "DailySales"."unitsSold" + EXCLUDED."unitsSold"`,
        [facts.map((f) => f.day), facts.map((f) => f.storeId), facts.map((f) => f.productId), facts.map((f) => f.revenue), facts.map((f) => f.quantity)],
      );
    },

    async recordStockFact(fact) {
      const known = knownStores.has(fact.storeId) || (await tx.query(`SELECT 1 AS one FROM "StockFact" WHERE "storeId" = $1::uuid LIMIT 1`, [fact.storeId])).length > 0;
      knownStores.add(fact.storeId);
      // A conflicting row is locked even when the WHERE keeps it unchanged (an older event), so alert decisions of a level stay serial.
      const changed = await tx.execute(
        `INSERT INTO "StockFact" ("storeId", "productId", "locationKind", quantity, sequence, "updatedAt")
         VALUES ($1::uuid, $2::uuid, $3, $4::int, $5::bigint, $6::timestamptz)
         ON CONFLICT ("storeId", "productId") DO UPDATE
           SET quantity = EXCLUDED.quantity, sequence = EXCLUDED.sequence, "updatedAt" = EXCLUDED."updatedAt", "locationKind" = EXCLUDED."locationKind"
           WHERE "StockFact".sequence < EXCLUDED.sequence`,
        [fact.storeId, fact.productId, fact.locationKind, fact.quantity, String(fact.sequence), fact.updatedAt],
      );
      if (changed === 1) return known ? 'updated' : 'new-location';
      return 'older';
    },

    async findOpenAlert(storeId, productId) {
      const key = level(storeId, productId);
      if (openAlerts.has(key)) return openAlerts.get(key)!;
      const rows = await tx.query<StockAlert>(
        `SELECT ${ALERT_COLUMNS} FROM "StockAlert" WHERE "storeId" = $1::uuid AND "productId" = $2::uuid AND "resolvedAt" IS NULL ORDER BY "raisedAt" DESC LIMIT 1`,
        [storeId, productId],
      );
      const open = rows[0] ? toStockAlert(rows[0]) : null;
      openAlerts.set(key, open);
      return open;
    },

    async raiseAlert(alert) {
      const rows = await tx.query<StockAlert>(
        `INSERT INTO "StockAlert" (id, "storeId", "productId", quantity, threshold, "raisedAt") VALUES ($1::uuid, $2::uuid, $3::uuid, $4::int, $5::int, $6::timestamptz)
         RETURNING ${ALERT_COLUMNS}`,
        [randomUUID(), alert.storeId, alert.productId, alert.quantity, alert.threshold, alert.raisedAt],
      );
      const raised = toStockAlert(rows[0]!);
      openAlerts.set(level(raised.storeId, raised.productId), raised);
      return raised;
    },

    async updateAlertQuantity(id, quantity) {
      await tx.execute(`UPDATE "StockAlert" SET quantity = $2::int WHERE id = $1::uuid`, [id, quantity]);
      for (const [key, open] of openAlerts) if (open?.id === id) openAlerts.set(key, { ...open, quantity });
    },

    async resolveAlert(id, resolvedAt) {
      await tx.execute(`UPDATE "StockAlert" SET "resolvedAt" = $2::timestamptz WHERE id = $1::uuid`, [id, resolvedAt]);
      for (const [key, open] of openAlerts) if (open?.id === id) openAlerts.set(key, null);
    },
  };
}

/**
 * Applies events to the read model exactly once, in ONE transaction: their
 * ids go into ProcessedEvent together with the change, so a second delivery
 * (even a concurrent one, which waits on the first's insert) changes
 * nothing. `apply` gets the events not applied before, in their order (an
 * id repeated in the batch counts once); they are returned once committed.
 */
export async function applyOnce<E extends Pick<DomainEvent, 'id' | 'type' | 'source'>>(events: readonly E[], apply: (tx: ReadModelTx, fresh: E[]) => Promise<void>): Promise<E[]> {
  const unique = [...new Map(events.map((e) => [e.id.toLowerCase(), e])).values()];
  if (unique.length === 0) return [];
  return reportingSql().transaction(async (tx) => {
    // In id order: two consumers inserting overlapping batches lock the same rows in the same order.
    const byId = [...unique].sort((a, b) => (a.id.toLowerCase() < b.id.toLowerCase() ? -1 : 1));
    const inserted = await tx.query<{ eventId: string }>(
      `INSERT INTO "ProcessedEvent" ("eventId", type, source)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[]) ORDER BY 1
       ON CONFLICT ("eventId") DO NOTHING
       RETURNING "eventId"::text AS "eventId"`,
      [byId.map((e) => e.id), byId.map((e) => e.type), byId.map((e) => e.source)],
    );
    const insertedIds = new Set(inserted.map((r) => r.eventId.toLowerCase()));
    const fresh = unique.filter((e) => insertedIds.has(e.id.toLowerCase()));
    if (fresh.length > 0) await apply(unitOfWork(tx), fresh);
    return fresh;
  });
}

/** Empties the read model and the processed events (a rebuild replays every stream afterwards). */
export async function clearReadModel(): Promise<void> {
  await reportingDb().$executeRawUnsafe(`TRUNCATE "ProcessedEvent", "SalesFact", "DailySales", "StockFact", "StockAlert"`);
}
