import { randomUUID } from 'node:crypto';
import type { Sql } from '../../../platform/db/sql-client.js';
import type { DomainEvent } from '../../../contracts/domain-events.js';
import type { SalesFact, StockAlert, StockFact } from '../domain/reporting.js';
import { reportingDb, reportingSql } from './reporting-database.js';
import { toStockAlert } from './rows.js';

/** A sale or return line with the event it came from. */
export type EventSalesFact = SalesFact & { eventId: string };

/** Read-model changes of events, inside the transaction that records those events as processed. */
export interface ReadModelTx {
  /** Adds sale or return lines (of any number of events) to the facts and to the daily totals (per store × product, per store, per product) and the weekly ones per store × product. */
  addSalesFacts(facts: readonly EventSalesFact[]): Promise<void>;
  /**
   * Sets the last known quantity of a level unless a newer event (higher
   * sequence) already did; the row stays locked until the transaction ends,
   * so changes of one level apply one at a time. 'older' when the event is
   * older than what is known (nothing changed), 'new-location' when it made
   * a store known (KnownStore).
   */
  recordStockFact(fact: StockFact): Promise<'older' | 'updated' | 'new-location'>;
  /** The open alert of a store's product; null when there is none (the level's StockFact row, locked by recordStockFact, keeps decisions serial). */
  findOpenAlert(storeId: string, productId: string): Promise<StockAlert | null>;
  raiseAlert(alert: Omit<StockAlert, 'id' | 'resolvedAt'>): Promise<StockAlert>;
  updateAlertQuantity(id: string, quantity: number): Promise<void>;
  resolveAlert(id: string, resolvedAt: Date): Promise<void>;
}

const ALERT_COLUMNS = `id::text AS id, "storeId"::text AS "storeId", "productId"::text AS "productId", quantity, threshold, "raisedAt", "resolvedAt"`;

/** Alerts a transaction raised and resolved, per store: the change to its StoreAlertCount row. */
type AlertCountChanges = Map<string, { open: number; raised: number }>;

