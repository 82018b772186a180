import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { demoProducts, demoStores } from '../../../demo/demo-dataset.js';
import { startSalesWithPeers } from '../test-support/services.js';

const { peers, sales } = await startSalesWithPeers();
const { codeOf, customerToken, post, postOk, RECORD_SALE, setStock, staffToken, stockOf } = await import('../test-support/graphql.js');
const { salesDb } = await import('../data-access/sales-database.js');

const S1 = demoStores[0]!.id;
const S2 = demoStores[1]!.id;
const product = (i: number) => demoProducts[i]!;
const stock = (productId: string, storeId = S1) => stockOf(peers.inventory.graphqlUrl, productId, storeId);
const record = (input: Record<string, unknown>, token: string) => post(sales.graphqlUrl, RECORD_SALE, { i: input }, token);
const cents = (amount: string) => BigInt(amount.replace('.', ''));
const clerk1 = await staffToken('CLERK', S1);

describe('recording a sale (saga against real catalog and inventory)', () => {
  it('when a clerk records a sale, then stock is taken, lines carry catalog prices and the total is exact', async () => {
    const [a, b] = [product(0), product(1)];
    await setStock(peers.inventory.graphqlUrl, a.id, S1, 20);
    await setStock(peers.inventory.graphqlUrl, b.id, S1, 20);
    const before = [await stock(a.id), await stock(b.id)];
    const result = await record({ storeId: S1, lines: [{ productId: a.id, quantity: 2 }, { productId: b.id, quantity: 1 }, { productId: a.id, quantity: 1 }] }, clerk1);
    expect(result.errors).toBeUndefined();
    const sale = result.data.recordSale;
    expect(sale).toMatchObject({ status: 'COMPLETED', refundedTotal: '0.00', store: { id: S1 }, customer: null });
    expect(sale.lines).toHaveLength(2);
    expect(sale.lines.find((l: any) => l.product.id === a.id)).toMatchObject({ quantity: 3, returnedQuantity: 0, unitPrice: a.price });
    expect(cents(sale.total)).toBe(cents(a.price) * 3n + cents(b.price));
    expect([await stock(a.id), await stock(b.id)]).toEqual([before[0]! - 3, before[1]! - 1]);

    const saga = await salesDb().saleSaga.findFirstOrThrow({ where: { saleId: sale.id } });
    expect(saga.status).toBe('COMPLETED');
    const lines = await salesDb().saleLine.findMany({ where: { saleId: sale.id } });
    expect(lines.map((l) => l.unitPrice.toFixed(2)).sort()).toEqual([a.price, b.price].sort());
  });

  it('when the same idempotency key is sent twice and then four times at once, then one sale exists and stock goes down once', async () => {
    const p = product(2);
    const before = await stock(p.id);
    const input = { storeId: S1, idempotencyKey: `till-${randomUUID()}`, lines: [{ productId: p.id, quantity: 2 }] };
    const first = await record(input, clerk1);
    const again = await record(input, clerk1);
    expect(again.data.recordSale.id).toBe(first.data.recordSale.id);

    const concurrentInput = { ...input, idempotencyKey: `till-${randomUUID()}` };
    const concurrent = await Promise.all([1, 2, 3, 4].map(() => record(concurrentInput, clerk1)));
    const ids = concurrent.map((r) => r.data?.recordSale?.id ?? JSON.stringify(r.errors));
    expect(new Set(ids).size).toBe(1);
    expect(ids[0]).not.toBe(first.data.recordSale.id);
    expect(await stock(p.id)).toBe(before - 4);
    expect(await salesDb().sale.count({ where: { id: { in: [first.data.recordSale.id, ids[0]!] } } })).toBe(2);
  });

  it('when a sale is retried with its key after its product was taken off sale, then the first sale comes back (pricing happens before the key is checked)', async () => {
    const p = product(16);
    const input = { storeId: S1, idempotencyKey: `till-${randomUUID()}`, lines: [{ productId: p.id, quantity: 1 }] };
    const first = await postOk(sales.graphqlUrl, RECORD_SALE, { i: input }, clerk1);
    const admin = await staffToken('HQ_ADMIN');
    await postOk(peers.catalog.graphqlUrl, `mutation($id: ID!) { updateProduct(id: $id, input: { active: false }) { active } }`, { id: p.id }, admin);
    const before = await stock(p.id);
    expect((await postOk(sales.graphqlUrl, RECORD_SALE, { i: input }, clerk1)).recordSale.id).toBe(first.recordSale.id);
    expect(await stock(p.id)).toBe(before);
    // A new key for the retired product is refused, and so is its retry.
    const refusedInput = { ...input, idempotencyKey: `till-${randomUUID()}` };
    expect(codeOf(await record(refusedInput, clerk1))).toBe('BAD_USER_INPUT');
    expect(codeOf(await record(refusedInput, clerk1))).toBe('BAD_USER_INPUT');
    expect(await salesDb().saleSaga.findUniqueOrThrow({ where: { idempotencyKey: refusedInput.idempotencyKey } })).toMatchObject({ status: 'FAILED', failureCode: 'BAD_USER_INPUT' });
  });

  it('when a key is reused with different lines, then CONFLICT and nothing changes', async () => {
    const p = product(3);
    const key = `till-${randomUUID()}`;
    await postOk(sales.graphqlUrl, RECORD_SALE, { i: { storeId: S1, idempotencyKey: key, lines: [{ productId: p.id, quantity: 1 }] } }, clerk1);
    const before = await stock(p.id);
    const salesBefore = await salesDb().sale.count();
    const reused = await record({ storeId: S1, idempotencyKey: key, lines: [{ productId: p.id, quantity: 5 }] }, clerk1);
    expect(codeOf(reused)).toBe('CONFLICT');
    expect(await stock(p.id)).toBe(before);
    expect(await salesDb().sale.count()).toBe(salesBefore);
  });

  it('when one line needs more than is on the shelf, then INSUFFICIENT_STOCK, no sale and no line taken, also on retry', async () => {
    const [a, b] = [product(4), product(5)];
    await setStock(peers.inventory.graphqlUrl, b.id, S1, 1);
    const beforeA = await stock(a.id);
    const salesBefore = await salesDb().sale.count();
    const input = { storeId: S1, idempotencyKey: `till-${randomUUID()}`, lines: [{ productId: a.id, quantity: 1 }, { productId: b.id, quantity: 2 }] };
    const refused = await record(input, clerk1);
    expect(codeOf(refused)).toBe('INSUFFICIENT_STOCK');
    expect([await stock(a.id), await stock(b.id)]).toEqual([beforeA, 1]);
    expect(await salesDb().sale.count()).toBe(salesBefore);
    expect(await salesDb().saleSaga.findUniqueOrThrow({ where: { idempotencyKey: input.idempotencyKey } })).toMatchObject({ status: 'FAILED', failureCode: 'INSUFFICIENT_STOCK' });

    expect(codeOf(await record(input, clerk1))).toBe('INSUFFICIENT_STOCK');
    expect(await stock(a.id)).toBe(beforeA);
  });

  it('when 10 tills sell the last 3 units at once, then exactly 3 sales succeed and stock ends at zero', async () => {
    const p = product(6);
    await setStock(peers.inventory.graphqlUrl, p.id, S1, 3);
    const results = await Promise.all(Array.from({ length: 10 }, () => record({ storeId: S1, lines: [{ productId: p.id, quantity: 1 }] }, clerk1)));
    expect(results.filter((r) => r.data?.recordSale).length).toBe(3);
    expect(results.filter((r) => codeOf(r) === 'INSUFFICIENT_STOCK').length).toBe(7);
    expect(await stock(p.id)).toBe(0);
    const sagas = await salesDb().saleSaga.groupBy({ by: ['status'], where: { lines: { equals: [{ productId: p.id, quantity: 1 }] } }, _count: true });
    expect(Object.fromEntries(sagas.map((s) => [s.status, s._count]))).toEqual({ COMPLETED: 3, FAILED: 7 });
  });

  it('when a product is unknown, then NOT_FOUND; when it is no longer sold, then BAD_USER_INPUT; nothing is reserved', async () => {
    const unknown = '9a000000-0000-4000-8000-0000000dead1';
    expect(codeOf(await record({ storeId: S1, lines: [{ productId: unknown, quantity: 1 }] }, clerk1))).toBe('NOT_FOUND');

    const retired = product(7);
    const admin = await staffToken('HQ_ADMIN');
    await postOk(peers.catalog.graphqlUrl, `mutation($id: ID!) { updateProduct(id: $id, input: { active: false }) { active } }`, { id: retired.id }, admin);
    const before = await stock(retired.id);
    expect(codeOf(await record({ storeId: S1, lines: [{ productId: retired.id, quantity: 1 }] }, clerk1))).toBe('BAD_USER_INPUT');
    expect(await stock(retired.id)).toBe(before);
  });

  it('when the store is unknown to inventory, then NOT_FOUND and no sale', async () => {
    const admin = await staffToken('HQ_ADMIN');
    const salesBefore = await salesDb().sale.count();
    expect(codeOf(await record({ storeId: '51000000-0000-4000-8000-00000000beef', lines: [{ productId: product(8).id, quantity: 1 }] }, admin))).toBe('NOT_FOUND');
    expect(await salesDb().sale.count()).toBe(salesBefore);
  });

  it.each([
    ['a clerk of another store', 'FORBIDDEN', () => staffToken('CLERK', S2)],
    ['logistics', 'FORBIDDEN', () => staffToken('LOGISTICS')],
    ['a customer', 'FORBIDDEN', () => customerToken()],
    ['nobody', 'UNAUTHENTICATED', async () => undefined],
  ])('when %s records a sale at store 1, then %s and no saga is started', async (_, expected, token) => {
    const sagasBefore = await salesDb().saleSaga.count();
    const result = await post(sales.graphqlUrl, RECORD_SALE, { i: { storeId: S1, lines: [{ productId: product(9).id, quantity: 1 }] } }, await token());
    expect(codeOf(result)).toBe(expected);
    expect(await salesDb().saleSaga.count()).toBe(sagasBefore);
  });

  it.each([
    ['no lines', 'BAD_USER_INPUT', { lines: [] }],
    ['a zero quantity', 'BAD_USER_INPUT', { lines: [{ productId: demoProducts[9]!.id, quantity: 0 }] }],
    ['a malformed product id', 'NOT_FOUND', { lines: [{ productId: 'tea', quantity: 1 }] }],
    ['a malformed customer id', 'BAD_USER_INPUT', { lines: [{ productId: demoProducts[9]!.id, quantity: 1 }], customerId: 'carla' }],
    ['a blank idempotency key', 'BAD_USER_INPUT', { lines: [{ productId: demoProducts[9]!.id, quantity: 1 }], idempotencyKey: ' ' }],
  ])('when a sale has %s, then %s and nothing is written', async (_, expected, change) => {
    const sagasBefore = await salesDb().saleSaga.count();
    expect(codeOf(await record({ storeId: S1, ...change }, clerk1))).toBe(expected);
    expect(await salesDb().saleSaga.count()).toBe(sagasBefore);
  });

  it('when a sale names its customer, then that customer may read it and another may not', async () => {
    const customerId = randomUUID();
    const { recordSale: sale } = await postOk(sales.graphqlUrl, RECORD_SALE, { i: { storeId: S1, customerId, lines: [{ productId: product(10).id, quantity: 1 }] } }, clerk1);
    expect(sale.customer).toEqual({ id: customerId });
    const read = `query($id: ID!) { sale(id: $id) { id total lines { quantity } } }`;
    expect((await postOk(sales.graphqlUrl, read, { id: sale.id }, await customerToken(customerId))).sale).toMatchObject({ id: sale.id, total: sale.total });
    expect(codeOf(await post(sales.graphqlUrl, read, { id: sale.id }, await customerToken()))).toBe('FORBIDDEN');
    expect(codeOf(await post(sales.graphqlUrl, read, { id: sale.id }, await staffToken('CLERK', S2)))).toBe('FORBIDDEN');
    expect(codeOf(await post(sales.graphqlUrl, read, { id: sale.id }))).toBe('UNAUTHENTICATED');
    expect((await postOk(sales.graphqlUrl, read, { id: 'not-a-uuid' }, clerk1)).sale).toBeNull();
    expect((await postOk(sales.graphqlUrl, read, { id: randomUUID() }, clerk1)).sale).toBeNull();
  });
});

