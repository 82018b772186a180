import type { Viewer } from '../../../platform/auth/viewer.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { disconnectInventoryDb, inventoryDb } from '../data-access/inventory-database.js';
import { findReplenishmentRequest } from '../data-access/replenishment.repository.js';
import { findLedgerMismatches } from '../data-access/stock.repository.js';
import { contextFor, errorCodeOf, productId, quantityAt, setQuantity, storeId, unknownId, viewers, warehouseId } from '../test-support/callers-and-stock.js';
import { approveReplenishment } from './approve-replenishment.use-case.js';
import { listReplenishmentRequests } from './list-replenishment-requests.use-case.js';
import { rejectReplenishment } from './reject-replenishment.use-case.js';
import { requestReplenishment } from './request-replenishment.use-case.js';
import { seedDemoInventory } from './seed-demo-inventory.use-case.js';

beforeAll(async () => {
  await seedDemoInventory();
});
afterAll(disconnectInventoryDb);

const ask = (store: string, product: string, quantity: number, viewer: Viewer | null = viewers.manager(store)) =>
  requestReplenishment(contextFor(viewer), { storeId: store, productId: product, quantity });

describe('requestReplenishment (PostgreSQL)', () => {
  it('when store staff ask for stock for their store, then a PENDING request records who asked', async () => {
    const request = await ask(storeId(1), productId(20), 12, viewers.clerk(storeId(1)));
    expect(request).toMatchObject({ storeId: storeId(1), productId: productId(20), quantity: 12, status: 'PENDING', requestedBy: viewers.clerk(storeId(1)).id, decidedAt: null });
    expect(await ask(storeId(2), productId(20), 1, viewers.admin)).toMatchObject({ storeId: storeId(2), status: 'PENDING' });
  });

  it('when the caller has the wrong role or store, then FORBIDDEN; without a token, UNAUTHENTICATED', async () => {
    expect(await errorCodeOf(ask(storeId(2), productId(20), 1, viewers.clerk(storeId(1))))).toBe('FORBIDDEN');
    expect(await errorCodeOf(ask(storeId(1), productId(20), 1, viewers.customer))).toBe('FORBIDDEN');
    expect(await errorCodeOf(ask(storeId(1), productId(20), 1, viewers.logistics))).toBe('FORBIDDEN');
    expect(await errorCodeOf(ask(storeId(1), productId(20), 1, viewers.service))).toBe('FORBIDDEN');
    expect(await errorCodeOf(ask(storeId(1), productId(20), 1, viewers.anonymous))).toBe('UNAUTHENTICATED');
  });

  it('when the quantity is not positive, the product is not in the warehouse or the store is unknown, then BAD_USER_INPUT or NOT_FOUND and no request', async () => {
    const before = await inventoryDb().replenishmentRequest.count();
    expect(await errorCodeOf(ask(storeId(1), productId(20), 0))).toBe('BAD_USER_INPUT');
    expect(await errorCodeOf(ask(storeId(1), productId(20), -5))).toBe('BAD_USER_INPUT');
    expect(await errorCodeOf(ask(storeId(1), unknownId, 5))).toBe('NOT_FOUND');
    expect(await errorCodeOf(ask(storeId(1), 'not-a-uuid', 5))).toBe('NOT_FOUND');
    expect(await errorCodeOf(ask(unknownId, productId(20), 5, viewers.admin))).toBe('NOT_FOUND');
    expect(await errorCodeOf(ask(warehouseId, productId(20), 5, viewers.admin))).toBe('BAD_USER_INPUT');
    expect(await inventoryDb().replenishmentRequest.count()).toBe(before);
  });
});

