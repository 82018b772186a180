import pg from 'pg';
import { findTopProducts, findTopProductsOfStores } from '../../subgraphs/reporting/data-access/sales-facts.repository.js';
import { computeSalesReport } from '../../subgraphs/reporting/domain/get-sales-report.use-case.js';
import { loadConfig } from '../../platform/config/config.js';

/**
 * Checks a seeded chain the way a user would doubt it: reporting's own
 * report (its use case, its read model) against what the sales tables say,
 * and the stock read models against the stock levels and their ledger.
 * Returns what disagrees (nothing when all is well). Reporting's code reads
 * DATABASE_URL, which must be the checked database.
 */
export async function checkChain(databaseUrl: string, options: { lowStockThreshold: number; now?: Date }): Promise<string[]> {
  const now = options.now ?? new Date();
  // Each check on a connection of its own, side by side.
  const withClient = async <T>(run: (db: pg.Client) => Promise<T>): Promise<T> => {
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      await db.query(`SET work_mem = '256MB'`);
      return await run(db);
    } finally {
      await db.end();
    }
  };
  const first = await withClient(async (db) => (await db.query<{ first: Date }>(`SELECT min("createdAt") AS first FROM sales."Sale"`)).rows[0]!.first);
  const windows: Array<[string, Date, Date]> = [
    ['whole history', new Date(first.getTime() - 1), new Date(now.getTime() + 1)],
    ['last 14 days', new Date(now.getTime() - 14 * 86_400_000), now],
    ['one day, cut mid-day', new Date(now.getTime() - 2 * 86_400_000 - 3_600_000 * 7), new Date(now.getTime() - 86_400_000 - 3_600_000 * 7)],
  ];
  const found = await Promise.all([
    ...windows.map(([name, from, to]) => withClient((db) => checkWindow(db, name, from, to))),
    withClient((db) => checkStock(db, options.lowStockThreshold)),
  ]);
  return found.flat();
}

export interface StoreSalesRow {
  storeId: string;
  revenue: string;
  unitsSold: number;
  saleCount: number;
}

export interface ProductSalesRow {
  productId: string;
  unitsSold: number;
  revenue: string;
}

/** Sale lines made and returned lines taken back in [from, to), straight from the sales tables. */
const LINES = `SELECT s."storeId", l."productId", l.quantity, l."lineTotal" AS revenue, s.id AS sale FROM sales."Sale" s JOIN sales."SaleLine" l ON l."saleId" = s.id
               WHERE s."createdAt" >= $1 AND s."createdAt" < $2
               UNION ALL
               SELECT s."storeId", rl."productId", -rl.quantity, -rl."lineTotal", NULL FROM sales."Return" r JOIN sales."Sale" s ON s.id = r."saleId" JOIN sales."ReturnLine" rl ON rl."returnId" = r.id
               WHERE r."createdAt" >= $1 AND r."createdAt" < $2`;

/** What a report over [from, to) must say, by SQL over Sale, SaleLine, Return and ReturnLine (tests compare the API with it). */
export function salesTables(db: Pick<pg.Client, 'query'>, from: Date, to: Date) {
  return {
    async stores(): Promise<StoreSalesRow[]> {
      const sql = `SELECT "storeId"::text AS "storeId", SUM(revenue)::text AS revenue, SUM(quantity)::int AS "unitsSold", COUNT(DISTINCT sale)::int AS "saleCount" FROM (${LINES}) AS x GROUP BY 1`;
      return (await db.query<StoreSalesRow>(sql, [from, to])).rows;
    },
    /** Best sellers overall (storeId null) or of one store: units, then revenue, then product id. */
    async top(limit: number, storeId: string | null = null): Promise<ProductSalesRow[]> {
      const sql = `SELECT "productId"::text AS "productId", SUM(quantity)::int AS "unitsSold", SUM(revenue)::text AS revenue FROM (${LINES}) AS x
                   WHERE $4::uuid IS NULL OR "storeId" = $4::uuid
                   GROUP BY 1 ORDER BY SUM(quantity) DESC, SUM(revenue) DESC, "productId" LIMIT $3`;
      return (await db.query<ProductSalesRow>(sql, [from, to, limit, storeId])).rows;
    },
  };
}

