import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { disconnectInventoryDb, inventoryDb } from '../data-access/inventory-database.js';
import { findReservation } from '../data-access/reservation.repository.js';
import { findLedgerMismatches } from '../data-access/stock.repository.js';
import { contextFor, errorCodeOf, productId, quantityAt, setQuantity, storeId, unknownId, viewers } from '../test-support/callers-and-stock.js';
import { commitReservation } from './commit-reservation.use-case.js';
import { releaseExpiredReservations } from './release-expired-reservations.use-case.js';
import { releaseReservation } from './release-reservation.use-case.js';
import { reserveStock } from './reserve-stock.use-case.js';
import { restockReturn } from './restock-return.use-case.js';
import { seedDemoInventory } from './seed-demo-inventory.use-case.js';

const service = () => contextFor(viewers.service);
const reserve = (id: string, store: string, lines: Array<{ productId: string; quantity: number }>) => reserveStock(service(), { id, storeId: store, lines });

beforeAll(async () => {
  expect(await seedDemoInventory()).toBe(true);
});
afterAll(disconnectInventoryDb);

describe('reserveStock (sale saga, PostgreSQL)', () => {
  it('when 20 tills reserve 1 unit each of a product with 5 units at once, then exactly 5 succeed, 15 are INSUFFICIENT_STOCK and 0 remain', async () => {
    const [store, product] = [storeId(1), productId(0)];
    await setQuantity(store, product, 5);
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => reserve(randomUUID(), store, [{ productId: product, quantity: 1 }])));
    const held = results.filter((r) => r.status === 'fulfilled' && r.value.status === 'HELD');
    const refused = results.filter((r) => r.status === 'rejected' && (r.reason as { extensions: { code: string } }).extensions.code === 'INSUFFICIENT_STOCK');
    expect(held).toHaveLength(5);
    expect(refused).toHaveLength(15);
    expect(await quantityAt(store, product)).toBe(0);
  });

  it('when the same reservation is asked twice at once (a saga step sent twice) for stock only one can take, then both answer the held reservation and the stock is taken once', async () => {
    const [store, product] = [storeId(4), productId(9)];
    for (let round = 0; round < 10; round++) {
      await setQuantity(store, product, 8);
      const id = randomUUID();
      // Lines of one product, merged to 7: the second call finds 1 left once the first has taken them.
      const lines = [{ productId: product, quantity: 4 }, { productId: product, quantity: 1 }, { productId: product, quantity: 2 }];
      const results = await Promise.allSettled([reserve(id, store, lines), reserve(id, store, lines)]);
      expect({ round, answers: results.map((r) => (r.status === 'fulfilled' ? `${r.value.id}:${r.value.status}` : (r.reason as { extensions?: { code?: string } }).extensions?.code)) }).toEqual({ round, answers: [`${id}:HELD`, `${id}:HELD`] });
      expect(await quantityAt(store, product)).toBe(1);
    }
    expect(await findLedgerMismatches()).toEqual([]);
  });

  it('when one line of a multi-line reservation is short, then INSUFFICIENT_STOCK names it and no line is reserved', async () => {
    const [store, a, b, c] = [storeId(2), productId(1), productId(2), productId(3)];
    await Promise.all([setQuantity(store, a, 10), setQuantity(store, b, 1), setQuantity(store, c, 10)]);
    const id = randomUUID();
    const failure = reserve(id, store, [{ productId: a, quantity: 2 }, { productId: b, quantity: 2 }, { productId: c, quantity: 2 }]);
    await expect(failure).rejects.toMatchObject({ extensions: { code: 'INSUFFICIENT_STOCK', productId: b, available: 1 } });
    expect([await quantityAt(store, a), await quantityAt(store, b), await quantityAt(store, c)]).toEqual([10, 1, 10]);
    expect(await findReservation(id)).toBeNull();
  });

  it('when multi-line reservations over the same scarce products race, then each takes all its lines or none, and what was taken is what the held ones hold', async () => {
    const [store, a, b, c] = [storeId(3), productId(5), productId(6), productId(7)];
    await Promise.all([setQuantity(store, a, 7), setQuantity(store, b, 5), setQuantity(store, c, 6)]);
    const baskets = Array.from({ length: 24 }, (_, i) => [
      { productId: [a, b, c][i % 3]!, quantity: 1 + (i % 2) },
      { productId: [a, b, c][(i + 1) % 3]!, quantity: 1 },
    ]);
    const results = await Promise.allSettled(baskets.map((lines) => reserve(randomUUID(), store, lines)));
    expect(results.filter((r) => r.status === 'rejected').every((r) => (r.reason as { extensions: { code: string } }).extensions.code === 'INSUFFICIENT_STOCK')).toBe(true);
    const taken = { [a]: 0, [b]: 0, [c]: 0 };
    results.forEach((r, i) => {
      if (r.status === 'fulfilled') for (const line of baskets[i]!) taken[line.productId]! += line.quantity;
    });
    expect(results.some((r) => r.status === 'fulfilled')).toBe(true);
    expect([await quantityAt(store, a), await quantityAt(store, b), await quantityAt(store, c)]).toEqual([7 - taken[a]!, 5 - taken[b]!, 6 - taken[c]!]);
    expect(await findLedgerMismatches()).toEqual([]);
  });

  it('when a reservation is retried with the same id, also concurrently, then stock is reserved once and the same reservation comes back', async () => {
    const [store, product] = [storeId(1), productId(4)];
    await setQuantity(store, product, 10);
    const id = randomUUID();
    const results = await Promise.all(Array.from({ length: 5 }, () => reserve(id, store, [{ productId: product, quantity: 3 }])));
    expect(results.map((r) => [r.id, r.status])).toEqual(Array.from({ length: 5 }, () => [id, 'HELD']));
    expect(await reserve(id, store, [{ productId: product, quantity: 3 }])).toMatchObject({ id, status: 'HELD' });
    expect(await quantityAt(store, product)).toBe(7);
  });

  it('when duplicate product lines are sent, then they are reserved as one merged line', async () => {
    const [store, product] = [storeId(3), productId(5)];
    await setQuantity(store, product, 10);
    await reserve(randomUUID(), store, [{ productId: product, quantity: 2 }, { productId: product, quantity: 3 }]);
    expect(await quantityAt(store, product)).toBe(5);
  });

  it('when a product is not stocked at the store or the store is unknown, then NOT_FOUND and nothing is reserved', async () => {
    const [store, product] = [storeId(3), productId(6)];
    const before = await quantityAt(store, product);
    const id = randomUUID();
    await expect(reserve(id, store, [{ productId: product, quantity: 1 }, { productId: unknownId, quantity: 1 }])).rejects.toMatchObject({
      extensions: { code: 'NOT_FOUND', productId: unknownId },
    });
    expect(await errorCodeOf(reserve(randomUUID(), unknownId, [{ productId: product, quantity: 1 }]))).toBe('NOT_FOUND');
    expect(await quantityAt(store, product)).toBe(before);
    expect(await findReservation(id)).toBeNull();
  });

  it('when the input is bad, then BAD_USER_INPUT and nothing changes', async () => {
    const [store, product] = [storeId(3), productId(7)];
    const before = await quantityAt(store, product);
    expect(await errorCodeOf(reserve(randomUUID(), store, []))).toBe('BAD_USER_INPUT');
    expect(await errorCodeOf(reserve(randomUUID(), store, [{ productId: product, quantity: 0 }]))).toBe('BAD_USER_INPUT');
    expect(await errorCodeOf(reserve('not-a-uuid', store, [{ productId: product, quantity: 1 }]))).toBe('BAD_USER_INPUT');
    expect(await quantityAt(store, product)).toBe(before);
  });

  it('when a person rather than a service calls the saga operations, then FORBIDDEN; without a token, UNAUTHENTICATED', async () => {
    const input = { id: randomUUID(), storeId: storeId(1), lines: [{ productId: productId(8), quantity: 1 }] };
    expect(await errorCodeOf(reserveStock(contextFor(viewers.admin), input))).toBe('FORBIDDEN');
    expect(await errorCodeOf(reserveStock(contextFor(viewers.clerk(storeId(1))), input))).toBe('FORBIDDEN');
    expect(await errorCodeOf(reserveStock(contextFor(viewers.anonymous), input))).toBe('UNAUTHENTICATED');
    expect(await errorCodeOf(commitReservation(contextFor(viewers.customer), input.id))).toBe('FORBIDDEN');
    expect(await errorCodeOf(releaseReservation(contextFor(viewers.admin), input.id))).toBe('FORBIDDEN');
    expect(await errorCodeOf(restockReturn(contextFor(viewers.manager(storeId(1))), { returnId: randomUUID(), storeId: storeId(1), lines: input.lines }))).toBe(
      'FORBIDDEN',
    );
    expect(await findReservation(input.id)).toBeNull();
  });
});

