import { gqlOk, login } from './graphql-client.js';

const ADJUST = `mutation($s: ID!, $p: ID!, $d: Int!) { adjustStock(storeId: $s, productId: $p, delta: $d, reason: "test setup") { quantity } }`;

/** A product's quantity at a store or the warehouse, through the router. */
export async function quantity(productId: string, locationId: string): Promise<number> {
  const data = await gqlOk(`query($p: ID!, $s: ID!) { product(id: $p) { stock(storeId: $s) { quantity } } }`, { p: productId, s: locationId });
  return data.product.stock.quantity;
}

/** Sets a product's quantity at a location (an admin's stock adjustment by the difference). */
export async function setQuantity(productId: string, locationId: string, target: number): Promise<void> {
  const delta = target - (await quantity(productId, locationId));
  if (delta !== 0) await gqlOk(ADJUST, { s: locationId, p: productId, d: delta }, await login('admin@retail.test'));
}