describe('approveReplenishment and rejectReplenishment (PostgreSQL)', () => {
  it('when logistics approves the same request twice at once, then one APPROVED, one CONFLICT and the stock moves once', async () => {
    const [store, product] = [storeId(1), productId(21)];
    const before = { store: (await quantityAt(store, product))!, warehouse: (await quantityAt(warehouseId, product))! };
    const request = await ask(store, product, 12);
    const outcomes = await Promise.allSettled([
      approveReplenishment(contextFor(viewers.logistics), request.id),
      approveReplenishment(contextFor(viewers.admin), request.id),
    ]);
    const summary = outcomes.map((o) => (o.status === 'fulfilled' ? o.value.status : (o.reason as { extensions: { code: string } }).extensions.code)).sort();
    expect(summary).toEqual(['APPROVED', 'CONFLICT']);
    expect(await quantityAt(store, product)).toBe(before.store + 12);
    expect(await quantityAt(warehouseId, product)).toBe(before.warehouse - 12);
    const approved = await findReplenishmentRequest(request.id);
    expect(approved).toMatchObject({ status: 'APPROVED' });
    expect(approved?.decidedAt).toBeInstanceOf(Date);
    expect([viewers.logistics.id, viewers.admin.id]).toContain(approved?.decidedBy);
    const movements = await inventoryDb().stockMovement.findMany({ where: { reference: request.id }, orderBy: { delta: 'asc' } });
    expect(movements.map((m) => [m.kind, m.locationId, m.delta])).toEqual([
      ['REPLENISHMENT_OUT', warehouseId, -12],
      ['REPLENISHMENT_IN', store, 12],
    ]);
    expect(await errorCodeOf(rejectReplenishment(contextFor(viewers.logistics), request.id, 'late'))).toBe('CONFLICT');
  });

  it('when the warehouse has less than requested, then INSUFFICIENT_STOCK, nothing moves and the request stays PENDING', async () => {
    const [store, product] = [storeId(1), productId(22)];
    await setQuantity(warehouseId, product, 3);
    const storeBefore = await quantityAt(store, product);
    const request = await ask(store, product, 4);
    await expect(approveReplenishment(contextFor(viewers.logistics), request.id)).rejects.toMatchObject({
      extensions: { code: 'INSUFFICIENT_STOCK', productId: product, available: 3 },
    });
    expect(await quantityAt(warehouseId, product)).toBe(3);
    expect(await quantityAt(store, product)).toBe(storeBefore);
    expect(await findReplenishmentRequest(request.id)).toMatchObject({ status: 'PENDING', decidedAt: null });
    expect(await inventoryDb().stockMovement.count({ where: { reference: request.id } })).toBe(0);
  });

  it('when the store had no stock level for the product, then approving creates it with the product name', async () => {
    const [store, product] = [storeId(5), productId(23)];
    await inventoryDb().$transaction([
      inventoryDb().stockMovement.deleteMany({ where: { locationId: store, productId: product } }),
      inventoryDb().stockLevel.delete({ where: { locationId_productId: { locationId: store, productId: product } } }),
    ]);
    const request = await ask(store, product, 5);
    await approveReplenishment(contextFor(viewers.admin), request.id);
    const level = await inventoryDb().stockLevel.findUnique({ where: { locationId_productId: { locationId: store, productId: product } } });
    expect(level).toMatchObject({ quantity: 5 });
    expect(level?.productName).not.toBe('');
  });

  it('when logistics rejects a request, then REJECTED with the reason, stock unchanged, and deciding again is CONFLICT', async () => {
    const [store, product] = [storeId(2), productId(24)];
    const before = await quantityAt(store, product);
    const request = await ask(store, product, 5, viewers.clerk(store));
    const rejected = await rejectReplenishment(contextFor(viewers.logistics), request.id, '  Seasonal item ');
    expect(rejected).toMatchObject({ status: 'REJECTED', reason: 'Seasonal item', decidedBy: viewers.logistics.id });
    expect(rejected.decidedAt).toBeInstanceOf(Date);
    expect(await quantityAt(store, product)).toBe(before);
    expect(await errorCodeOf(approveReplenishment(contextFor(viewers.logistics), request.id))).toBe('CONFLICT');
    expect(await errorCodeOf(rejectReplenishment(contextFor(viewers.admin), request.id, null))).toBe('CONFLICT');
  });

  it('when store staff or customers decide, then FORBIDDEN; unknown requests are NOT_FOUND', async () => {
    const request = await ask(storeId(1), productId(25), 1);
    expect(await errorCodeOf(approveReplenishment(contextFor(viewers.manager(storeId(1))), request.id))).toBe('FORBIDDEN');
    expect(await errorCodeOf(rejectReplenishment(contextFor(viewers.clerk(storeId(1))), request.id, null))).toBe('FORBIDDEN');
    expect(await errorCodeOf(approveReplenishment(contextFor(viewers.customer), request.id))).toBe('FORBIDDEN');
    expect(await errorCodeOf(approveReplenishment(contextFor(viewers.anonymous), request.id))).toBe('UNAUTHENTICATED');
    expect(await errorCodeOf(approveReplenishment(contextFor(viewers.logistics), unknownId))).toBe('NOT_FOUND');
    expect(await errorCodeOf(rejectReplenishment(contextFor(viewers.logistics), 'not-a-uuid', null))).toBe('NOT_FOUND');
    expect(await findReplenishmentRequest(request.id)).toMatchObject({ status: 'PENDING' });
  });
});

describe('replenishmentRequests (PostgreSQL)', () => {
  it('when logistics lists pending requests, then every store’s pending ones come, newest first', async () => {
    const a = await ask(storeId(3), productId(26), 1);
    const b = await ask(storeId(4), productId(26), 2);
    const pending = await listReplenishmentRequests(contextFor(viewers.logistics), { status: 'PENDING' });
    expect(pending.every((r) => r.status === 'PENDING')).toBe(true);
    const ids = pending.map((r) => r.id);
    expect(ids.indexOf(b.id)).toBeLessThan(ids.indexOf(a.id));
    expect(ids).toContain(a.id);
  });

  it('when store staff list requests, then they see only their store; another store is FORBIDDEN; customers FORBIDDEN; anonymous UNAUTHENTICATED', async () => {
    const own = await listReplenishmentRequests(contextFor(viewers.clerk(storeId(3))), {});
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((r) => r.storeId === storeId(3))).toBe(true);
    expect(await errorCodeOf(listReplenishmentRequests(contextFor(viewers.clerk(storeId(3))), { storeId: storeId(4) }))).toBe('FORBIDDEN');
    expect(await errorCodeOf(listReplenishmentRequests(contextFor(viewers.customer), {}))).toBe('FORBIDDEN');
    expect(await errorCodeOf(listReplenishmentRequests(contextFor(viewers.anonymous), {}))).toBe('UNAUTHENTICATED');
  });

  it('when head office filters by store and status, then only matching requests come; a malformed store id gives none', async () => {
    const rejected = await listReplenishmentRequests(contextFor(viewers.admin), { status: 'REJECTED', storeId: storeId(2) });
    expect(rejected.length).toBeGreaterThan(0);
    expect(rejected.every((r) => r.status === 'REJECTED' && r.storeId === storeId(2))).toBe(true);
    expect(await listReplenishmentRequests(contextFor(viewers.admin), { storeId: 'x' })).toEqual([]);
  });

  it('when replenishment is done, then the ledger still matches every level', async () => {
    expect(await findLedgerMismatches()).toEqual([]);
  });
});
