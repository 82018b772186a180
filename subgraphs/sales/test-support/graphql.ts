import { randomUUID } from 'node:crypto';
import { signAccessToken, signServiceToken } from '../../../platform/auth/access-token.js';
import type { Role } from '../../../platform/auth/viewer.js';
import { postToSubgraph } from '../../../test/support/subgraph-request.js';

/** Helpers of the sales integration tests; they read the configuration, so import them after startSalesPeers. */

export interface GraphQLResult {
  data?: any;
  errors?: Array<{ message: string; extensions?: { code?: string; [key: string]: unknown } }>;
}

/** An operation sent straight to a subgraph, signed as the router signs it. */
export async function post(url: string, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<GraphQLResult> {
  return (await postToSubgraph(url, query, variables, token)) as GraphQLResult;
}

export async function postOk(url: string, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<any> {
  const result = await post(url, query, variables, token);
  if (result.errors?.length || !result.data) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
  return result.data;
}

export const codeOf = (result: GraphQLResult) => result.errors?.[0]?.extensions?.code;

/** A signed-in staff member or customer, as accounts would issue it. */
export function staffToken(role: Exclude<Role, 'CUSTOMER'>, storeId: string | null = null, id: string = randomUUID()): Promise<string> {
  return signAccessToken({ kind: 'staff', id, role, storeId });
}

export function customerToken(id: string = randomUUID()): Promise<string> {
  return signAccessToken({ kind: 'customer', id, role: 'CUSTOMER', storeId: null });
}

export { signServiceToken };

const STOCK = `query($r: [_Any!]!, $s: ID!) { _entities(representations: $r) { ... on Product { stock(storeId: $s) { quantity } } } }`;
const ADJUST = `mutation($s: ID!, $p: ID!, $d: Int!) { adjustStock(storeId: $s, productId: $p, delta: $d, reason: "sales test setup") { quantity } }`;

/** Quantity on hand at a store, as inventory reports it. */
export async function stockOf(inventoryUrl: string, productId: string, storeId: string): Promise<number> {
  const data = await postOk(inventoryUrl, STOCK, { r: [{ __typename: 'Product', id: productId }], s: storeId });
  return data._entities[0].stock.quantity;
}

/** Sets the quantity on hand through inventory's adjustStock (as head office). */
export async function setStock(inventoryUrl: string, productId: string, storeId: string, target: number): Promise<void> {
  const delta = target - (await stockOf(inventoryUrl, productId, storeId));
  if (delta !== 0) await postOk(inventoryUrl, ADJUST, { s: storeId, p: productId, d: delta }, await staffToken('HQ_ADMIN'));
}

export const RECORD_SALE = `mutation($i: RecordSaleInput!) { recordSale(input: $i) { id total refundedTotal status createdAt store { id } customer { id } lines { quantity returnedQuantity unitPrice lineTotal product { id } } } }`;
export const RETURN_SALE = `mutation($i: ReturnSaleInput!) { returnSale(input: $i) { id refund reason lines { quantity unitPrice lineTotal product { id } } sale { id status refundedTotal lines { quantity returnedQuantity } } } }`;
