import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoLocations, demoProducts, demoStockQuantity } from '../../../demo/demo-dataset.js';
import { disconnectInventoryDb, inventoryDb } from '../data-access/inventory-database.js';
import { findLedgerMismatches } from '../data-access/stock.repository.js';
import { contextFor, errorCodeOf, productId, quantityAt, setQuantity, storeId, unknownId, viewers, warehouseId } from '../test-support/callers-and-stock.js';
import { adjustStock } from './adjust-stock.use-case.js';
import { approveReplenishment } from './approve-replenishment.use-case.js';
import { commitReservation } from './commit-reservation.use-case.js';
import { releaseReservation } from './release-reservation.use-case.js';
import { requestReplenishment } from './request-replenishment.use-case.js';
import { reserveStock } from './reserve-stock.use-case.js';
import { restockReturn } from './restock-return.use-case.js';
import { seedDemoInventory } from './seed-demo-inventory.use-case.js';

beforeAll(async () => {
  await seedDemoInventory();
});
afterAll(disconnectInventoryDb);

const adjust = (viewer: Parameters<typeof contextFor>[0], store: string, product: string, delta: number, reason = 'stocktake') =>
  adjustStock(contextFor(viewer), { storeId: store, productId: product, delta, reason });

describe('demo seed (PostgreSQL)', () => {
  it('when the inventory is seeded, then every product is stocked everywhere with the demo quantity, once, with a matching ledger', async () => {
    expect(await seedDemoInventory()).toBe(false);
    expect(await inventoryDb().location.count()).toBe(demoLocations.length);
    expect(await inventoryDb().stockLevel.count()).toBe(demoLocations.length * demoProducts.length);
    expect(await inventoryDb().stockMovement.count({ where: { kind: 'INITIAL' } })).toBe(demoLocations.length * demoProducts.length);
    const level = await inventoryDb().stockLevel.findUnique({ where: { locationId_productId: { locationId: demoLocations[1]!.id, productId: demoProducts[65]!.id } } });
    expect(level).toMatchObject({ quantity: demoStockQuantity(1, 65, false), productName: demoProducts[65]!.name });
    expect(await quantityAt(warehouseId, demoProducts[66]!.id)).toBe(demoStockQuantity(5, 66, true));
    expect(await findLedgerMismatches()).toEqual([]);
  });
});