/** The report over [from, to) against sums over Sale, SaleLine, Return and ReturnLine. */
async function checkWindow(db: pg.Client, name: string, from: Date, to: Date): Promise<string[]> {
  const problems: string[] = [];
  const tables = salesTables(db, from, to);
  const expectedStores = await tables.stores();
  const report = await computeSalesReport(from, to, loadConfig().REPORT_TIME_ZONE);
  const reported = new Map(report.stores.map((s) => [s.storeId, s]));
  for (const want of expectedStores) {
    const got = reported.get(want.storeId);
    if (!got || got.revenue !== want.revenue || got.unitsSold !== want.unitsSold || got.saleCount !== want.saleCount) {
      problems.push(`${name}: store ${want.storeId} sold ${JSON.stringify(want)} but the report says ${JSON.stringify(got ?? null)}`);
    }
  }
  const withSales = new Set(expectedStores.map((s) => s.storeId));
  for (const s of report.stores) if (!withSales.has(s.storeId) && (s.revenue !== '0.00' || s.unitsSold !== 0 || s.saleCount !== 0)) problems.push(`${name}: store ${s.storeId} sold nothing but the report says ${JSON.stringify(s)}`);
  const [top, expectedTop] = [await findTopProducts(report.window, 10), await tables.top(10)];
  if (JSON.stringify(top) !== JSON.stringify(expectedTop)) problems.push(`${name}: best sellers ${JSON.stringify(top)} but the sales tables say ${JSON.stringify(expectedTop)}`);
  // A few stores' own best sellers (all of them is the heaviest query of the report).
  const some = expectedStores.map((s) => s.storeId).sort().slice(0, 3);
  const perStore = await findTopProductsOfStores(report.window, some, 3);
  for (const storeId of some) {
    const want = await tables.top(3, storeId);
    const got = perStore.filter((p) => p.storeId === storeId).map(({ storeId: _, ...p }) => p);
    if (JSON.stringify(got) !== JSON.stringify(want)) problems.push(`${name}: store ${storeId}'s best sellers ${JSON.stringify(got)} but the sales tables say ${JSON.stringify(want)}`);
  }
  return problems;
}

/** Each count is of rows that disagree; every one must be 0. */
async function checkStock(db: pg.Client, lowStockThreshold: number): Promise<string[]> {
  const checks: Array<[string, string]> = [
    [
      'stock levels whose quantity is not the sum of their ledger',
      `SELECT count(*) FROM inventory."StockLevel" l
       LEFT JOIN (SELECT "locationId", "productId", SUM(delta) AS total FROM inventory."StockMovement" GROUP BY 1, 2) m USING ("locationId", "productId")
       WHERE l.quantity <> COALESCE(m.total, 0)`,
    ],
    ['stock levels below zero', `SELECT count(*) FROM inventory."StockLevel" WHERE quantity < 0`],
    [
      'levels whose last known quantity in reporting differs',
      `SELECT count(*) FROM inventory."StockLevel" l FULL JOIN reporting."StockFact" f ON f."storeId" = l."locationId" AND f."productId" = l."productId"
       WHERE f.quantity IS DISTINCT FROM l.quantity`,
    ],
    [
      'store levels at or below the threshold without exactly one open alert, or open alerts of other levels',
      `SELECT count(*) FROM (
         SELECT l."locationId", l."productId" FROM inventory."StockLevel" l JOIN inventory."Location" c ON c.id = l."locationId"
         WHERE c.kind = 'STORE' AND l.quantity <= ${Number(lowStockThreshold)}
       ) low FULL JOIN (
         SELECT "storeId", "productId", count(*) AS open FROM reporting."StockAlert" WHERE "resolvedAt" IS NULL GROUP BY 1, 2
       ) a ON a."storeId" = low."locationId" AND a."productId" = low."productId"
       WHERE low."locationId" IS NULL OR a."storeId" IS NULL OR a.open <> 1`,
    ],
    [
      'weekly totals per store and product that differ from the sum of their days',
      `SELECT count(*) FROM (SELECT date_trunc('week', day)::date AS week, "storeId", "productId", SUM(revenue) AS revenue, SUM("unitsSold") AS units FROM reporting."DailySales" GROUP BY 1, 2, 3) d
       FULL JOIN reporting."WeeklySales" w USING (week, "storeId", "productId")
       WHERE d.revenue IS DISTINCT FROM w.revenue OR d.units IS DISTINCT FROM w."unitsSold"`,
    ],
    [
      'stores whose kept alert counts differ from their alerts',
      `SELECT count(*) FROM (SELECT "storeId", count(*) FILTER (WHERE "resolvedAt" IS NULL) AS open, count(*) AS raised FROM reporting."StockAlert" GROUP BY 1) a
       FULL JOIN reporting."StoreAlertCount" c USING ("storeId")
       WHERE COALESCE(a.open, 0) <> COALESCE(c."openCount", 0) OR COALESCE(a.raised, 0) <> COALESCE(c."raisedCount", 0)`,
    ],
    [
      'locations whose stock histogram differs from their levels',
      `SELECT count(*) FROM (SELECT "locationId", LEAST(quantity, 256) AS q, count(*) AS levels, SUM(quantity) AS units FROM inventory."StockLevel" GROUP BY 1, 2) l
       FULL JOIN (SELECT "locationId", quantity AS q, SUM(levels) AS levels, SUM(units) AS units FROM inventory."StockHistogram" GROUP BY 1, 2) h USING ("locationId", q)
       WHERE l.levels IS DISTINCT FROM h.levels AND COALESCE(h.levels, 0) <> 0 OR l.units IS DISTINCT FROM h.units AND COALESCE(h.units, 0) <> 0`,
    ],
    [
      'stores not known to reporting',
      `SELECT count(*) FROM inventory."Location" c FULL JOIN reporting."KnownStore" k ON k."storeId" = c.id WHERE c.kind = 'STORE' AND k."storeId" IS NULL OR c.id IS NULL`,
    ],
  ];
  const problems: string[] = [];
  for (const [what, sql] of checks) {
    const n = Number((await db.query<{ count: string }>(sql)).rows[0]!.count);
    if (n !== 0) problems.push(`${n} ${what}`);
  }
  return problems;
}