describe('saga calls shared between concurrent sales', () => {
  it('when commits of several sagas go out together and one reservation was released, then the others are committed and that one alone is CONFLICT', async () => {
    const { commitReservation, releaseReservation, reserveStock } = await import('../data-access/inventory.client.js');
    const p = product(11);
    await setStock(peers.inventory.graphqlUrl, p.id, S1, 10);
    const ids = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    for (const id of ids) await reserveStock(id, S1, [{ productId: p.id, quantity: 1 }]);
    await releaseReservation(ids[2]!);

    const outcomes = await Promise.allSettled(ids.map((id) => commitReservation(id)));
    expect(outcomes.map((o) => (o.status === 'fulfilled' ? o.value.status : (o.reason as { code?: string }).code))).toEqual(['COMMITTED', 'COMMITTED', 'CONFLICT', 'COMMITTED']);
    expect(await stock(p.id)).toBe(7);
  });

  it('when reservations of several sagas go out together and some are refused, then each saga gets its own answer and only the others hold stock', async () => {
    const { reserveStock } = await import('../data-access/inventory.client.js');
    const [plenty, scarce] = [product(17), product(18)];
    await setStock(peers.inventory.graphqlUrl, plenty.id, S1, 10);
    await setStock(peers.inventory.graphqlUrl, scarce.id, S1, 1);
    const wanted = [plenty, scarce, plenty, scarce, plenty, scarce].map((p) => ({ id: randomUUID(), lines: [{ productId: p.id, quantity: 1 }] }));
    const outcomes = await Promise.allSettled(wanted.map((w) => reserveStock(w.id, S1, w.lines)));
    const answers = outcomes.map((o) => (o.status === 'fulfilled' ? o.value.status : (o.reason as { code?: string }).code));
    expect(answers.filter((a, i) => i % 2 === 0)).toEqual(['HELD', 'HELD', 'HELD']);
    expect(answers.filter((a, i) => i % 2 === 1).sort()).toEqual(['HELD', 'INSUFFICIENT_STOCK', 'INSUFFICIENT_STOCK']);
    outcomes.forEach((o, i) => {
      if (o.status === 'fulfilled') expect(o.value.id).toBe(wanted[i]!.id);
    });
    expect([await stock(plenty.id), await stock(scarce.id)]).toEqual([7, 0]);
  });

  it('when commits and reservations of several sagas go out together, then each gets its own answer', async () => {
    const { commitReservation, reserveStock } = await import('../data-access/inventory.client.js');
    const [plenty, scarce] = [product(19), product(20)];
    await setStock(peers.inventory.graphqlUrl, plenty.id, S1, 10);
    await setStock(peers.inventory.graphqlUrl, scarce.id, S1, 0);
    const held = [randomUUID(), randomUUID()];
    for (const id of held) await reserveStock(id, S1, [{ productId: plenty.id, quantity: 1 }]);
    const fresh = [randomUUID(), randomUUID(), randomUUID()];
    const outcomes = await Promise.allSettled([
      reserveStock(fresh[0]!, S1, [{ productId: plenty.id, quantity: 2 }]),
      commitReservation(held[0]!),
      reserveStock(fresh[1]!, S1, [{ productId: scarce.id, quantity: 1 }]),
      commitReservation(held[1]!),
      reserveStock(fresh[2]!, S1, [{ productId: plenty.id, quantity: 3 }]),
    ]);
    expect(outcomes.map((o) => (o.status === 'fulfilled' ? `${o.value.id}:${o.value.status}` : (o.reason as { code?: string }).code))).toEqual([
      `${fresh[0]}:HELD`,
      `${held[0]}:COMMITTED`,
      'INSUFFICIENT_STOCK',
      `${held[1]}:COMMITTED`,
      `${fresh[2]}:HELD`,
    ]);
    expect(await stock(plenty.id)).toBe(3);
  });

  it('when sagas price at the same time, then each gets the catalog price of its own products', async () => {
    const { fetchCatalogProducts } = await import('../data-access/catalog.client.js');
    const sets = [[product(12)], [product(13), product(14)], [product(12), product(15)], []];
    const answers = await Promise.all(sets.map((set) => fetchCatalogProducts(set.map((p) => p.id))));
    sets.forEach((set, i) => {
      for (const p of set) expect(answers[i]!.get(p.id)?.price).toBe(p.price);
    });
    expect(answers[3]!.size).toBe(0);
  });
});
