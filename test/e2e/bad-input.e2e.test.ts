import { beforeAll, describe, expect, it } from 'vitest';
import { product, storeId, unknownId, warehouseId } from '../support/demo.js';
import { errorCode, gql, gqlOk, login } from '../support/graphql-client.js';

// Products 40–49 belong to this file.
const p = product(40);
const q = product(41);
let tokens: Record<'admin' | 'clerk1' | 'manager1' | 'customer' | 'logistics', string>;
let saleId: string;
let cartId: string;

/** Everything a bad request could have touched. */
async function snapshot() {
  return gqlOk(
    `query($p: ID!, $q: ID!, $s1: ID!, $s2: ID!, $w: ID!, $sale: ID!) {
      p: product(id: $p) { name price active description stock1: stock(storeId: $s1) { quantity } stock2: stock(storeId: $s2) { quantity } warehouse: stock(storeId: $w) { quantity } }
      q: product(id: $q) { stock1: stock(storeId: $s1) { quantity } }
      s1: store(id: $s1) { sales { totalCount } }
      s2: store(id: $s2) { sales { totalCount } }
      replenishmentRequests { id status }
      sale(id: $sale) { status refundedTotal returns { id } }
      products { totalCount }
    }`,
    { p: p.id, q: q.id, s1: storeId(1), s2: storeId(2), w: warehouseId, sale: saleId },
    tokens.admin,
  );
}

async function cartSnapshot() {
  return gqlOk(`query($c: ID!) { cart(id: $c) { status items { quantity product { id } } } }`, { c: cartId }, tokens.customer);
}

beforeAll(async () => {
  tokens = {
    admin: await login('admin@retail.test'),
    clerk1: await login('clerk1@retail.test'),
    manager1: await login('manager1@retail.test'),
    customer: await login('customer@retail.test'),
    logistics: await login('logistics@retail.test'),
  };
  const sale = await gqlOk(`mutation($i: RecordSaleInput!) { recordSale(input: $i) { id } }`, { i: { storeId: storeId(1), lines: [{ productId: q.id, quantity: 1 }] } }, tokens.clerk1);
  saleId = sale.recordSale.id;
  const cart = await gqlOk(`mutation($s: ID!) { createCart(storeId: $s) { id } }`, { s: storeId(1) }, tokens.customer);
  cartId = cart.createCart.id;
  await gqlOk(`mutation($c: ID!, $p: ID!) { addCartItem(cartId: $c, productId: $p, quantity: 1) { id } }`, { c: cartId, p: p.id }, tokens.customer);
});

type Case = [name: string, expected: string, token: keyof typeof tokens | null, query: string, variables: () => Record<string, unknown>];

const RECORD = `mutation($i: RecordSaleInput!) { recordSale(input: $i) { id } }`;
const line = (quantity: number, productId = p.id) => ({ productId, quantity });