describe('commitReservation and releaseReservation (PostgreSQL)', () => {
  it('when a reservation is committed twice, then it stays COMMITTED and releasing it afterwards is CONFLICT with stock still sold', async () => {
    const [store, product] = [storeId(4), productId(10)];
    await setQuantity(store, product, 8);
    const id = randomUUID();
    await reserve(id, store, [{ productId: product, quantity: 3 }]);
    expect(await commitReservation(service(), id)).toMatchObject({ id, status: 'COMMITTED' });
    expect(await commitReservation(service(), id)).toMatchObject({ id, status: 'COMMITTED' });
    expect(await errorCodeOf(releaseReservation(service(), id))).toBe('CONFLICT');
    expect(await quantityAt(store, product)).toBe(5);
  });

  it('when a reservation is released twice, then the stock comes back once and committing it is CONFLICT', async () => {
    const [store, product] = [storeId(4), productId(11)];
    await setQuantity(store, product, 8);
    const id = randomUUID();
    await reserve(id, store, [{ productId: product, quantity: 3 }]);
    expect(await quantityAt(store, product)).toBe(5);
    const [first, second] = await Promise.all([releaseReservation(service(), id), releaseReservation(service(), id)]);
    expect([first?.status, second?.status]).toEqual(['RELEASED', 'RELEASED']);
    expect(await releaseReservation(service(), id)).toMatchObject({ id, status: 'RELEASED' });
    expect(await quantityAt(store, product)).toBe(8);
    expect(await errorCodeOf(commitReservation(service(), id))).toBe('CONFLICT');
  });

  it('when an unknown reservation is committed, then NOT_FOUND', async () => {
    expect(await errorCodeOf(commitReservation(service(), randomUUID()))).toBe('NOT_FOUND');
    expect(await errorCodeOf(commitReservation(service(), 'nope'))).toBe('NOT_FOUND');
  });

  it('when an unknown id is released and then reserved (a late reserve of a compensated saga), then null and nothing is reserved', async () => {
    const [store, product] = [storeId(5), productId(12)];
    await setQuantity(store, product, 6);
    const id = randomUUID();
    expect(await releaseReservation(service(), id)).toBeNull();
    expect(await releaseReservation(service(), id)).toBeNull();
    expect(await reserve(id, store, [{ productId: product, quantity: 2 }])).toMatchObject({ id, status: 'RELEASED' });
    expect(await quantityAt(store, product)).toBe(6);
    expect(await errorCodeOf(commitReservation(service(), id))).toBe('CONFLICT');
  });

  it('when a reserve and a release of the same id race, then either both happen or neither, and stock ends where it started', async () => {
    const [store, product] = [storeId(5), productId(13)];
    await setQuantity(store, product, 20);
    for (let round = 0; round < 5; round++) {
      const id = randomUUID();
      await Promise.allSettled([reserve(id, store, [{ productId: product, quantity: 2 }]), releaseReservation(service(), id)]);
      // Whatever the interleaving, a final release leaves nothing held.
      await releaseReservation(service(), id);
      expect((await findReservation(id))?.status).toBe('RELEASED');
    }
    expect(await quantityAt(store, product)).toBe(20);
  });
});

