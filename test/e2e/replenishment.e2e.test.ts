import { describe, expect, it } from 'vitest';
import { product, storeId, unknownId, warehouseId } from '../support/demo.js';
import { errorCode, gql, gqlOk, login } from '../support/graphql-client.js';
import { quantity } from '../support/stock-levels.js';

// Products 20–29 belong to this file.
const REQUEST = `mutation($s: ID!, $p: ID!, $q: Int!) { requestReplenishment(storeId: $s, productId: $p, quantity: $q) { id status quantity store { code } product { id name } requestedAt decidedAt } }`;
const APPROVE = `mutation($id: ID!) { approveReplenishment(id: $id) { id status decidedAt } }`;
const REJECT = `mutation($id: ID!, $r: String) { rejectReplenishment(id: $id, reason: $r) { id status reason decidedAt } }`;
const ADJUST = `mutation($s: ID!, $p: ID!, $d: Int!, $r: String!) { adjustStock(storeId: $s, productId: $p, delta: $d, reason: $r) { quantity store { code } product { id } } }`;


describe('replenishment (UC2, UC6)', () => {
  it('when a manager requests and logistics approves, then stock moves from the warehouse to the store exactly once', async () => {
    const p = product(20);
    const [manager, logistics] = [await login('manager1@retail.test'), await login('logistics@retail.test')];
    const before = { store: await quantity(p.id, storeId(1)), warehouse: await quantity(p.id, warehouseId) };

    const { requestReplenishment: request } = await gqlOk(REQUEST, { s: storeId(1), p: p.id, q: 12 }, manager);
    expect(request).toMatchObject({ status: 'PENDING', quantity: 12, store: { code: 'STORE-1' }, product: { id: p.id, name: p.name }, decidedAt: null });

    const pending = await gqlOk(`{ replenishmentRequests(status: PENDING) { id } }`, {}, logistics);
    expect(pending.replenishmentRequests.map((r: any) => r.id)).toContain(request.id);

    const [first, second] = await Promise.all([gql(APPROVE, { id: request.id }, logistics), gql(APPROVE, { id: request.id }, logistics)]);
    const outcomes = [first, second].map((r) => r.data?.approveReplenishment?.status ?? errorCode(r)).sort();
    expect(outcomes).toEqual(['APPROVED', 'CONFLICT']);
    expect(await quantity(p.id, storeId(1))).toBe(before.store + 12);
    expect(await quantity(p.id, warehouseId)).toBe(before.warehouse - 12);
    expect(errorCode(await gql(REJECT, { id: request.id }, logistics))).toBe('CONFLICT');
  });

  it('when the warehouse lacks the quantity, then INSUFFICIENT_STOCK and nothing moves', async () => {
    const p = product(21);
    const [manager, admin] = [await login('manager1@retail.test'), await login('admin@retail.test')];
    const warehouse = await quantity(p.id, warehouseId);
    const { requestReplenishment: request } = await gqlOk(REQUEST, { s: storeId(1), p: p.id, q: warehouse + 1 }, manager);
    expect(errorCode(await gql(APPROVE, { id: request.id }, admin))).toBe('INSUFFICIENT_STOCK');
    expect(await quantity(p.id, warehouseId)).toBe(warehouse);
    const { replenishmentRequests } = await gqlOk(`query($s: ID!) { replenishmentRequests(storeId: $s, status: PENDING) { id } }`, { s: storeId(1) }, admin);
    expect(replenishmentRequests.map((r: any) => r.id)).toContain(request.id);
  });

  it('when logistics rejects a request, then it is REJECTED with the reason and stock is unchanged', async () => {
    const p = product(22);
    const before = await quantity(p.id, storeId(2));
    const { requestReplenishment: request } = await gqlOk(REQUEST, { s: storeId(2), p: p.id, q: 5 }, await login('clerk2@retail.test'));
    const { rejectReplenishment } = await gqlOk(REJECT, { id: request.id, r: 'Seasonal item' }, await login('logistics@retail.test'));
    expect(rejectReplenishment).toMatchObject({ status: 'REJECTED', reason: 'Seasonal item' });
    expect(rejectReplenishment.decidedAt).not.toBeNull();
    expect(await quantity(p.id, storeId(2))).toBe(before);
  });

  it('when staff act outside their role or store, then FORBIDDEN; unknown request, NOT_FOUND', async () => {
    const p = product(23);
    const clerk1 = await login('clerk1@retail.test');
    expect(errorCode(await gql(REQUEST, { s: storeId(2), p: p.id, q: 1 }, clerk1))).toBe('FORBIDDEN');
    expect(errorCode(await gql(REQUEST, { s: storeId(1), p: p.id, q: 1 }, await login('customer@retail.test')))).toBe('FORBIDDEN');
    const { requestReplenishment: request } = await gqlOk(REQUEST, { s: storeId(1), p: p.id, q: 1 }, clerk1);
    expect(errorCode(await gql(APPROVE, { id: request.id }, clerk1))).toBe('FORBIDDEN');
    expect(errorCode(await gql(APPROVE, { id: unknownId }, await login('logistics@retail.test')))).toBe('NOT_FOUND');
    expect(errorCode(await gql(`query($s: ID!) { replenishmentRequests(storeId: $s) { id } }`, { s: storeId(2) }, clerk1))).toBe('FORBIDDEN');
  });
});

describe('stock adjustment', () => {
  it('when the store manager adjusts up and down, then the quantity follows; below zero is INSUFFICIENT_STOCK', async () => {
    const p = product(24);
    const manager = await login('manager1@retail.test');
    const start = await quantity(p.id, storeId(1));
    expect((await gqlOk(ADJUST, { s: storeId(1), p: p.id, d: 7, r: 'Found in back room' }, manager)).adjustStock).toMatchObject({ quantity: start + 7, store: { code: 'STORE-1' } });
    expect((await gqlOk(ADJUST, { s: storeId(1), p: p.id, d: -3, r: 'Damaged' }, manager)).adjustStock.quantity).toBe(start + 4);
    expect(errorCode(await gql(ADJUST, { s: storeId(1), p: p.id, d: -(start + 5), r: 'Too much' }, manager))).toBe('INSUFFICIENT_STOCK');
    expect(await quantity(p.id, storeId(1))).toBe(start + 4);
  });

  it('when a manager adjusts another store or a clerk adjusts, then FORBIDDEN and nothing changes', async () => {
    const p = product(25);
    const before = await quantity(p.id, storeId(2));
    expect(errorCode(await gql(ADJUST, { s: storeId(2), p: p.id, d: 1, r: 'x' }, await login('manager1@retail.test')))).toBe('FORBIDDEN');
    expect(errorCode(await gql(ADJUST, { s: storeId(2), p: p.id, d: 1, r: 'x' }, await login('clerk2@retail.test')))).toBe('FORBIDDEN');
    expect(await quantity(p.id, storeId(2))).toBe(before);
  });

  it('when the store stock list is filtered to low stock and ordered by quantity, then only low lines come, ascending', async () => {
    const data = await gqlOk(`query($s: ID!) { store(id: $s) { stock(lowStockOnly: true, orderBy: QUANTITY_ASC, first: 100) { totalCount edges { node { quantity } } } } }`, { s: storeId(3) });
    const quantities = data.store.stock.edges.map((e: any) => e.node.quantity);
    expect(quantities.length).toBeGreaterThan(0);
    expect(quantities.every((q: number) => q <= 5)).toBe(true);
    expect(quantities).toEqual([...quantities].sort((a, b) => a - b));
  });
});
