import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { product, storeId } from '../support/demo.js';
import { errorCode, gql, gqlOk, login } from '../support/graphql-client.js';
import { quantity, setQuantity } from '../support/stock-levels.js';

// Products 0–19 belong to this file.
const RECORD = `mutation($i: RecordSaleInput!) { recordSale(input: $i) { id total refundedTotal status createdAt store { code } lines { quantity returnedQuantity unitPrice lineTotal product { id name } } } }`;
const RETURN = `mutation($i: ReturnSaleInput!) { returnSale(input: $i) { id refund reason lines { quantity unitPrice lineTotal product { id } } sale { id status refundedTotal } } }`;



const cents = (price: string) => Math.round(Number(price) * 100);

describe('recording sales at the till', () => {
  it('when a clerk records a sale, then lines carry catalog prices, the total is exact and stock goes down', async () => {
    const [a, b] = [product(0), product(1)];
    const clerk = await login('clerk1@retail.test');
    await setQuantity(a.id, storeId(1), 10);
    await setQuantity(b.id, storeId(1), 10);
    const before = [10, 10];
    const { recordSale: sale } = await gqlOk(RECORD, { i: { storeId: storeId(1), lines: [{ productId: a.id, quantity: 3 }, { productId: b.id, quantity: 1 }] } }, clerk);
    expect(sale).toMatchObject({ status: 'COMPLETED', refundedTotal: '0.00', store: { code: 'STORE-1' } });
    const lineA = sale.lines.find((l: any) => l.product.id === a.id);
    expect(lineA).toMatchObject({ quantity: 3, returnedQuantity: 0, unitPrice: a.price, product: { name: a.name } });
    expect(cents(sale.total)).toBe(cents(a.price) * 3 + cents(b.price));
    expect(sale.total).toMatch(/^\d+\.\d{2}$/);
    expect(await quantity(a.id, storeId(1))).toBe(before[0]! - 3);
    expect(await quantity(b.id, storeId(1))).toBe(before[1]! - 1);

    const read = await gqlOk(`query($id: ID!) { sale(id: $id) { id total } }`, { id: sale.id }, clerk);
    expect(read.sale).toEqual({ id: sale.id, total: sale.total });
    expect(errorCode(await gql(`query($id: ID!) { sale(id: $id) { id } }`, { id: sale.id }, await login('clerk2@retail.test')))).toBe('FORBIDDEN');
  });

  it('when the same idempotency key is sent twice, also concurrently, then one sale exists and stock goes down once', async () => {
    const p = product(2);
    const clerk = await login('clerk1@retail.test');
    const before = await quantity(p.id, storeId(1));
    const input = { storeId: storeId(1), idempotencyKey: randomUUID(), lines: [{ productId: p.id, quantity: 2 }] };
    const results = await Promise.all([1, 2, 3].map(() => gql(RECORD, { i: input }, clerk)));
    const ids = results.map((r) => r.data?.recordSale?.id ?? JSON.stringify(r.errors));
    expect(new Set(ids).size).toBe(1);
    const again = await gqlOk(RECORD, { i: input }, clerk);
    expect(again.recordSale.id).toBe(ids[0]);
    expect(await quantity(p.id, storeId(1))).toBe(before - 2);

    const reused = await gql(RECORD, { i: { ...input, lines: [{ productId: p.id, quantity: 5 }] } }, clerk);
    expect(errorCode(reused)).toBe('CONFLICT');
    expect(await quantity(p.id, storeId(1))).toBe(before - 2);
  });

  it('when 12 tills sell the last 4 units at once, then exactly 4 sales succeed and stock ends at zero', async () => {
    const p = product(3);
    await setQuantity(p.id, storeId(3), 4);
    const clerk = await login('clerk3@retail.test');
    const results = await Promise.all(
      Array.from({ length: 12 }, () => gql(RECORD, { i: { storeId: storeId(3), lines: [{ productId: p.id, quantity: 1 }] } }, clerk)),
    );
    const sold = results.filter((r) => r.data?.recordSale);
    const refused = results.filter((r) => errorCode(r) === 'INSUFFICIENT_STOCK');
    expect(sold.length).toBe(4);
    expect(refused.length).toBe(8);
    expect(await quantity(p.id, storeId(3))).toBe(0);
  });

  it('when a sale needs more than is on the shelf, then INSUFFICIENT_STOCK and no line is taken', async () => {
    const [a, b] = [product(4), product(5)];
    await setQuantity(b.id, storeId(3), 1);
    const clerk = await login('clerk3@retail.test');
    const beforeA = await quantity(a.id, storeId(3));
    const count = async () => (await gqlOk(`query($s: ID!) { store(id: $s) { sales { totalCount } } }`, { s: storeId(3) }, clerk)).store.sales.totalCount;
    const salesBefore = await count();
    const response = await gql(RECORD, { i: { storeId: storeId(3), lines: [{ productId: a.id, quantity: 1 }, { productId: b.id, quantity: 2 }] } }, clerk);
    expect(errorCode(response)).toBe('INSUFFICIENT_STOCK');
    expect(await quantity(a.id, storeId(3))).toBe(beforeA);
    expect(await quantity(b.id, storeId(3))).toBe(1);
    expect(await count()).toBe(salesBefore);
  });
});