describe('adjustStock (PostgreSQL)', () => {
  it('when the store manager adjusts up and down, then the quantity follows and each adjustment is in the ledger with its reason', async () => {
    const [store, product] = [storeId(1), productId(30)];
    const start = (await quantityAt(store, product))!;
    expect(await adjust(viewers.manager(store), store, product, 7, ' Found in back room ')).toMatchObject({ quantity: start + 7, locationId: store, productId: product });
    expect((await adjust(viewers.manager(store), store, product, -3, 'Damaged')).quantity).toBe(start + 4);
    const movements = await inventoryDb().stockMovement.findMany({ where: { locationId: store, productId: product, kind: 'ADJUSTMENT' }, orderBy: { createdAt: 'asc' } });
    expect(movements.map((m) => [m.delta, m.reason, m.actorId])).toEqual([
      [7, 'Found in back room', viewers.manager(store).id],
      [-3, 'Damaged', viewers.manager(store).id],
    ]);
  });

  it('when a decrement would go below zero, then INSUFFICIENT_STOCK with what is available, and nothing changes', async () => {
    const [store, product] = [storeId(1), productId(31)];
    await setQuantity(store, product, 4);
    await expect(adjust(viewers.admin, store, product, -5)).rejects.toMatchObject({ extensions: { code: 'INSUFFICIENT_STOCK', available: 4, productId: product } });
    expect(await quantityAt(store, product)).toBe(4);
    expect((await adjust(viewers.admin, store, product, -4)).quantity).toBe(0);
  });

  it('when many concurrent decrements race for the last units, then the quantity stops at zero and never below', async () => {
    const [store, product] = [storeId(2), productId(32)];
    await setQuantity(store, product, 6);
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => adjust(viewers.admin, store, product, -2)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    expect(await quantityAt(store, product)).toBe(0);
  });

  it('when the delta is zero or the reason blank, then BAD_USER_INPUT and nothing changes', async () => {
    const [store, product] = [storeId(1), productId(33)];
    const before = await quantityAt(store, product);
    expect(await errorCodeOf(adjust(viewers.admin, store, product, 0))).toBe('BAD_USER_INPUT');
    expect(await errorCodeOf(adjust(viewers.admin, store, product, 2, '   '))).toBe('BAD_USER_INPUT');
    expect(await quantityAt(store, product)).toBe(before);
  });

  it('when a manager adjusts another store, a clerk or logistics adjusts, then FORBIDDEN; without a token, UNAUTHENTICATED', async () => {
    const [store, product] = [storeId(2), productId(34)];
    const before = await quantityAt(store, product);
    expect(await errorCodeOf(adjust(viewers.manager(storeId(1)), store, product, 1))).toBe('FORBIDDEN');
    expect(await errorCodeOf(adjust(viewers.clerk(store), store, product, 1))).toBe('FORBIDDEN');
    expect(await errorCodeOf(adjust(viewers.logistics, store, product, 1))).toBe('FORBIDDEN');
    expect(await errorCodeOf(adjust(viewers.customer, store, product, 1))).toBe('FORBIDDEN');
    expect(await errorCodeOf(adjust(viewers.anonymous, store, product, 1))).toBe('UNAUTHENTICATED');
    expect(await quantityAt(store, product)).toBe(before);
  });

  it('when the store is unknown or a product not stocked there is decremented, then NOT_FOUND', async () => {
    expect(await errorCodeOf(adjust(viewers.admin, unknownId, productId(35), 1))).toBe('NOT_FOUND');
    expect(await errorCodeOf(adjust(viewers.admin, storeId(1), unknownId, -1))).toBe('NOT_FOUND');
    expect(await errorCodeOf(adjust(viewers.admin, storeId(1), 'not-a-uuid', 1))).toBe('NOT_FOUND');
    expect(await quantityAt(storeId(1), unknownId)).toBeNull();
  });

  it('when a product new to inventory is counted in, then its level is created', async () => {
    const newProduct = randomUUID();
    expect(await adjust(viewers.admin, warehouseId, newProduct, 50)).toMatchObject({ quantity: 50, productName: '' });
    expect((await adjust(viewers.manager(storeId(1)), storeId(1), newProduct, 2)).quantity).toBe(2);
  });
});

describe('ledger invariant (PostgreSQL)', () => {
  it('when sales, releases, returns, replenishments and adjustments mix concurrently, then every level equals the sum of its movements', async () => {
    const store = storeId(4);
    const products = [productId(40), productId(41), productId(42)];
    for (const p of products) await setQuantity(store, p, 10);
    const service = contextFor(viewers.service);
    // Requested before the work starts: an await between starting the work and settling it would leave a refused step unobserved.
    const request = await requestReplenishment(contextFor(viewers.admin), { storeId: store, productId: products[0]!, quantity: 5 });
    const work: Array<Promise<unknown>> = [];
    for (let i = 0; i < 12; i++) {
      const id = randomUUID();
      const lines = [{ productId: products[i % 3]!, quantity: 1 + (i % 2) }, { productId: products[(i + 1) % 3]!, quantity: 1 }];
      work.push(
        reserveStock(service, { id, storeId: store, lines }).then((r) =>
          r.status === 'HELD' ? (i % 3 === 0 ? releaseReservation(service, id) : commitReservation(service, id)) : r,
        ),
      );
      if (i % 4 === 0) work.push(restockReturn(service, { returnId: randomUUID(), storeId: store, lines: [{ productId: products[i % 3]!, quantity: 1 }] }));
      if (i % 5 === 0) work.push(adjust(viewers.admin, store, products[(i + 2) % 3]!, -1));
    }
    work.push(approveReplenishment(contextFor(viewers.logistics), request.id));
    await Promise.allSettled(work);

    expect(await findLedgerMismatches()).toEqual([]);
    expect(await inventoryDb().stockLevel.count({ where: { quantity: { lt: 0 } } })).toBe(0);
    const held = await inventoryDb().reservation.count({ where: { status: 'HELD' } });
    expect(held).toBe(0);
  });
});
