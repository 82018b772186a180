import { describe, expect, it } from 'vitest';
import { product, storeId, warehouseId } from '../support/demo.js';
import { gqlOk, login } from '../support/graphql-client.js';

// Products 60–63 belong to this file.
const ADJUST = `mutation($s: ID!, $p: ID!, $d: Int!) { adjustStock(storeId: $s, productId: $p, delta: $d, reason: "cache test") { quantity } }`;
const READ = `query($s: ID!, $p: ID!) {
  store(id: $s) { stock(first: 100) { edges { node { quantity product { id } } } } }
  product(id: $p) { stock(storeId: $s) { quantity } }
}`;

/** The quantity as the cached stock list and the cached product stock both report it (they must agree). */
async function read(store: string, productId: string): Promise<number> {
  const data = await gqlOk(READ, { s: store, p: productId });
  const inList = data.store.stock.edges.find((e: any) => e.node.product.id === productId).node.quantity;
  expect(inList).toBe(data.product.stock.quantity);
  return inList;
}

describe('stock reads through the cache', () => {
  it('when a client writes (adjustment, sale, return, replenishment) and then reads, then it always sees its write', async () => {
    const p = product(60);
    const store = storeId(5);
    const admin = await login('admin@retail.test');
    const clerk = await login('clerk5@retail.test');
    let expected = await read(store, p.id);
    await read(store, p.id); // now cached

    expected = (await gqlOk(ADJUST, { s: store, p: p.id, d: 30 - expected }, admin)).adjustStock.quantity;
    expect(expected).toBe(30);
    expect(await read(store, p.id)).toBe(30);

    const { recordSale: sale } = await gqlOk(`mutation($i: RecordSaleInput!) { recordSale(input: $i) { id } }`, { i: { storeId: store, lines: [{ productId: p.id, quantity: 4 }] } }, clerk);
    expect(await read(store, p.id)).toBe(26);

    await gqlOk(`mutation($i: ReturnSaleInput!) { returnSale(input: $i) { id } }`, { i: { saleId: sale.id, lines: [{ productId: p.id, quantity: 1 }] } }, clerk);
    expect(await read(store, p.id)).toBe(27);

    const warehouseBefore = await read(warehouseId, p.id);
    const { requestReplenishment: request } = await gqlOk(
      `mutation($s: ID!, $p: ID!) { requestReplenishment(storeId: $s, productId: $p, quantity: 10) { id } }`,
      { s: store, p: p.id },
      clerk,
    );
    await gqlOk(`mutation($id: ID!) { approveReplenishment(id: $id) { status } }`, { id: request.id }, await login('logistics@retail.test'));
    expect(await read(store, p.id)).toBe(37);
    expect(await read(warehouseId, p.id)).toBe(warehouseBefore - 10);
  });

  it('when many clients read the same stock list at once right after a change, then every one of them sees the change', async () => {
    const p = product(61);
    const store = storeId(4);
    const admin = await login('admin@retail.test');
    const start = await read(store, p.id);
    await gqlOk(ADJUST, { s: store, p: p.id, d: 5 }, admin);
    const reads = await Promise.all(Array.from({ length: 15 }, () => read(store, p.id)));
    expect(new Set(reads)).toEqual(new Set([start + 5]));
  });
});
