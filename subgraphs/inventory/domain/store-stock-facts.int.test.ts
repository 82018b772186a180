import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeStockCache } from '../data-access/stock-cache.js';
import { mergeStockHistogram } from '../data-access/stock-histogram.repository.js';
import { disconnectInventoryDb, inventorySql } from '../data-access/inventory-database.js';
import { contextFor, errorCodeOf, productId, setQuantity, storeId, viewers, warehouseId } from '../test-support/callers-and-stock.js';
import { adjustStock } from './adjust-stock.use-case.js';
import { approveReplenishment } from './approve-replenishment.use-case.js';
import { getOverstock, getOverstockCount, getRemainingStock, getStockOutCount, getStockOuts } from './get-store-stock-facts.use-case.js';
import { listReplenishmentRequestPage, listReplenishmentRequests } from './list-replenishment-requests.use-case.js';
import { releaseReservation } from './release-reservation.use-case.js';
import { requestReplenishment } from './request-replenishment.use-case.js';
import { reserveStock } from './reserve-stock.use-case.js';
import { restockReturn } from './restock-return.use-case.js';
import { seedDemoInventory } from './seed-demo-inventory.use-case.js';
import { settings } from '../test-support/settings.js';

const { low: LOW_STOCK_THRESHOLD, high: OVERSTOCK_THRESHOLD } = settings.thresholds;

beforeAll(async () => {
  await seedDemoInventory();
});
afterAll(async () => {
  await closeStockCache();
  await disconnectInventoryDb();
});

/** What the levels themselves say, counted by SQL over StockLevel. */
async function countedFromLevels(location: string) {
  const [row] = await inventorySql().query<{ units: string; low: string; high: string }>(
    `SELECT SUM(quantity)::text AS units, count(*) FILTER (WHERE quantity <= $2)::text AS low, count(*) FILTER (WHERE quantity >= $3)::text AS high
     FROM "StockLevel" WHERE "locationId" = $1::uuid`,
    [location, LOW_STOCK_THRESHOLD, OVERSTOCK_THRESHOLD],
  );
  return { remainingStock: Number(row!.units), stockOutCount: Number(row!.low), overstockCount: Number(row!.high) };
}

async function figures(location: string) {
  const ctx = contextFor(null);
  return {
    remainingStock: await getRemainingStock(ctx, location),
    stockOutCount: await getStockOutCount(ctx, location),
    overstockCount: await getOverstockCount(ctx, location),
  };
}

describe('store stock facts from the stock histogram (PostgreSQL)', () => {
  it('when every kind of stock write runs concurrently while the histogram is merged, then remaining stock and the counts equal what the levels say', async () => {
    const store = storeId(2);
    const writes: Array<Promise<unknown>> = [];
    for (let i = 0; i < 12; i++) {
      const product = productId(i);
      writes.push(setQuantity(store, product, i % 3 === 0 ? 2 : 150));
      const reservation = randomUUID();
      writes.push(
        reserveStock(contextFor(viewers.service), { id: reservation, storeId: store, lines: [{ productId: productId(20 + i), quantity: 1 }] }).then(() =>
          i % 2 ? releaseReservation(contextFor(viewers.service), reservation) : undefined,
        ),
      );
      writes.push(restockReturn(contextFor(viewers.service), { returnId: randomUUID(), storeId: store, lines: [{ productId: productId(40 + i), quantity: 2 }] }));
      writes.push(
        requestReplenishment(contextFor(viewers.admin), { storeId: store, productId: productId(50 + (i % 5)), quantity: 3 }).then((r) => approveReplenishment(contextFor(viewers.logistics), r.id)),
      );
      writes.push(mergeStockHistogram());
    }
    await Promise.all(writes);
    expect(await figures(store)).toEqual(await countedFromLevels(store));
    expect(await figures(warehouseId)).toEqual(await countedFromLevels(warehouseId));
    await mergeStockHistogram();
    const [most] = await inventorySql().query<{ rows: number }>(`SELECT max(n)::int AS rows FROM (SELECT count(*) AS n FROM "StockHistogram" WHERE "locationId" = $1::uuid GROUP BY quantity) AS per_quantity`, [store]);
    expect(most?.rows).toBe(1);
    expect(await figures(store)).toEqual(await countedFromLevels(store));
  });

  it('when the first stock-outs and overstock are asked for, then they are the lowest (highest) levels past the thresholds, then by name, as many as asked', async () => {
    const store = storeId(3);
    await setQuantity(store, productId(60), 0);
    await setQuantity(store, productId(61), 1);
    await setQuantity(store, productId(62), 900);
    const stockOuts = await getStockOuts(contextFor(null), store, 100);
    expect(stockOuts.length).toBe((await countedFromLevels(store)).stockOutCount);
    expect(stockOuts.every((l) => l.quantity <= LOW_STOCK_THRESHOLD)).toBe(true);
    expect(stockOuts.map((l) => [l.quantity, l.productName])).toEqual([...stockOuts].sort((a, b) => a.quantity - b.quantity || a.productName.localeCompare(b.productName)).map((l) => [l.quantity, l.productName]));
    expect((await getStockOuts(contextFor(null), store, 1)).map((l) => l.productId)).toEqual([productId(60)]);
    const overstock = await getOverstock(contextFor(null), store, 2);
    expect(overstock[0]).toMatchObject({ productId: productId(62), quantity: 900 });
    expect(overstock).toHaveLength(2);
    for (const first of [0, -1, 101, 2.5]) expect(await errorCodeOf(getStockOuts(contextFor(null), store, first))).toBe('BAD_USER_INPUT');
  });
});

describe('replenishment requests, paged (PostgreSQL)', () => {
  it('when requests are read page by page, then each is seen once, newest first, with the total; page sizes and cursors are checked', async () => {
    const store = storeId(4);
    for (let i = 0; i < 7; i++) await requestReplenishment(contextFor(viewers.admin), { storeId: store, productId: productId(i), quantity: 1 + i });
    const ctx = contextFor(viewers.manager(store));
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof listReplenishmentRequestPage>> = await listReplenishmentRequestPage(ctx, { first: 3, after });
      expect(page.totalCount).toBe(7);
      expect(page.edges.length).toBeLessThanOrEqual(3);
      seen.push(...page.edges.map((e) => e.node.id));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(new Set(seen).size).toBe(7);
    expect(await listReplenishmentRequests(ctx, {})).toEqual(await listReplenishmentRequests(ctx, { first: 100 }));
    expect((await listReplenishmentRequests(ctx, { first: 2 })).map((r) => r.id)).toEqual(seen.slice(0, 2));
    for (const first of [0, 101]) expect(await errorCodeOf(listReplenishmentRequestPage(ctx, { first }))).toBe('BAD_USER_INPUT');
    expect(await errorCodeOf(listReplenishmentRequestPage(ctx, { after: 'not-a-cursor' }))).toBe('BAD_USER_INPUT');
    expect(await errorCodeOf(listReplenishmentRequestPage(contextFor(viewers.clerk(storeId(5))), { storeId: store }))).toBe('FORBIDDEN');
  });
});

describe('adjustments keep facts current', () => {
  it('when a level crosses a threshold, then the counts read right after follow (the facts are cached until the store changes)', async () => {
    const store = storeId(5);
    const product = productId(63);
    await setQuantity(store, product, 50);
    const before = await figures(store);
    await adjustStock(contextFor(viewers.admin), { storeId: store, productId: product, delta: -48, reason: 'damaged' });
    expect(await figures(store)).toEqual({ remainingStock: before.remainingStock - 48, stockOutCount: before.stockOutCount + 1, overstockCount: before.overstockCount });
  });
});
