import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { salesTables } from '../../loadtest/chain/check-chain.js';
import { composedSubgraphs } from '../../contracts/subgraphs.js';
import { startFaultSystem, tokenFor, type FaultSystem } from '../support/fault-system.js';

/**
 * A reduced chain (20 stores × 2,000 products × 30 days, about 60,000 sales)
 * seeded by `npm run seed:scale` itself, the whole system on it, and the
 * head office's reads through the router: every list bounded, page sizes
 * enforced, counts and totals equal to what SQL says, reports equal to the
 * sales tables. The router batches entity fetches by 64 here, so that this
 * size already needs several batches.
 */
const root = path.resolve(import.meta.dirname, '../..');
const SIZE = ['--stores', '20', '--products', '2000', '--days', '30'];
const LOW = 5;
const HIGH = 100;
let chain: FaultSystem;
let admin: string;
let seedOutput = '';

beforeAll(async () => {
  chain = await startFaultSystem({
    subgraphs: composedSubgraphs,
    env: { SUBGRAPH_MAX_REPRESENTATIONS: '64', LOW_STOCK_THRESHOLD: String(LOW), OVERSTOCK_THRESHOLD: String(HIGH), REPORT_TIME_ZONE: 'UTC' },
    prepare: async (databaseUrl) => {
      const run = await promisify(execFile)(path.join(root, 'node_modules/.bin/tsx'), ['loadtest/chain/seed-scale.ts', ...SIZE], {
        cwd: root,
        env: { ...process.env, DATABASE_URL: databaseUrl, LOW_STOCK_THRESHOLD: String(LOW), REPORT_TIME_ZONE: 'UTC', LOG_LEVEL: 'warn' },
        maxBuffer: 10_000_000,
      });
      seedOutput = run.stdout;
    },
  });
  admin = await tokenFor('HQ_ADMIN');
}, 600_000);

afterAll(async () => {
  await chain?.stop();
});

const bytesOf = (value: unknown) => Buffer.byteLength(JSON.stringify(value));
const queryable = { query: async <R extends pg.QueryResultRow>(text: string, values?: unknown[]) => ({ rows: await chain.sql<R>(text, values) }) } as unknown as pg.Client;

