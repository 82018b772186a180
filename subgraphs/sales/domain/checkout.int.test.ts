import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { demoProducts, demoStores } from '../../../demo/demo-dataset.js';
import { startSalesWithPeers } from '../test-support/services.js';

const { peers, sales } = await startSalesWithPeers();
const { codeOf, customerToken, post, postOk, setStock, staffToken, stockOf } = await import('../test-support/graphql.js');
const { salesDb } = await import('../data-access/sales-database.js');

const S4 = demoStores[3]!.id;
const product = (i: number) => demoProducts[i]!;
const stock = (productId: string) => stockOf(peers.inventory.graphqlUrl, productId, S4);
const cents = (amount: string) => BigInt(amount.replace('.', ''));

const CART = `id status total store { id } items { quantity unitPrice lineTotal product { id } }`;
const CREATE = `mutation($s: ID!) { createCart(storeId: $s) { ${CART} } }`;
const ADD = `mutation($c: ID!, $p: ID!, $q: Int!) { addCartItem(cartId: $c, productId: $p, quantity: $q) { ${CART} } }`;
const REMOVE = `mutation($c: ID!, $p: ID!) { removeCartItem(cartId: $c, productId: $p) { ${CART} } }`;
const READ = `query($c: ID!) { cart(id: $c) { ${CART} } }`;
const CHECKOUT = `mutation($c: ID!, $k: String!) { checkout(cartId: $c, idempotencyKey: $k) { id total status customer { id } store { id } lines { quantity unitPrice product { id } } } }`;

async function cartWith(token: string, items: Array<[productId: string, quantity: number]>): Promise<string> {
  const { createCart } = await postOk(sales.graphqlUrl, CREATE, { s: S4 }, token);
  for (const [productId, quantity] of items) await postOk(sales.graphqlUrl, ADD, { c: createCart.id, p: productId, q: quantity }, token);
  return createCart.id;
}