describe('returns', () => {
  it('when a sale is returned in two parts, then stock comes back, refunds add up and more than sold is CONFLICT', async () => {
    const p = product(6);
    const clerk = await login('clerk1@retail.test');
    const start = await quantity(p.id, storeId(1));
    const { recordSale: sale } = await gqlOk(RECORD, { i: { storeId: storeId(1), lines: [{ productId: p.id, quantity: 3 }] } }, clerk);

    const { returnSale: first } = await gqlOk(RETURN, { i: { saleId: sale.id, lines: [{ productId: p.id, quantity: 1 }], reason: 'Dented', idempotencyKey: randomUUID() } }, clerk);
    expect(first).toMatchObject({ refund: p.price, reason: 'Dented', sale: { status: 'PARTIALLY_RETURNED', refundedTotal: p.price } });
    expect(errorCode(await gql(RETURN, { i: { saleId: sale.id, lines: [{ productId: p.id, quantity: 3 }] } }, clerk))).toBe('CONFLICT');

    const { returnSale: rest } = await gqlOk(RETURN, { i: { saleId: sale.id } }, clerk);
    expect(rest.lines).toEqual([expect.objectContaining({ quantity: 2, product: { id: p.id } })]);
    expect(rest.sale).toMatchObject({ status: 'RETURNED', refundedTotal: sale.total });
    expect(errorCode(await gql(RETURN, { i: { saleId: sale.id } }, clerk))).toBe('CONFLICT');

    await expect.poll(() => quantity(p.id, storeId(1)), { timeout: 5000 }).toBe(start);
    const { sale: read } = await gqlOk(`query($id: ID!) { sale(id: $id) { returns { id } lines { returnedQuantity } } }`, { id: sale.id }, clerk);
    expect(read.returns).toHaveLength(2);
    expect(read.lines[0].returnedQuantity).toBe(3);
  });

  it('when concurrent returns race for the same units, then no more than sold is returned', async () => {
    const p = product(7);
    const clerk = await login('clerk1@retail.test');
    const { recordSale: sale } = await gqlOk(RECORD, { i: { storeId: storeId(1), lines: [{ productId: p.id, quantity: 2 }] } }, clerk);
    const results = await Promise.all(Array.from({ length: 5 }, () => gql(RETURN, { i: { saleId: sale.id, lines: [{ productId: p.id, quantity: 1 }] } }, clerk)));
    expect(results.filter((r) => r.data?.returnSale).length).toBe(2);
    expect(results.filter((r) => errorCode(r) === 'CONFLICT').length).toBe(3);
  });

  it('when a clerk of another store returns a sale, then FORBIDDEN', async () => {
    const p = product(8);
    const { recordSale: sale } = await gqlOk(RECORD, { i: { storeId: storeId(1), lines: [{ productId: p.id, quantity: 1 }] } }, await login('clerk1@retail.test'));
    expect(errorCode(await gql(RETURN, { i: { saleId: sale.id } }, await login('clerk2@retail.test')))).toBe('FORBIDDEN');
  });
});

