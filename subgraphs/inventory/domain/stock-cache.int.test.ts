import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settings } from '../test-support/settings.js';
import { cacheCounts } from '../../../platform/cache/cache-metrics.js';
import { disconnectInventoryDb } from '../data-access/inventory-database.js';
import { closeStockCache, stockCache } from '../data-access/stock-cache.js';
import { contextFor, productId, setQuantity, storeId, viewers, warehouseId } from '../test-support/callers-and-stock.js';
import { adjustStock } from './adjust-stock.use-case.js';
import { approveReplenishment } from './approve-replenishment.use-case.js';
import { getRemainingStock, getStockOuts } from './get-store-stock-facts.use-case.js';
import { getProductStock } from './get-product-stock.use-case.js';
import { listStoreStock } from './list-store-stock.use-case.js';
import { releaseReservation } from './release-reservation.use-case.js';
import { requestReplenishment } from './request-replenishment.use-case.js';
import { reserveStock } from './reserve-stock.use-case.js';
import { seedDemoInventory } from './seed-demo-inventory.use-case.js';

beforeAll(async () => {
  await seedDemoInventory();
});
afterAll(async () => {
  await closeStockCache();
  await disconnectInventoryDb();
});

const quantityInList = async (store: string, product: string) =>
  (await listStoreStock(store, { first: 100 }, settings.thresholds)).edges.find((e) => e.node.productId === product)?.node.quantity;
const productStock = async (store: string, product: string) => (await getProductStock(contextFor(null), product, store))?.quantity;

describe('cached stock (in-process LRU, the embedded default)', () => {
  it('when a stock list is read twice, then the second read is a cache hit with the same page', async () => {
    expect(stockCache().kind).toBe('memory');
    const before = cacheCounts('stock');
    const first = await listStoreStock(storeId(1), { first: 10, orderBy: 'QUANTITY_ASC' }, settings.thresholds);
    const second = await listStoreStock(storeId(1), { first: 10, orderBy: 'QUANTITY_ASC' }, settings.thresholds);
    expect(second).toEqual(first);
    expect(second.edges[0]!.node.updatedAt).toBeInstanceOf(Date);
    expect(cacheCounts('stock').hit - before.hit).toBeGreaterThanOrEqual(1);
  });

  it('when a manager adjusts stock, then the store list, the product stock and the store facts read right after show it', async () => {
    const [store, product] = [storeId(2), productId(50)];
    await setQuantity(store, product, 20);
    expect(await quantityInList(store, product)).toBe(20);
    expect(await productStock(store, product)).toBe(20);
    const remaining = await getRemainingStock(contextFor(null), store);
    await adjustStock(contextFor(viewers.manager(store)), { storeId: store, productId: product, delta: -17, reason: 'damaged' });
    expect(await quantityInList(store, product)).toBe(3);
    expect(await productStock(store, product)).toBe(3);
    expect(await getRemainingStock(contextFor(null), store)).toBe(remaining - 17);
    expect((await getStockOuts(contextFor(null), store, 100)).map((l) => l.productId)).toContain(product);
  });

  it('when a sale reserves stock and a release gives it back, then each read after shows the current quantity', async () => {
    const [store, product] = [storeId(3), productId(51)];
    await setQuantity(store, product, 9);
    expect(await productStock(store, product)).toBe(9);
    const id = randomUUID();
    await reserveStock(contextFor(viewers.service), { id, storeId: store, lines: [{ productId: product, quantity: 4 }] });
    expect(await productStock(store, product)).toBe(5);
    expect(await quantityInList(store, product)).toBe(5);
    await releaseReservation(contextFor(viewers.service), id);
    expect(await productStock(store, product)).toBe(9);
  });

  it('when a replenishment is approved, then the warehouse and the store lists both show the move; other stores stay cached', async () => {
    const [store, product] = [storeId(4), productId(52)];
    const untouched = storeId(5);
    await listStoreStock(untouched, { first: 5 }, settings.thresholds);
    const store4 = await quantityInList(store, product);
    const warehouse = await quantityInList(warehouseId, product);
    const request = await requestReplenishment(contextFor(viewers.manager(store)), { storeId: store, productId: product, quantity: 6 });
    await approveReplenishment(contextFor(viewers.logistics), request.id);
    expect(await quantityInList(store, product)).toBe(store4! + 6);
    expect(await quantityInList(warehouseId, product)).toBe(warehouse! - 6);
    const before = cacheCounts('stock');
    await listStoreStock(untouched, { first: 5 }, settings.thresholds);
    expect(cacheCounts('stock').hit - before.hit).toBe(1);
  });
});