const cases: Case[] = [
  ['recordSale with quantity 0', 'BAD_USER_INPUT', 'clerk1', RECORD, () => ({ i: { storeId: storeId(1), lines: [line(0)] } })],
  ['recordSale with a negative quantity', 'BAD_USER_INPUT', 'clerk1', RECORD, () => ({ i: { storeId: storeId(1), lines: [line(-2)] } })],
  ['recordSale with no lines', 'BAD_USER_INPUT', 'clerk1', RECORD, () => ({ i: { storeId: storeId(1), lines: [] } })],
  ['recordSale with a good and a bad line', 'BAD_USER_INPUT', 'clerk1', RECORD, () => ({ i: { storeId: storeId(1), lines: [line(1), line(-1, q.id)] } })],
  ['recordSale of an unknown product', 'NOT_FOUND', 'clerk1', RECORD, () => ({ i: { storeId: storeId(1), lines: [line(1, unknownId)] } })],
  ['recordSale at another store', 'FORBIDDEN', 'clerk1', RECORD, () => ({ i: { storeId: storeId(2), lines: [line(1)] } })],
  ['recordSale by a customer', 'FORBIDDEN', 'customer', RECORD, () => ({ i: { storeId: storeId(1), lines: [line(1)] } })],
  ['recordSale without a token', 'UNAUTHENTICATED', null, RECORD, () => ({ i: { storeId: storeId(1), lines: [line(1)] } })],
  ['recordSale with a string quantity', 'BAD_USER_INPUT', 'clerk1', RECORD, () => ({ i: { storeId: storeId(1), lines: [{ productId: p.id, quantity: 'two' }] } })],
  ['returnSale of an unknown sale', 'NOT_FOUND', 'clerk1', `mutation($i: ReturnSaleInput!) { returnSale(input: $i) { id } }`, () => ({ i: { saleId: unknownId } })],
  ['returnSale of more than sold', 'CONFLICT', 'clerk1', `mutation($i: ReturnSaleInput!) { returnSale(input: $i) { id } }`, () => ({ i: { saleId, lines: [line(2, q.id)] } })],
  ['returnSale of a product not on the sale', 'CONFLICT', 'clerk1', `mutation($i: ReturnSaleInput!) { returnSale(input: $i) { id } }`, () => ({ i: { saleId, lines: [line(1, p.id)] } })],
  ['returnSale with quantity 0', 'BAD_USER_INPUT', 'clerk1', `mutation($i: ReturnSaleInput!) { returnSale(input: $i) { id } }`, () => ({ i: { saleId, lines: [line(0, q.id)] } })],
  ['createProduct with a malformed price', 'BAD_USER_INPUT', 'admin', `mutation { createProduct(input: { sku: "BAD-1", name: "Bad", category: "X", price: "12,50" }) { id } }`, () => ({})],
  ['createProduct by a clerk', 'FORBIDDEN', 'clerk1', `mutation { createProduct(input: { sku: "BAD-2", name: "Bad", category: "X", price: "1.00" }) { id } }`, () => ({})],
  ['updateProduct with a malformed price', 'BAD_USER_INPUT', 'admin', `mutation($id: ID!) { updateProduct(id: $id, input: { price: "1.999" }) { id } }`, () => ({ id: p.id })],
  ['updateProduct of an unknown product', 'NOT_FOUND', 'admin', `mutation($id: ID!) { updateProduct(id: $id, input: { name: "x" }) { id } }`, () => ({ id: unknownId })],
  ['requestReplenishment with a negative quantity', 'BAD_USER_INPUT', 'manager1', `mutation($s: ID!, $p: ID!) { requestReplenishment(storeId: $s, productId: $p, quantity: -5) { id } }`, () => ({ s: storeId(1), p: p.id })],
  ['requestReplenishment of an unknown product', 'NOT_FOUND', 'manager1', `mutation($s: ID!, $p: ID!) { requestReplenishment(storeId: $s, productId: $p, quantity: 5) { id } }`, () => ({ s: storeId(1), p: unknownId })],
  ['requestReplenishment for another store', 'FORBIDDEN', 'manager1', `mutation($s: ID!, $p: ID!) { requestReplenishment(storeId: $s, productId: $p, quantity: 5) { id } }`, () => ({ s: storeId(2), p: p.id })],
  ['approveReplenishment of an unknown request', 'NOT_FOUND', 'logistics', `mutation($id: ID!) { approveReplenishment(id: $id) { id } }`, () => ({ id: unknownId })],
  ['adjustStock by zero', 'BAD_USER_INPUT', 'manager1', `mutation($s: ID!, $p: ID!) { adjustStock(storeId: $s, productId: $p, delta: 0, reason: "none") { quantity } }`, () => ({ s: storeId(1), p: p.id })],
  ['adjustStock below zero', 'INSUFFICIENT_STOCK', 'manager1', `mutation($s: ID!, $p: ID!) { adjustStock(storeId: $s, productId: $p, delta: -100000, reason: "shrink") { quantity } }`, () => ({ s: storeId(1), p: p.id })],
  ['adjustStock without a token', 'UNAUTHENTICATED', null, `mutation($s: ID!, $p: ID!) { adjustStock(storeId: $s, productId: $p, delta: 1, reason: "x") { quantity } }`, () => ({ s: storeId(1), p: p.id })],
  ['replenishmentRequests with an unknown status', 'BAD_USER_INPUT', 'admin', `{ replenishmentRequests(status: SHIPPED) { id } }`, () => ({})],
  ['products with first 0', 'BAD_USER_INPUT', null, `{ products(first: 0) { totalCount } }`, () => ({})],
  ['products with first 1000', 'BAD_USER_INPUT', null, `{ products(first: 1000) { totalCount } }`, () => ({})],
  ['products with a forged cursor', 'BAD_USER_INPUT', null, `{ products(after: "bm90LWEtY3Vyc29y") { totalCount } }`, () => ({})],
  ['addCartItem with quantity 0', 'BAD_USER_INPUT', 'customer', `mutation($c: ID!, $p: ID!) { addCartItem(cartId: $c, productId: $p, quantity: 0) { id } }`, () => ({ c: cartId, p: p.id })],
  ['addCartItem of an unknown product', 'NOT_FOUND', 'customer', `mutation($c: ID!, $p: ID!) { addCartItem(cartId: $c, productId: $p, quantity: 1) { id } }`, () => ({ c: cartId, p: unknownId })],
  ['addCartItem to a cart of someone else', 'FORBIDDEN', 'clerk1', `mutation($c: ID!, $p: ID!) { addCartItem(cartId: $c, productId: $p, quantity: 1) { id } }`, () => ({ c: cartId, p: p.id })],
  ['checkout of an unknown cart', 'NOT_FOUND', 'customer', `mutation($c: ID!) { checkout(cartId: $c, idempotencyKey: "bad-input-unknown") { id } }`, () => ({ c: unknownId })],
];

describe('bad input changes nothing', () => {
  it.each(cases)('when %s, then %s and no data changes', async (_name, expected, token, query, variables) => {
    const before = await snapshot();
    const cartBefore = await cartSnapshot();
    const response = await gql(query, variables(), token ? tokens[token] : undefined);
    expect(response.errors?.length).toBeGreaterThan(0);
    expect(errorCode(response)).toBe(expected);
    expect(response.errors?.[0]?.message).not.toMatch(/prisma|sql|stack|at .*\.ts/i);
    expect(await snapshot()).toEqual(before);
    expect(await cartSnapshot()).toEqual(cartBefore);
  });
});