describe('customer cart and checkout', () => {
  const CART = `id status total store { code } items { quantity unitPrice lineTotal product { id name } }`;

  it('when a customer fills a cart and checks out twice with one key, then one sale is made and the cart is closed', async () => {
    const [a, b] = [product(9), product(10)];
    const customer = await login('customer@retail.test');
    const { createCart: cart } = await gqlOk(`mutation($s: ID!) { createCart(storeId: $s) { ${CART} } }`, { s: storeId(4) }, customer);
    expect(cart).toMatchObject({ status: 'OPEN', total: '0.00', items: [] });
    await gqlOk(`mutation($c: ID!, $p: ID!) { addCartItem(cartId: $c, productId: $p, quantity: 2) { id } }`, { c: cart.id, p: a.id }, customer);
    await gqlOk(`mutation($c: ID!, $p: ID!) { addCartItem(cartId: $c, productId: $p, quantity: 1) { id } }`, { c: cart.id, p: b.id }, customer);
    await gqlOk(`mutation($c: ID!, $p: ID!) { addCartItem(cartId: $c, productId: $p, quantity: 1) { id } }`, { c: cart.id, p: a.id }, customer);
    const removed = await gqlOk(`mutation($c: ID!, $p: ID!) { removeCartItem(cartId: $c, productId: $p) { ${CART} } }`, { c: cart.id, p: b.id }, customer);
    expect(removed.removeCartItem.items).toEqual([expect.objectContaining({ quantity: 3, unitPrice: a.price, product: { id: a.id, name: a.name } })]);
    expect(cents(removed.removeCartItem.total)).toBe(cents(a.price) * 3);

    const before = await quantity(a.id, storeId(4));
    const key = randomUUID();
    const checkout = `mutation($c: ID!, $k: String!) { checkout(cartId: $c, idempotencyKey: $k) { id total customer { id } lines { quantity } } }`;
    const first = await gqlOk(checkout, { c: cart.id, k: key }, customer);
    const second = await gqlOk(checkout, { c: cart.id, k: key }, customer);
    expect(second.checkout.id).toBe(first.checkout.id);
    expect(first.checkout.lines).toEqual([{ quantity: 3 }]);
    expect(await quantity(a.id, storeId(4))).toBe(before - 3);
    expect(errorCode(await gql(checkout, { c: cart.id, k: randomUUID() }, customer))).toBe('CONFLICT');
    expect((await gqlOk(`query($c: ID!) { cart(id: $c) { status } }`, { c: cart.id }, customer)).cart.status).toBe('CHECKED_OUT');
    const me = await gqlOk(`{ me { id } }`, {}, customer);
    expect(first.checkout.customer).toEqual({ id: me.me.id });
  });

  it('when someone else reads the cart or checks out an empty cart, then FORBIDDEN / BAD_USER_INPUT', async () => {
    const customer = await login('customer@retail.test');
    const { createCart: cart } = await gqlOk(`mutation($s: ID!) { createCart(storeId: $s) { id } }`, { s: storeId(4) }, customer);
    const other = await gqlOk(`mutation($i: RegisterCustomerInput!) { registerCustomer(input: $i) { token } }`, { i: { email: `other-${Date.now()}@example.com`, name: 'Other', password: 'long-enough-1' } });
    expect(errorCode(await gql(`query($c: ID!) { cart(id: $c) { id } }`, { c: cart.id }, other.registerCustomer.token))).toBe('FORBIDDEN');
    expect(errorCode(await gql(`mutation($c: ID!) { checkout(cartId: $c, idempotencyKey: "k-empty") { id } }`, { c: cart.id }, customer))).toBe('BAD_USER_INPUT');
  });
});

describe('sales history', () => {
  it('when a store sales history is paged, then sales come newest first without repeats', async () => {
    const manager = await login('manager1@retail.test');
    const query = `query($s: ID!, $after: String) { store(id: $s) { sales(first: 10, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id createdAt } } } } }`;
    const first = (await gqlOk(query, { s: storeId(1) }, manager)).store.sales;
    const second = (await gqlOk(query, { s: storeId(1), after: first.pageInfo.endCursor }, manager)).store.sales;
    const all = [...first.edges, ...second.edges].map((e: any) => e.node);
    expect(new Set(all.map((s: any) => s.id)).size).toBe(all.length);
    const times = all.map((s: any) => new Date(s.createdAt).getTime());
    expect(times).toEqual([...times].sort((x, y) => y - x));
    expect(first.totalCount).toBeGreaterThan(20);
  });
});