describe('customer carts and checkout', () => {
  it('when a customer fills a cart and checks out twice with one key, then one sale is made for them and the cart is closed', async () => {
    const [a, b] = [product(30), product(31)];
    await setStock(peers.inventory.graphqlUrl, a.id, S4, 10);
    const customerId = randomUUID();
    const customer = await customerToken(customerId);
    const { createCart: cart } = await postOk(sales.graphqlUrl, CREATE, { s: S4 }, customer);
    expect(cart).toMatchObject({ status: 'OPEN', total: '0.00', items: [], store: { id: S4 } });
    await postOk(sales.graphqlUrl, ADD, { c: cart.id, p: a.id, q: 2 }, customer);
    await postOk(sales.graphqlUrl, ADD, { c: cart.id, p: b.id, q: 1 }, customer);
    const added = (await postOk(sales.graphqlUrl, ADD, { c: cart.id, p: a.id, q: 1 }, customer)).addCartItem;
    expect(added.items).toEqual([
      { quantity: 3, unitPrice: a.price, lineTotal: expect.any(String), product: { id: a.id } },
      { quantity: 1, unitPrice: b.price, lineTotal: b.price, product: { id: b.id } },
    ]);
    const removed = (await postOk(sales.graphqlUrl, REMOVE, { c: cart.id, p: b.id }, customer)).removeCartItem;
    expect(removed.items.map((i: any) => i.product.id)).toEqual([a.id]);
    expect(cents(removed.total)).toBe(cents(a.price) * 3n);

    const key = `checkout-${randomUUID()}`;
    const first = (await postOk(sales.graphqlUrl, CHECKOUT, { c: cart.id, k: key }, customer)).checkout;
    expect(first).toMatchObject({ status: 'COMPLETED', customer: { id: customerId }, store: { id: S4 }, lines: [{ quantity: 3, unitPrice: a.price, product: { id: a.id } }] });
    expect(first.total).toBe(removed.total);
    const second = (await postOk(sales.graphqlUrl, CHECKOUT, { c: cart.id, k: key }, customer)).checkout;
    expect(second.id).toBe(first.id);
    expect(await stock(a.id)).toBe(7);

    expect(codeOf(await post(sales.graphqlUrl, CHECKOUT, { c: cart.id, k: `checkout-${randomUUID()}` }, customer))).toBe('CONFLICT');
    expect(codeOf(await post(sales.graphqlUrl, ADD, { c: cart.id, p: a.id, q: 1 }, customer))).toBe('CONFLICT');
    expect(codeOf(await post(sales.graphqlUrl, REMOVE, { c: cart.id, p: a.id }, customer))).toBe('CONFLICT');
    expect((await postOk(sales.graphqlUrl, READ, { c: cart.id }, customer)).cart.status).toBe('CHECKED_OUT');
    expect(await stock(a.id)).toBe(7);
    expect((await postOk(sales.graphqlUrl, `query($id: ID!) { sale(id: $id) { id } }`, { id: first.id }, customer)).sale).toEqual({ id: first.id });
  });

  it('when a cart is checked out twice at once with different keys, then one sale is made and stock goes down once', async () => {
    const p = product(32);
    await setStock(peers.inventory.graphqlUrl, p.id, S4, 10);
    const customer = await customerToken();
    const cartId = await cartWith(customer, [[p.id, 2]]);
    const results = await Promise.all([1, 2, 3].map(() => post(sales.graphqlUrl, CHECKOUT, { c: cartId, k: `checkout-${randomUUID()}` }, customer)));
    expect(results.filter((r) => r.data?.checkout).length).toBe(1);
    expect(results.filter((r) => codeOf(r) === 'CONFLICT').length).toBe(2);
    expect(await stock(p.id)).toBe(8);
    expect(await salesDb().sale.count({ where: { lines: { some: { productId: p.id } } } })).toBe(1);
  });

  it('when catalog changes a price after it went into the cart, then checkout charges the current price', async () => {
    const p = product(33);
    await setStock(peers.inventory.graphqlUrl, p.id, S4, 10);
    const customer = await customerToken();
    const cartId = await cartWith(customer, [[p.id, 2]]);
    await postOk(peers.catalog.graphqlUrl, `mutation($id: ID!) { updateProduct(id: $id, input: { price: "10.05" }) { price } }`, { id: p.id }, await staffToken('HQ_ADMIN'));
    const sale = (await postOk(sales.graphqlUrl, CHECKOUT, { c: cartId, k: `checkout-${randomUUID()}` }, customer)).checkout;
    expect(sale.lines).toEqual([{ quantity: 2, unitPrice: '10.05', product: { id: p.id } }]);
    expect(sale.total).toBe('20.10');
  });

  it('when the store lacks stock at checkout, then INSUFFICIENT_STOCK and the cart stays open for another try', async () => {
    const p = product(34);
    await setStock(peers.inventory.graphqlUrl, p.id, S4, 1);
    const customer = await customerToken();
    const cartId = await cartWith(customer, [[p.id, 2]]);
    expect(codeOf(await post(sales.graphqlUrl, CHECKOUT, { c: cartId, k: `checkout-${randomUUID()}` }, customer))).toBe('INSUFFICIENT_STOCK');
    expect((await postOk(sales.graphqlUrl, READ, { c: cartId }, customer)).cart.status).toBe('OPEN');
    expect(await stock(p.id)).toBe(1);
    await setStock(peers.inventory.graphqlUrl, p.id, S4, 5);
    expect((await postOk(sales.graphqlUrl, CHECKOUT, { c: cartId, k: `checkout-${randomUUID()}` }, customer)).checkout.lines).toEqual([
      expect.objectContaining({ quantity: 2 }),
    ]);
    expect(await stock(p.id)).toBe(3);
  });

  it('when someone else uses the cart, then FORBIDDEN; nobody, UNAUTHENTICATED; an empty cart cannot be checked out', async () => {
    const owner = await customerToken();
    const cartId = await cartWith(owner, []);
    const stranger = await customerToken();
    const clerk = await staffToken('CLERK', S4);
    expect(codeOf(await post(sales.graphqlUrl, READ, { c: cartId }, stranger))).toBe('FORBIDDEN');
    expect(codeOf(await post(sales.graphqlUrl, ADD, { c: cartId, p: product(35).id, q: 1 }, clerk))).toBe('FORBIDDEN');
    expect(codeOf(await post(sales.graphqlUrl, CHECKOUT, { c: cartId, k: 'k-stranger' }, stranger))).toBe('FORBIDDEN');
    expect(codeOf(await post(sales.graphqlUrl, READ, { c: cartId }))).toBe('UNAUTHENTICATED');
    expect(codeOf(await post(sales.graphqlUrl, CREATE, { s: S4 }))).toBe('UNAUTHENTICATED');
    expect(codeOf(await post(sales.graphqlUrl, CHECKOUT, { c: cartId, k: 'k-empty' }, owner))).toBe('BAD_USER_INPUT');
    expect(await salesDb().saleSaga.count({ where: { cartId } })).toBe(0);
  });

  it('when cart input is bad, then BAD_USER_INPUT / NOT_FOUND and the cart is unchanged', async () => {
    const owner = await customerToken();
    const p = product(36);
    const cartId = await cartWith(owner, [[p.id, 1]]);
    const retired = product(37);
    await postOk(peers.catalog.graphqlUrl, `mutation($id: ID!) { updateProduct(id: $id, input: { active: false }) { active } }`, { id: retired.id }, await staffToken('HQ_ADMIN'));
    expect(codeOf(await post(sales.graphqlUrl, ADD, { c: cartId, p: p.id, q: 0 }, owner))).toBe('BAD_USER_INPUT');
    expect(codeOf(await post(sales.graphqlUrl, ADD, { c: cartId, p: p.id, q: -3 }, owner))).toBe('BAD_USER_INPUT');
    expect(codeOf(await post(sales.graphqlUrl, ADD, { c: cartId, p: randomUUID(), q: 1 }, owner))).toBe('NOT_FOUND');
    expect(codeOf(await post(sales.graphqlUrl, ADD, { c: cartId, p: retired.id, q: 1 }, owner))).toBe('BAD_USER_INPUT');
    expect(codeOf(await post(sales.graphqlUrl, ADD, { c: randomUUID(), p: p.id, q: 1 }, owner))).toBe('NOT_FOUND');
    expect(codeOf(await post(sales.graphqlUrl, CHECKOUT, { c: randomUUID(), k: 'k-unknown' }, owner))).toBe('NOT_FOUND');
    expect(codeOf(await post(sales.graphqlUrl, CREATE, { s: 'store-1' }, owner))).toBe('NOT_FOUND');
    expect((await postOk(sales.graphqlUrl, READ, { c: randomUUID() }, owner)).cart).toBeNull();
    expect((await postOk(sales.graphqlUrl, READ, { c: cartId }, owner)).cart.items).toEqual([
      { quantity: 1, unitPrice: p.price, lineTotal: p.price, product: { id: p.id } },
    ]);
  });
});
