import { applyAllMigrations } from '../../platform/db/migrations.js';
import { openChainSession, type ChainSession, type Progress } from './chain-session.js';
import type { ChainSize } from './chain-size.js';
import { seedCatalog } from './catalog.seed.js';
import { seedLedger, seedLocations, seedStock } from './inventory.seed.js';
import { seedReportingAlerts, seedReportingSales, seedReportingStock } from './reporting.seed.js';
import { seedSales } from './sales.seed.js';

export interface SeedChainOptions {
  databaseUrl: string;
  size: ChainSize;
  /** REPORT_TIME_ZONE and LOW_STOCK_THRESHOLD of the system that will run on it. */
  timeZone: string;
  lowStockThreshold: number;
  /** The history ends here (default: now). */
  now?: Date;
  progress?: Progress;
}

/** Rows written, by table. */
export type ChainCounts = Record<string, number>;

const COUNTED = [
  'catalog."Product"',
  'inventory."Location"',
  'inventory."StockLevel"',
  'inventory."StockMovement"',
  'sales."Sale"',
  'sales."SaleLine"',
  'sales."Return"',
  'reporting."SalesFact"',
  'reporting."DailySales"',
  'reporting."WeeklySales"',
  'reporting."StoreDailySales"',
  'reporting."ProductDailySales"',
  'reporting."StockFact"',
  'reporting."StockAlert"',
];

/**
 * Fills an empty database with a chain of `size` through the project's own
 * model: migrations first, then catalog, locations, sales history, stock
 * levels, then side by side the stock ledger and reporting's read model, all
 * inside PostgreSQL; then
 * VACUUM ANALYZE (planner statistics, index-only scans). Refuses a database
 * that already holds products, locations or sales. Demo accounts and the
 * check against the sales tables are the caller's (they run subgraph code).
 */
export async function seedChain(options: SeedChainOptions): Promise<ChainCounts> {
  const progress = options.progress ?? (() => undefined);
  const now = options.now ?? new Date();
  const openedAt = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - options.size.days + 1) - 3_600_000);
  await applyAllMigrations(options.databaseUrl);
  progress('migrations applied');
  const db = await openChainSession(options.databaseUrl, progress);
  try {
    const [{ used }] = await db.query<{ used: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM catalog."Product") OR EXISTS (SELECT 1 FROM inventory."Location") OR EXISTS (SELECT 1 FROM sales."Sale") AS used`,
    ) as [{ used: boolean }];
    if (used) throw new Error('The database already holds products, locations or sales: seed a chain into an empty (freshly migrated) database');
    await db.step('catalog', () => seedCatalog(db, options.size, openedAt));
    await db.step('locations', () => seedLocations(db, options.size, openedAt));
    await db.step('sales and returns', () => seedSales(db, options.size, now));
    await db.step('stock levels', () => seedStock(db, openedAt));
    // Three independent parts side by side, each on a connection of its own (PostgreSQL runs them on every core).
    const settings = { timeZone: options.timeZone, lowStockThreshold: options.lowStockThreshold, openedAt };
    const beside = async (name: string, seed: (session: ChainSession) => Promise<void>) => {
      const session = await openChainSession(options.databaseUrl, progress);
      try {
        await session.step(name, () => seed(session));
      } finally {
        await session.close();
      }
    };
    await Promise.all([
      db.step('stock ledger', () => seedLedger(db, options.size, openedAt)),
      beside('reporting: sales facts and daily totals', (session) => seedReportingSales(session, settings)),
      beside('reporting: last known stock, known stores', (session) => seedReportingStock(session, settings)),
    ]);
    await db.step('reporting: stock alerts', () => seedReportingAlerts(db, settings));
    await db.step('vacuum analyze', () => db.query('VACUUM (ANALYZE)'));
    const counts: ChainCounts = {};
    for (const table of COUNTED) counts[table] = Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`))[0]!.n);
    return counts;
  } finally {
    await db.close();
  }
}