/** Plain SQL on one connection (see sql-client.ts): the consumer applies every event of the system through here. */
function unitOfWork(tx: Sql, alertCounts: AlertCountChanges): ReadModelTx {
  // Stores this transaction has recorded in KnownStore: one insert per store and batch, not per event.
  const knownStores = new Set<string>();
  // Open alert of each level this transaction has read or changed (null: none). The level's StockFact row is
  // locked by recordStockFact before any alert decision, until the transaction ends, so no one else changes them.
  const openAlerts = new Map<string, StockAlert | null>();
  const level = (storeId: string, productId: string) => `${storeId}:${productId}`;
  const countAlert = (storeId: string, change: { open: number; raised: number }) => {
    const counts = alertCounts.get(storeId) ?? { open: 0, raised: 0 };
    alertCounts.set(storeId, { open: counts.open + change.open, raised: counts.raised + change.raised });
  };
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
      // Rows are upserted in key order, table after table, so two consumers updating the same days never wait on each other in a cycle.
      const days = facts.map((f) => f.day);
      const stores = facts.map((f) => f.storeId);
      const products = facts.map((f) => f.productId);
      const revenues = facts.map((f) => f.revenue);
      const units = facts.map((f) => f.quantity);
      await tx.execute(
        `INSERT INTO "DailySales" (day, "storeId", "productId", revenue, "unitsSold")
         SELECT d::date, s::uuid, p::uuid, SUM(r::numeric), SUM(q)::int
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[]) AS t(d, s, p, r, q)
         GROUP BY d, s, p
         ORDER BY d, s, p
         ON CONFLICT (day, "storeId", "productId") DO UPDATE
           SET revenue = "DailySales".revenue + EXCLUDED.revenue, "unitsSold" = "DailySales"."unitsSold" + EXCLUDED."unitsSold"`,
        [days, stores, products, revenues, units],
      );
      await tx.execute(
        `INSERT INTO "WeeklySales" (week, "storeId", "productId", revenue, "unitsSold")
         SELECT date_trunc('week', d::date)::date, s::uuid, p::uuid, SUM(r::numeric), SUM(q)::int
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[]) AS t(d, s, p, r, q)
         GROUP BY 1, 2, 3
         ORDER BY 1, 2, 3
         ON CONFLICT (week, "storeId", "productId") DO UPDATE
           SET revenue = "WeeklySales".revenue + EXCLUDED.revenue, "unitsSold" = "WeeklySales"."unitsSold" + EXCLUDED."unitsSold"`,
        [days, stores, products, revenues, units],
      );
      // Sales made: one SaleRecorded per sale, so its distinct sale ids among the SALE lines.
      await tx.execute(
        `INSERT INTO "StoreDailySales" (day, "storeId", revenue, "unitsSold", "saleCount")
         SELECT d::date, s::uuid, SUM(r::numeric), SUM(q)::int, (COUNT(DISTINCT sale) FILTER (WHERE k = 'SALE'))::int
         FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::text[], $6::text[]) AS t(d, s, r, q, k, sale)
         GROUP BY d, s
         ORDER BY d, s
         ON CONFLICT (day, "storeId") DO UPDATE
           SET revenue = "StoreDailySales".revenue + EXCLUDED.revenue, "unitsSold" = "StoreDailySales"."unitsSold" + EXCLUDED."unitsSold",
               "saleCount" = "StoreDailySales"."saleCount" + EXCLUDED."saleCount"`,
        [days, stores, revenues, units, facts.map((f) => f.kind), facts.map((f) => f.saleId)],
      );
      await tx.execute(
        `INSERT INTO "ProductDailySales" (day, "productId", revenue, "unitsSold")
         SELECT d::date, p::uuid, SUM(r::numeric), SUM(q)::int
         FROM unnest($1::text[], $2::text[], $3::text[], $4::int[]) AS t(d, p, r, q)
         GROUP BY d, p
         ORDER BY d, p
         ON CONFLICT (day, "productId") DO UPDATE
           SET revenue = "ProductDailySales".revenue + EXCLUDED.revenue, "unitsSold" = "ProductDailySales"."unitsSold" + EXCLUDED."unitsSold"`,
        [days, products, revenues, units],
      );
    },

    async recordStockFact(fact) {
      // A conflicting row is locked even when the WHERE keeps it unchanged (an older event), so alert decisions of a level stay serial.
      const changed = await tx.execute(
        `INSERT INTO "StockFact" ("storeId", "productId", "locationKind", quantity, sequence, "updatedAt")
         VALUES ($1::uuid, $2::uuid, $3, $4::int, $5::bigint, $6::timestamptz)
         ON CONFLICT ("storeId", "productId") DO UPDATE
           SET quantity = EXCLUDED.quantity, sequence = EXCLUDED.sequence, "updatedAt" = EXCLUDED."updatedAt", "locationKind" = EXCLUDED."locationKind"
           WHERE "StockFact".sequence < EXCLUDED.sequence`,
        [fact.storeId, fact.productId, fact.locationKind, fact.quantity, String(fact.sequence), fact.updatedAt],
      );
      if (changed !== 1) return 'older';
      // Stores are kept in KnownStore (reports list them all): one insert per store and batch, the first one records it.
      if (fact.locationKind !== 'STORE' || knownStores.has(fact.storeId)) return 'updated';
      knownStores.add(fact.storeId);
      const added = await tx.execute(`INSERT INTO "KnownStore" ("storeId", "firstSeenAt") VALUES ($1::uuid, $2::timestamptz) ON CONFLICT ("storeId") DO NOTHING`, [
        fact.storeId,
        fact.updatedAt,
      ]);
      return added === 1 ? 'new-location' : 'updated';
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
      countAlert(raised.storeId, { open: 1, raised: 1 });
      return raised;
    },

    async updateAlertQuantity(id, quantity) {
      await tx.execute(`UPDATE "StockAlert" SET quantity = $2::int WHERE id = $1::uuid`, [id, quantity]);
      for (const [key, open] of openAlerts) if (open?.id === id) openAlerts.set(key, { ...open, quantity });
    },

    async resolveAlert(id, resolvedAt) {
      const [resolved] = await tx.query<{ storeId: string }>(
        `UPDATE "StockAlert" SET "resolvedAt" = $2::timestamptz WHERE id = $1::uuid AND "resolvedAt" IS NULL RETURNING "storeId"::text AS "storeId"`,
        [id, resolvedAt],
      );
      if (resolved) countAlert(resolved.storeId, { open: -1, raised: 0 });
      for (const [key, open] of openAlerts) if (open?.id === id) openAlerts.set(key, null);
    },
  };
}

/**
 * Adds a transaction's alert changes to the stores' counts, one upsert in
 * store order at the end of the batch (after every StockFact lock), so two
 * consumers lock count rows alike, never in a cycle, and hold them briefly.
 */
async function saveAlertCounts(tx: Sql, alertCounts: AlertCountChanges): Promise<void> {
  const changed = [...alertCounts].filter(([, c]) => c.open !== 0 || c.raised !== 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (changed.length === 0) return;
  await tx.execute(
    `INSERT INTO "StoreAlertCount" ("storeId", "openCount", "raisedCount")
     SELECT * FROM unnest($1::uuid[], $2::int[], $3::int[]) ORDER BY 1
     ON CONFLICT ("storeId") DO UPDATE
       SET "openCount" = "StoreAlertCount"."openCount" + EXCLUDED."openCount", "raisedCount" = "StoreAlertCount"."raisedCount" + EXCLUDED."raisedCount"`,
    [changed.map(([storeId]) => storeId), changed.map(([, c]) => c.open), changed.map(([, c]) => c.raised)],
  );
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
    if (fresh.length === 0) return fresh;
    const alertCounts: AlertCountChanges = new Map();
    await apply(unitOfWork(tx, alertCounts), fresh);
    await saveAlertCounts(tx, alertCounts);
    return fresh;
  });
}

/** Empties the read model and the processed events (a rebuild replays every stream afterwards). */
export async function clearReadModel(): Promise<void> {
  await reportingDb().$executeRawUnsafe(
    `TRUNCATE "ProcessedEvent", "SalesFact", "DailySales", "WeeklySales", "StoreDailySales", "ProductDailySales", "StockFact", "StockAlert", "StoreAlertCount", "KnownStore"`,
  );
}