describe('a reduced chain through the router', () => {
  it('when seed:scale fills the database, then it says so and its own check of reports against the sales tables passed', () => {
    expect(seedOutput).toMatch(/seeding 20 stores × 2000 products × 30 days/);
    expect(seedOutput).toMatch(/checked: reports equal the sales tables, stock read models equal the levels and their ledger/);
  });

  it('when head office opens the dashboard, then each store shows its counts, at most `first` of its worst levels (the worst, by SQL), and revenue equal to the sales tables', async () => {
    const data = await chain.gqlOk<any>(
      `{ dashboard { stores { store { id code } revenueToday revenueLast7Days stockOutCount overstockCount
           stockOuts(first: 5) { quantity product { id name } } overstock(first: 5) { quantity product { id } } dailyRevenue(days: 7) { date revenue } } } }`,
      {},
      admin,
    );
    expect(bytesOf(data)).toBeLessThan(1_000_000);
    const stores = data.dashboard.stores as any[];
    expect(stores).toHaveLength(20);
    const counts = await chain.sql<{ id: string; low: number; high: number }>(
      `SELECT "locationId"::text AS id, count(*) FILTER (WHERE quantity <= $1)::int AS low, count(*) FILTER (WHERE quantity >= $2)::int AS high
       FROM inventory."StockLevel" GROUP BY 1`,
      [LOW, HIGH],
    );
    const today = new Date(new Date().toISOString().slice(0, 10));
    const revenue = async (from: Date) => new Map((await salesTables(queryable, from, new Date(Date.now() + 60_000)).stores()).map((s) => [s.storeId, s.revenue]));
    const [revenueToday, revenueWeek] = [await revenue(today), await revenue(new Date(today.getTime() - 6 * 86_400_000))];
    for (const s of stores) {
      const want = counts.find((c) => c.id === s.store.id)!;
      expect({ store: s.store.code, stockOutCount: s.stockOutCount, overstockCount: s.overstockCount }).toEqual({ store: s.store.code, stockOutCount: want.low, overstockCount: want.high });
      const worst = await chain.sql<{ quantity: number; id: string; name: string }>(
        `SELECT l.quantity, l."productId"::text AS id, p.name FROM inventory."StockLevel" l JOIN catalog."Product" p ON p.id = l."productId"
         WHERE l."locationId" = $1 AND l.quantity <= $2 ORDER BY l.quantity, l."productName", l."productId" LIMIT 5`,
        [s.store.id, LOW],
      );
      expect(s.stockOuts).toEqual(worst.map((w) => ({ quantity: w.quantity, product: { id: w.id, name: w.name } })));
      expect(s.overstock.length).toBe(Math.min(5, want.high));
      expect(s.overstock.every((l: any) => l.quantity >= HIGH)).toBe(true);
      expect({ store: s.store.code, today: s.revenueToday, week: s.revenueLast7Days }).toEqual({ store: s.store.code, today: revenueToday.get(s.store.id) ?? '0.00', week: revenueWeek.get(s.store.id) ?? '0.00' });
      expect(s.dailyRevenue).toHaveLength(7);
    }
    const lowList = await chain.gqlOk<any>(`query($id: ID!) { store(id: $id) { stock(lowStockOnly: true, first: 1) { totalCount } } }`, { id: stores[0].store.id });
    expect(lowList.store.stock.totalCount).toBe(stores[0].stockOutCount);
  });

  it('when head office asks for the sales report over 30 and 14 days, then every store has one row and every figure equals the sales tables', async () => {
    for (const days of [30, 14]) {
      const to = new Date(Date.now() + 60_000);
      const from = new Date(to.getTime() - days * 86_400_000);
      const data = await chain.gqlOk<any>(
        `query($from: DateTime!, $to: DateTime!) { salesReport(from: $from, to: $to) { totalRevenue saleCount
           stores { store { id } revenue saleCount unitsSold remainingStock topProducts(limit: 3) { product { id } unitsSold revenue } }
           topProducts(limit: 10) { product { id name } unitsSold revenue } } }`,
        { from: from.toISOString(), to: to.toISOString() },
        admin,
      );
      const report = data.salesReport;
      expect(bytesOf(data)).toBeLessThan(1_000_000);
      const tables = salesTables(queryable, from, to);
      const want = await tables.stores();
      expect(report.stores).toHaveLength(20);
      expect(report.stores.map((s: any) => ({ storeId: s.store.id, revenue: s.revenue, unitsSold: s.unitsSold, saleCount: s.saleCount })).sort((a: any, b: any) => a.storeId.localeCompare(b.storeId))).toEqual(
        [...want].sort((a, b) => a.storeId.localeCompare(b.storeId)),
      );
      expect(report.saleCount).toBe(want.reduce((n, s) => n + s.saleCount, 0));
      expect(report.topProducts.map((p: any) => ({ productId: p.product.id, unitsSold: p.unitsSold, revenue: p.revenue }))).toEqual(await tables.top(10));
      for (const s of report.stores) expect(s.topProducts.map((p: any) => ({ productId: p.product.id, unitsSold: p.unitsSold, revenue: p.revenue }))).toEqual(await tables.top(3, s.store.id));
      const remaining = await chain.sql<{ id: string; units: number }>(`SELECT "locationId"::text AS id, SUM(quantity)::int AS units FROM inventory."StockLevel" GROUP BY 1`);
      for (const s of report.stores) expect(s.remainingStock).toBe(remaining.find((r) => r.id === s.store.id)!.units);
    }
  });

  it('when stock alerts are read page by page, then the total is the open alerts SQL counts and the pages of a store hold exactly its alerts; the deprecated list stops at 1,000', async () => {
    const open = (await chain.sql<{ open: number }>(`SELECT count(*)::int AS open FROM reporting."StockAlert" WHERE "resolvedAt" IS NULL`))[0]!.open;
    const first = await chain.gqlOk<any>(`{ stockAlertConnection(first: 100) { totalCount edges { node { id } } } }`, {}, admin);
    expect(first.stockAlertConnection.totalCount).toBe(open);
    expect(first.stockAlertConnection.edges).toHaveLength(100);
    const store = (await chain.sql<{ id: string }>(`SELECT id::text FROM inventory."Location" WHERE code = 'STORE-7'`))[0]!.id;
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page: any = await chain.gqlOk<any>(`query($s: ID, $a: String) { stockAlertConnection(storeId: $s, first: 100, after: $a) { pageInfo { hasNextPage endCursor } edges { node { id } } } }`, { s: store, a: after }, admin);
      seen.push(...page.stockAlertConnection.edges.map((e: any) => e.node.id));
      after = page.stockAlertConnection.pageInfo.hasNextPage ? page.stockAlertConnection.pageInfo.endCursor : null;
    } while (after);
    const theirs = await chain.sql<{ id: string }>(`SELECT id::text FROM reporting."StockAlert" WHERE "storeId" = $1 AND "resolvedAt" IS NULL ORDER BY "raisedAt" DESC, id DESC`, [store]);
    expect(seen).toEqual(theirs.map((a) => a.id));
    // Totals come from the counts kept per store: they equal SQL's COUNT, open or all.
    const all = (await chain.sql<{ n: number }>(`SELECT count(*)::int AS n FROM reporting."StockAlert" WHERE "storeId" = $1`, [store]))[0]!.n;
    const totals = await chain.gqlOk<any>(
      `query($s: ID) { open: stockAlertConnection(storeId: $s, first: 1) { totalCount } all: stockAlertConnection(storeId: $s, includeResolved: true, first: 1) { totalCount } }`,
      { s: store },
      admin,
    );
    expect({ open: totals.open.totalCount, all: totals.all.totalCount }).toEqual({ open: theirs.length, all });
    const deprecated = await chain.gqlOk<any>(`{ stockAlerts { id } }`, {}, admin);
    expect(deprecated.stockAlerts).toHaveLength(Math.min(1000, open));
  });

  it('when a page or list size is outside 1…100 (or a limit outside 0…100), then BAD_USER_INPUT, whichever list it is', async () => {
    const refused = [
      `{ stockAlertConnection(first: 0) { totalCount } }`,
      `{ stockAlertConnection(first: 101) { totalCount } }`,
      `{ replenishmentRequestConnection(first: 500) { totalCount } }`,
      `{ replenishmentRequests(first: 0) { id } }`,
      `{ dashboard { stores { stockOuts(first: 1000) { quantity } } } }`,
      `{ dashboard { stores { overstock(first: -1) { quantity } } } }`,
      `{ salesReport(from: "2026-01-01T00:00:00Z", to: "2026-02-01T00:00:00Z") { topProducts(limit: 101) { unitsSold } } }`,
      `{ salesReport(from: "2026-01-01T00:00:00Z", to: "2026-02-01T00:00:00Z") { stores { topProducts(limit: 500) { unitsSold } } } }`,
    ];
    for (const query of refused) {
      const { body } = await chain.gql(query, {}, admin);
      expect({ query, code: body.errors?.[0]?.extensions?.code }).toEqual({ query, code: 'BAD_USER_INPUT' });
    }
  });
});
