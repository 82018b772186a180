import type { DomainEvent } from '../../../platform/events/domain-events.js';
import type { SalesFact, StockAlert, StockFact } from '../domain/reporting.js';
import type { Prisma } from './prisma-client/client.js';
import { reportingDb } from './reporting-database.js';
import { toStockAlert } from './rows.js';

/** Read-model changes of one event, inside the transaction that records the event as processed. */
export interface ReadModelTx {
  /** Adds sale or return lines to the facts and to the daily totals. */
  addSalesFacts(eventId: string, facts: readonly SalesFact[]): Promise<void>;
  /**
   * Sets the last known quantity of a level unless a newer event (higher
   * sequence) already did; the row stays locked until the transaction ends,
   * so changes of one level apply one at a time. 'older' when the event is
   * older than what is known (nothing changed), 'new-location' when the
   * location was never seen before.
   */
  recordStockFact(fact: StockFact): Promise<'older' | 'updated' | 'new-location'>;
  /** The open alert of a store's product, locked; null when there is none. */
  findOpenAlert(storeId: string, productId: string): Promise<StockAlert | null>;
  raiseAlert(alert: Omit<StockAlert, 'id' | 'resolvedAt'>): Promise<StockAlert>;
  updateAlertQuantity(id: string, quantity: number): Promise<void>;
  resolveAlert(id: string, resolvedAt: Date): Promise<void>;
}

type Tx = Prisma.TransactionClient;

function unitOfWork(tx: Tx): ReadModelTx {
  return {
    async addSalesFacts(eventId, facts) {
      if (facts.length === 0) return;
      await tx.salesFact.createMany({
        data: facts.map((f) => ({ eventId, kind: f.kind, saleId: f.saleId, storeId: f.storeId, productId: f.productId, occurredAt: f.occurredAt, quantity: f.quantity, revenue: f.revenue })),
      });
      await tx.$executeRawUnsafe(
        `INSERT INTO "DailySales" (day, "storeId", "productId", revenue, "unitsSold")
         SELECT d::date, s::uuid, p::uuid, SUM(r::numeric), SUM(q)::int
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[]) AS t(d, s, p, r, q)
         GROUP BY d, s, p
         ON CONFLICT (day, "storeId", "productId") DO UPDATE
           SET revenue = "DailySales".revenue + EXCLUDED.revenue, "unitsSold" = "DailySales"."unitsSold" + EXCLUDED."unitsSold"`,
        facts.map((f) => f.day),
        facts.map((f) => f.storeId),
        facts.map((f) => f.productId),
        facts.map((f) => f.revenue),
        facts.map((f) => f.quantity),
      );
    },

    async recordStockFact(fact) {
      const known = await tx.$queryRawUnsafe<Array<{ one: number }>>(`SELECT 1 AS one FROM "StockFact" WHERE "storeId" = $1::uuid LIMIT 1`, fact.storeId);
      const changed = await tx.$executeRawUnsafe(
        `INSERT INTO "StockFact" ("storeId", "productId", "locationKind", quantity, sequence, "updatedAt")
         VALUES ($1::uuid, $2::uuid, $3, $4::int, $5::bigint, $6::timestamptz)
         ON CONFLICT ("storeId", "productId") DO UPDATE
           SET quantity = EXCLUDED.quantity, sequence = EXCLUDED.sequence, "updatedAt" = EXCLUDED."updatedAt", "locationKind" = EXCLUDED."locationKind"
           WHERE "StockFact".sequence < EXCLUDED.sequence`,
        fact.storeId,
        fact.productId,
        fact.locationKind,
        fact.quantity,
        String(fact.sequence),
        fact.updatedAt,
      );
      if (changed === 1) return known.length === 0 ? 'new-location' : 'updated';
      // Older than what is known: lock the row anyway so that alert decisions of this level stay serial.
      await tx.$queryRawUnsafe(`SELECT 1 FROM "StockFact" WHERE "storeId" = $1::uuid AND "productId" = $2::uuid FOR UPDATE`, fact.storeId, fact.productId);
      return 'older';
    },

    async findOpenAlert(storeId, productId) {
      const row = await tx.stockAlert.findFirst({ where: { storeId, productId, resolvedAt: null }, orderBy: { raisedAt: 'desc' } });
      return row && toStockAlert(row);
    },

    async raiseAlert(alert) {
      return toStockAlert(await tx.stockAlert.create({ data: alert }));
    },

    async updateAlertQuantity(id, quantity) {
      await tx.stockAlert.update({ where: { id }, data: { quantity } });
    },

    async resolveAlert(id, resolvedAt) {
      await tx.stockAlert.update({ where: { id }, data: { resolvedAt } });
    },
  };
}

/**
 * Applies an event to the read model exactly once: its id goes into
 * ProcessedEvent in the same transaction as the change, so a second delivery
 * (even a concurrent one, which waits on the first's insert) changes
 * nothing. Returns false when the event had already been applied.
 */
export async function applyOnce(event: Pick<DomainEvent, 'id' | 'type' | 'source'>, apply: (tx: ReadModelTx) => Promise<void>): Promise<boolean> {
  return reportingDb().$transaction(
    async (tx) => {
      const inserted = await tx.$executeRawUnsafe(
        `INSERT INTO "ProcessedEvent" ("eventId", type, source) VALUES ($1::uuid, $2, $3) ON CONFLICT ("eventId") DO NOTHING`,
        event.id,
        event.type,
        event.source,
      );
      if (inserted === 0) return false;
      await apply(unitOfWork(tx));
      return true;
    },
    { maxWait: 15_000, timeout: 30_000 },
  );
}

/** Empties the read model and the processed events (a rebuild replays every stream afterwards). */
export async function clearReadModel(): Promise<void> {
  await reportingDb().$executeRawUnsafe(`TRUNCATE "ProcessedEvent", "SalesFact", "DailySales", "StockFact", "StockAlert"`);
}
