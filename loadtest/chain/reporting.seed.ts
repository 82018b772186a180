import type { ChainSession } from './chain-session.js';

export interface ReportingSettings {
  /** REPORT_TIME_ZONE: the days of the daily read models. */
  timeZone: string;
  /** LOW_STOCK_THRESHOLD: a store level at or below it has an open alert. */
  lowStockThreshold: number;
  /** When the opening stock was recorded (stores are known from then). */
  openedAt: Date;
}

/*
 * Reporting's read model as the consumer would have left it after applying
 * every SaleRecorded, SaleReturned and StockChanged of the seeded history,
 * derived in bulk from what sales and inventory hold (check-chain.ts
 * compares the reports with the sales tables afterwards). Three parts, each
 * on a connection of its own so that they can run side by side.
 */

/**
 * A sales fact per sale line (eventId = sale id) and per returned line
 * (eventId = return id, negative), and the daily totals per store × product,
 * per store (with the sales made) and per product, by report day, and the
 * weekly ones per store × product.
 */
export async function seedReportingSales(db: ChainSession, settings: ReportingSettings): Promise<void> {
  // In time order, as the consumer appends them: a window's part-days are then a few contiguous pages.
  await db.bulkLoad({ schema: 'reporting', name: 'SalesFact' }, async () => {
    await db.query(
      `INSERT INTO reporting."SalesFact" ("eventId", kind, "saleId", "storeId", "productId", "occurredAt", quantity, revenue)
       SELECT * FROM (
         SELECT s.id, 'SALE'::reporting."SalesFactKind", s.id, s."storeId", l."productId", s."createdAt", l.quantity, l."lineTotal"
         FROM sales."Sale" s JOIN sales."SaleLine" l ON l."saleId" = s.id
         UNION ALL
         SELECT r.id, 'RETURN'::reporting."SalesFactKind", r."saleId", s."storeId", rl."productId", r."createdAt", -rl.quantity, -rl."lineTotal"
         FROM sales."Return" r JOIN sales."Sale" s ON s.id = r."saleId" JOIN sales."ReturnLine" rl ON rl."returnId" = r.id
       ) facts ORDER BY 6`,
    );
  });
  const day = `("occurredAt" AT TIME ZONE $1::text)::date`;
  await db.bulkLoad({ schema: 'reporting', name: 'DailySales' }, async () => {
    await db.query(`INSERT INTO reporting."DailySales" (day, "storeId", "productId", revenue, "unitsSold") SELECT ${day}, "storeId", "productId", SUM(revenue), SUM(quantity) FROM reporting."SalesFact" GROUP BY 1, 2, 3 ORDER BY 1`, [settings.timeZone]);
  });
  await db.bulkLoad({ schema: 'reporting', name: 'WeeklySales' }, async () => {
    await db.query(
      `INSERT INTO reporting."WeeklySales" (week, "storeId", "productId", revenue, "unitsSold")
       SELECT date_trunc('week', day)::date, "storeId", "productId", SUM(revenue), SUM("unitsSold") FROM reporting."DailySales" GROUP BY 1, 2, 3 ORDER BY 1`,
    );
  });
  await db.query(
    `INSERT INTO reporting."StoreDailySales" (day, "storeId", revenue, "unitsSold", "saleCount")
     SELECT ${day}, "storeId", SUM(revenue), SUM(quantity), COUNT(DISTINCT "saleId") FILTER (WHERE kind = 'SALE') FROM reporting."SalesFact" GROUP BY 1, 2`,
    [settings.timeZone],
  );
  await db.bulkLoad({ schema: 'reporting', name: 'ProductDailySales' }, async () => {
    await db.query(`INSERT INTO reporting."ProductDailySales" (day, "productId", revenue, "unitsSold") SELECT day, "productId", SUM(revenue), SUM("unitsSold") FROM reporting."DailySales" GROUP BY 1, 2 ORDER BY 1`);
  });
}

/** The last known quantity of every level (sequence 0: any live event is newer) and the known stores. */
export async function seedReportingStock(db: ChainSession, settings: ReportingSettings): Promise<void> {
  await db.bulkLoad({ schema: 'reporting', name: 'StockFact' }, async () => {
    await db.query(
      `INSERT INTO reporting."StockFact" ("storeId", "productId", "locationKind", quantity, sequence, "updatedAt")
       SELECT l."locationId", l."productId", loc.kind::text, l.quantity, 0, l."updatedAt"
       FROM inventory."StockLevel" l JOIN inventory."Location" loc ON loc.id = l."locationId"`,
    );
  });
  await db.query(`INSERT INTO reporting."KnownStore" ("storeId", "firstSeenAt") SELECT id, $1 FROM inventory."Location" WHERE kind = 'STORE'`, [settings.openedAt]);
}

/**
 * Stock alerts replayed from each store level's ledger (so after it is
 * written): raised when the quantity falls to or below the threshold, kept
 * at the last low quantity, resolved when a return takes it back above;
 * and their counts per store.
 */
export async function seedReportingAlerts(db: ChainSession, settings: ReportingSettings): Promise<void> {
  // Only levels low now or restocked by a return can have had an alert: the others only ever went down, and are above the threshold.
  await db.query(
    `CREATE TEMP TABLE chain_alert_level AS
     SELECT l."locationId", l."productId" FROM inventory."StockLevel" l JOIN inventory."Location" loc ON loc.id = l."locationId"
     WHERE loc.kind = 'STORE' AND l.quantity <= $1::int
     UNION
     SELECT m."locationId", m."productId" FROM inventory."StockMovement" m WHERE m.kind = 'RETURN_RESTOCKED'`,
    [settings.lowStockThreshold],
  );
  await db.bulkLoad({ schema: 'reporting', name: 'StockAlert' }, async () => {
    await db.query(
      `WITH moves AS (
         SELECT m."locationId", m."productId", m."createdAt", m.id, SUM(m.delta) OVER level AS quantity
         FROM inventory."StockMovement" m JOIN chain_alert_level USING ("locationId", "productId")
         WINDOW level AS (PARTITION BY m."locationId", m."productId" ORDER BY m."createdAt", m.id)
       ), flagged AS (
         SELECT *, quantity <= $1::int AS low, lag(quantity <= $1::int, 1, false) OVER level AS was_low, lead("createdAt") OVER level AS next_at
         FROM moves WINDOW level AS (PARTITION BY "locationId", "productId" ORDER BY "createdAt", id)
       ), spells AS (
         SELECT *, COUNT(*) FILTER (WHERE low AND NOT was_low) OVER level AS spell
         FROM flagged WINDOW level AS (PARTITION BY "locationId", "productId" ORDER BY "createdAt", id)
       )
       INSERT INTO reporting."StockAlert" (id, "storeId", "productId", quantity, threshold, "raisedAt", "resolvedAt")
       SELECT gen_random_uuid(), "locationId", "productId",
              (array_agg(quantity ORDER BY "createdAt" DESC, id DESC))[1], $1::int, MIN("createdAt"),
              (array_agg(next_at ORDER BY "createdAt" DESC, id DESC))[1]
       FROM spells WHERE low
       GROUP BY "locationId", "productId", spell
       ORDER BY MIN("createdAt")`,
      [settings.lowStockThreshold],
    );
  });
  await db.query(`DROP TABLE chain_alert_level`);
  await db.query(
    `INSERT INTO reporting."StoreAlertCount" ("storeId", "openCount", "raisedCount")
     SELECT "storeId", (count(*) FILTER (WHERE "resolvedAt" IS NULL))::int, count(*)::int FROM reporting."StockAlert" GROUP BY 1`,
  );
}
