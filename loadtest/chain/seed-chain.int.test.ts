import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { disconnectReportingDb } from '../../subgraphs/reporting/data-access/reporting-database.js';
import { checkChain } from './check-chain.js';
import { chainSize } from './chain-size.js';
import { seedChain, type ChainCounts } from './seed-chain.js';

const url = process.env.DATABASE_URL!;
const now = new Date();
let counts: ChainCounts;
const db = new pg.Client({ connectionString: url });

beforeAll(async () => {
  counts = await seedChain({ databaseUrl: url, size: chainSize({ stores: 6, products: 300, days: 5, salesPerStoreDay: 40 }), timeZone: 'UTC', lowStockThreshold: 5, now });
  await db.connect();
}, 120_000);
afterAll(async () => {
  await db.end();
  await disconnectReportingDb();
});

describe('a seeded chain', () => {
  it('when a small chain is seeded, then it has every level and the sales asked for, and its check finds nothing wrong', async () => {
    expect(counts).toMatchObject({ 'catalog."Product"': 300, 'inventory."Location"': 7, 'inventory."StockLevel"': 7 * 300, 'sales."Sale"': expect.any(Number) });
    expect(counts['sales."Sale"']).toBeGreaterThan(6 * 4 * 40);
    expect(counts['sales."Return"']).toBeGreaterThan(0);
    expect(counts['reporting."StockAlert"']).toBeGreaterThan(0);
    expect(await checkChain(url, { lowStockThreshold: 5, now })).toEqual([]);
  });

  it('when the database already holds a chain, then seeding again is refused and changes nothing', async () => {
    await expect(seedChain({ databaseUrl: url, size: chainSize({ stores: 1, products: 1, days: 1 }), timeZone: 'UTC', lowStockThreshold: 5 })).rejects.toThrow(/already holds/);
    expect(Number((await db.query('SELECT count(*) AS n FROM catalog."Product"')).rows[0].n)).toBe(300);
  });

  it('when a read model drifts from the sales tables or the levels, then the check names it', async () => {
    // A whole day inside the history (its first and last days are read from the facts).
    await db.query(`UPDATE reporting."StoreDailySales" SET revenue = revenue + 1 WHERE (day, "storeId") = (SELECT day, "storeId" FROM reporting."StoreDailySales" ORDER BY day LIMIT 1 OFFSET 20)`);
    await db.query(`UPDATE reporting."StockFact" SET quantity = quantity + 1 WHERE ("storeId", "productId") = (SELECT "storeId", "productId" FROM reporting."StockFact" LIMIT 1)`);
    await db.query(`DELETE FROM reporting."StockAlert" WHERE id = (SELECT id FROM reporting."StockAlert" WHERE "resolvedAt" IS NULL LIMIT 1)`);
    await db.query(`UPDATE reporting."StoreAlertCount" SET "raisedCount" = "raisedCount" + 1 WHERE "storeId" = (SELECT "storeId" FROM reporting."StoreAlertCount" ORDER BY 1 DESC LIMIT 1)`);
    await db.query(`UPDATE reporting."WeeklySales" SET "unitsSold" = "unitsSold" + 1 WHERE (week, "storeId", "productId") = (SELECT week, "storeId", "productId" FROM reporting."WeeklySales" LIMIT 1)`);
    const problems = await checkChain(url, { lowStockThreshold: 5, now });
    expect(problems.some((p) => /whole history: store .* but the report says/.test(p))).toBe(true);
    expect(problems).toContain('1 levels whose last known quantity in reporting differs');
    expect(problems.some((p) => /without exactly one open alert/.test(p))).toBe(true);
    expect(problems).toContain('1 weekly totals per store and product that differ from the sum of their days');
    // The deleted alert's store and the changed count's (two stores, or one).
    expect(problems.some((p) => /^[12] stores whose kept alert counts differ from their alerts$/.test(p))).toBe(true);
  });
});
