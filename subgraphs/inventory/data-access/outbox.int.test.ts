import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoLocations, demoProducts } from '../../../demo/demo-dataset.js';
import type { StockChangedPayload } from '../../../contracts/domain-events.js';
import { adjustStock } from '../domain/adjust-stock.use-case.js';
import { approveReplenishment } from '../domain/approve-replenishment.use-case.js';
import { rejectReplenishment } from '../domain/reject-replenishment.use-case.js';
import { releaseReservation } from '../domain/release-reservation.use-case.js';
import { requestReplenishment } from '../domain/request-replenishment.use-case.js';
import { reserveStock } from '../domain/reserve-stock.use-case.js';
import { seedDemoInventory } from '../domain/seed-demo-inventory.use-case.js';
import { contextFor, errorCodeOf, productId, quantityAt, setQuantity, storeId, viewers, warehouseId } from '../test-support/callers-and-stock.js';
import { disconnectInventoryDb } from './inventory-database.js';
import { listOutboxEvents } from './outbox.repository.js';

beforeAll(async () => {
  await seedDemoInventory();
});
afterAll(disconnectInventoryDb);

async function eventsAfter(sequence: number) {
  return (await listOutboxEvents()).filter((e) => e.sequence > sequence);
}
async function lastSequence() {
  return (await listOutboxEvents()).at(-1)?.sequence ?? 0;
}
const stockPayloads = (events: Awaited<ReturnType<typeof eventsAfter>>) =>
  events.filter((e) => e.type === 'StockChanged').map((e) => e.payload as StockChangedPayload);

describe('inventory outbox', () => {
  it('when the demo inventory is seeded, then every level has one INITIAL StockChanged with its quantity and location kind', async () => {
    const initial = stockPayloads(await listOutboxEvents()).filter((p) => p.kind === 'INITIAL');
    expect(initial).toHaveLength(demoLocations.length * demoProducts.length);
    const sample = initial.find((p) => p.storeId === warehouseId && p.productId === productId(5))!;
    expect(sample).toMatchObject({ locationKind: 'WAREHOUSE', delta: sample.quantity });
    expect(initial.filter((p) => p.locationKind === 'STORE')).toHaveLength(5 * demoProducts.length);
  });

  it('when stock is adjusted, then a StockChanged carries the quantity after the change, the delta and the kind; a refused adjustment writes none', async () => {
    const [store, product] = [storeId(2), productId(11)];
    await setQuantity(store, product, 20);
    const from = await lastSequence();
    await adjustStock(contextFor(viewers.admin), { storeId: store, productId: product, delta: -6, reason: 'breakage' });
    expect(await errorCodeOf(adjustStock(contextFor(viewers.admin), { storeId: store, productId: product, delta: -50, reason: 'too much' }))).toBe('INSUFFICIENT_STOCK');
    const events = await eventsAfter(from);
    expect(events.map((e) => e.type)).toEqual(['StockChanged']);
    expect(events[0]!.payload).toMatchObject({ storeId: store, locationKind: 'STORE', productId: product, quantity: 14, delta: -6, kind: 'ADJUSTMENT', reference: null });
  });

  it('when a reservation is taken and released, then each line has SALE_RESERVED then SALE_RELEASED with the reservation as reference', async () => {
    const store = storeId(3);
    const [a, b] = [productId(12), productId(13)];
    await setQuantity(store, a, 10);
    await setQuantity(store, b, 10);
    const from = await lastSequence();
    const id = randomUUID();
    await reserveStock(contextFor(viewers.service), { id, storeId: store, lines: [{ productId: a, quantity: 3 }, { productId: b, quantity: 1 }] });
    await releaseReservation(contextFor(viewers.service), id);
    const payloads = stockPayloads(await eventsAfter(from));
    expect(payloads.map((p) => [p.kind, p.productId, p.delta, p.quantity, p.reference])).toEqual([
      ['SALE_RESERVED', a, -3, 7, id],
      ['SALE_RESERVED', b, -1, 9, id],
      ['SALE_RELEASED', a, 3, 10, id],
      ['SALE_RELEASED', b, 1, 10, id],
    ]);
  });

  it('when a replenishment is approved, then the warehouse and the store each get a StockChanged and a ReplenishmentApproved follows; a rejection is ReplenishmentRejected', async () => {
    const [store, product] = [storeId(4), productId(14)];
    const ctx = contextFor(viewers.manager(store));
    const approved = await requestReplenishment(ctx, { storeId: store, productId: product, quantity: 5 });
    const rejected = await requestReplenishment(ctx, { storeId: store, productId: product, quantity: 9 });
    const from = await lastSequence();
    await approveReplenishment(contextFor(viewers.logistics), approved.id);
    await rejectReplenishment(contextFor(viewers.logistics), rejected.id, 'not now');
    const events = await eventsAfter(from);
    expect(events.map((e) => e.type)).toEqual(['StockChanged', 'StockChanged', 'ReplenishmentApproved', 'ReplenishmentRejected']);
    expect(stockPayloads(events).map((p) => [p.storeId, p.kind, p.delta])).toEqual([
      [warehouseId, 'REPLENISHMENT_OUT', -5],
      [store, 'REPLENISHMENT_IN', 5],
    ]);
    expect(stockPayloads(events)[1]!.quantity).toBe(await quantityAt(store, product));
    expect(events[2]!.payload).toMatchObject({ requestId: approved.id, storeId: store, productId: product, quantity: 5, decidedBy: viewers.logistics.id });
    expect(events[3]!.payload).toMatchObject({ requestId: rejected.id, quantity: 9, reason: 'not now' });
  });

  it('when many adjustments of one level race, then in outbox order each quantity is the previous one plus its delta', async () => {
    const [store, product] = [storeId(5), productId(15)];
    await setQuantity(store, product, 100);
    const from = await lastSequence();
    const deltas = [3, -2, 5, -7, 1, 4, -1, -3, 2, 6, -4, 8];
    await Promise.all(deltas.map((delta) => adjustStock(contextFor(viewers.admin), { storeId: store, productId: product, delta, reason: 'race' })));
    const payloads = stockPayloads(await eventsAfter(from)).filter((p) => p.productId === product && p.storeId === store);
    expect(payloads).toHaveLength(deltas.length);
    let quantity = 100;
    for (const p of payloads) {
      quantity += p.delta;
      expect(p.quantity).toBe(quantity);
    }
    expect(quantity).toBe(await quantityAt(store, product));
  });
});
