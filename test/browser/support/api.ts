import { demoProducts } from '../../../demo/demo-dataset.js';
import { gqlOk, login } from '../../support/graphql-client.js';

/** Checks and set-ups through the real API (the same router the browser uses). */
export function demoProduct(name: string) {
  const product = demoProducts.find((p) => p.name === name);
  if (!product) throw new Error(`No demo product ${name}`);
  return product;
}

export async function stockOf(productId: string, locationId: string): Promise<number> {
  const data = await gqlOk(`query($p: ID!, $s: ID!) { product(id: $p) { stock(storeId: $s) { quantity } } }`, { p: productId, s: locationId });
  return data.product.stock.quantity;
}

/** Sets a location's quantity of a product (head office adjustment). */
export async function setStock(productId: string, locationId: string, target: number): Promise<void> {
  const delta = target - (await stockOf(productId, locationId));
  if (delta !== 0)
    await gqlOk(`mutation($s: ID!, $p: ID!, $d: Int!) { adjustStock(storeId: $s, productId: $p, delta: $d, reason: "browser test setup") { quantity } }`, { s: locationId, p: productId, d: delta }, await login('admin@retail.test'));
}

export async function salesCount(storeId: string, staffEmail: string): Promise<number> {
  const data = await gqlOk(`query($s: ID!) { store(id: $s) { sales { totalCount } } }`, { s: storeId }, await login(staffEmail));
  return data.store.sales.totalCount;
}

export async function recordSale(storeId: string, staffEmail: string, lines: Array<{ productId: string; quantity: number }>): Promise<{ id: string; total: string }> {
  const data = await gqlOk(`mutation($i: RecordSaleInput!) { recordSale(input: $i) { id total } }`, { i: { storeId, lines } }, await login(staffEmail));
  return data.recordSale;
}