describe('expired reservations (PostgreSQL)', () => {
  it('when a held reservation has expired, then the expiry job releases it and gives the stock back; committed and fresh ones stay', async () => {
    const [store, product] = [storeId(2), productId(14)];
    await setQuantity(store, product, 10);
    const [expired, committed, fresh] = [randomUUID(), randomUUID(), randomUUID()];
    for (const id of [expired, committed, fresh]) await reserve(id, store, [{ productId: product, quantity: 2 }]);
    await commitReservation(service(), committed);
    await inventoryDb().reservation.updateMany({ where: { id: { in: [expired, committed] } }, data: { expiresAt: new Date(Date.now() - 1000) } });

    expect(await releaseExpiredReservations(new Date())).toBe(1);
    expect((await findReservation(expired))?.status).toBe('RELEASED');
    expect((await findReservation(committed))?.status).toBe('COMMITTED');
    expect((await findReservation(fresh))?.status).toBe('HELD');
    expect(await quantityAt(store, product)).toBe(6);
    expect(await releaseExpiredReservations(new Date())).toBe(0);
    expect(await quantityAt(store, product)).toBe(6);
  });
});

describe('restockReturn (PostgreSQL)', () => {
  it('when the same return is restocked twice, also concurrently, then the goods go back once', async () => {
    const [store, product] = [storeId(3), productId(15)];
    await setQuantity(store, product, 4);
    const input = { returnId: randomUUID(), storeId: store, lines: [{ productId: product, quantity: 2 }] };
    expect(await Promise.all([restockReturn(service(), input), restockReturn(service(), input)])).toEqual([true, true]);
    expect(await restockReturn(service(), input)).toBe(true);
    expect(await quantityAt(store, product)).toBe(6);
  });

  it('when a return has bad lines or an unknown store, then it is refused and nothing changes', async () => {
    const [store, product] = [storeId(3), productId(16)];
    const before = await quantityAt(store, product);
    expect(await errorCodeOf(restockReturn(service(), { returnId: randomUUID(), storeId: store, lines: [{ productId: product, quantity: -1 }] }))).toBe('BAD_USER_INPUT');
    expect(await errorCodeOf(restockReturn(service(), { returnId: randomUUID(), storeId: unknownId, lines: [{ productId: product, quantity: 1 }] }))).toBe('NOT_FOUND');
    expect(await quantityAt(store, product)).toBe(before);
  });
});

describe('ledger', () => {
  it('when all of the above has happened, then every level still equals the sum of its movements and none is negative', async () => {
    expect(await findLedgerMismatches()).toEqual([]);
    expect(await inventoryDb().stockLevel.count({ where: { quantity: { lt: 0 } } })).toBe(0);
  });
});
