import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { SIGNATURE_HEADER, signatureHeaders, withSubgraphSignature } from '../../platform/auth/request-signature.js';
import { DEV_SUBGRAPH_SIGNING_SECRET } from '../../platform/config/config.js';
import { product, storeId } from '../support/demo.js';
import { gqlOk, login } from '../support/graphql-client.js';

/**
 * Subgraphs answer only the router (and each other's saga calls): a caller
 * that reaches one directly gets 401 UNAUTHENTICATED and changes nothing,
 * whatever token it carries. That everything works through the router is
 * what every other e2e test shows.
 */
const secret = inject('subgraphSigningSecret');
const graphqlOf = (service: string) => `${inject('serviceUrls')[service]}/graphql`;

const sku = `SIG-${randomUUID().slice(0, 8)}`;
const CREATE_PRODUCT = JSON.stringify({ query: `mutation { createProduct(input: { sku: "${sku}", name: "Forged", category: "Forged", price: "1.00" }) { id } }` });
const P = product(68);
const S = storeId(5);
const ADJUST = JSON.stringify({ query: `mutation { adjustStock(storeId: "${S}", productId: "${P.id}", delta: -1000, reason: "forged") { quantity } }` });

async function send(service: string, body: string, headers: Record<string, string>) {
  const response = await fetch(graphqlOf(service), { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return { status: response.status, body: (await response.json()) as { data?: unknown; errors?: Array<{ message: string; extensions?: { code?: string } }> } };
}

const refused = (message: RegExp) => ({ status: 401, body: { errors: [{ message: expect.stringMatching(message), extensions: { code: 'UNAUTHENTICATED' } }] } });

/** What the router shows afterwards: the product does not exist and the stock did not move. */
async function nothingChanged(quantityBefore: number) {
  const data = await gqlOk(`query($s: String, $p: ID!, $st: ID!) { products(search: $s) { totalCount } product(id: $p) { stock(storeId: $st) { quantity } } }`, { s: sku, p: P.id, st: S });
  expect(data).toEqual({ products: { totalCount: 0 }, product: { stock: { quantity: quantityBefore } } });
}

const stockNow = async () => (await gqlOk(`query($p: ID!, $s: ID!) { product(id: $p) { stock(storeId: $s) { quantity } } }`, { p: P.id, s: S })).product.stock.quantity as number;

describe('only the router reaches the subgraphs', () => {
  it('when an admin token is sent straight to catalog and inventory without a signature, then 401 UNAUTHENTICATED and nothing changes', async () => {
    const before = await stockNow();
    const admin = { authorization: `Bearer ${await login('admin@retail.test')}` };
    expect(await send('catalog', CREATE_PRODUCT, admin)).toEqual(refused(/signature is missing/));
    expect(await send('inventory', ADJUST, admin)).toEqual(refused(/signature is missing/));
    await nothingChanged(before);
  });

  it('when the signature is forged or made with another secret (the development default here), then 401 UNAUTHENTICATED and nothing changes', async () => {
    const before = await stockNow();
    const admin = { authorization: `Bearer ${await login('admin@retail.test')}` };
    const url = graphqlOf('catalog');
    const forged = { ...withSubgraphSignature(url, { method: 'POST', headers: admin, body: CREATE_PRODUCT }, secret), [SIGNATURE_HEADER]: `v1=${randomBytes(32).toString('hex')}` };
    expect(await send('catalog', CREATE_PRODUCT, forged)).toEqual(refused(/signature is invalid/));
    const otherSecret = withSubgraphSignature(url, { method: 'POST', headers: admin, body: CREATE_PRODUCT }, DEV_SUBGRAPH_SIGNING_SECRET);
    expect(await send('catalog', CREATE_PRODUCT, otherSecret)).toEqual(refused(/signature is invalid/));
    await nothingChanged(before);
  });

  it('when a signed anonymous request is replayed with an admin token and another body, then 401 UNAUTHENTICATED and nothing changes', async () => {
    const before = await stockNow();
    const url = graphqlOf('inventory');
    const read = JSON.stringify({ query: '{ warehouse { id } }' });
    const captured = withSubgraphSignature(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: read }, secret);
    expect((await send('inventory', read, captured)).status).toBe(200);
    const admin = `Bearer ${await login('admin@retail.test')}`;
    expect(await send('inventory', read, { ...captured, authorization: admin })).toEqual(refused(/signature is invalid/));
    expect(await send('inventory', ADJUST, { ...captured, authorization: admin })).toEqual(refused(/signature is invalid/));
    await nothingChanged(before);
  });

  it('when a correctly signed request is older than the signature window, then 401 UNAUTHENTICATED', async () => {
    const body = JSON.stringify({ query: '{ categories }' });
    const stale = signatureHeaders({ method: 'POST', path: '/graphql', header: () => undefined, body }, secret, Date.now() - 10 * 60_000);
    expect(await send('catalog', body, stale)).toEqual(refused(/stale/));
  });

  it('when the same request is signed with the system secret, then the subgraph answers it (the signature is what was missing)', async () => {
    const url = graphqlOf('catalog');
    const body = JSON.stringify({ query: '{ categories }' });
    const reply = await send('catalog', body, withSubgraphSignature(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body }, secret));
    expect(reply.status).toBe(200);
    expect((reply.body.data as { categories: string[] }).categories.length).toBeGreaterThan(0);
  });

  it('when a subgraph is asked for /health, /ready or /metrics, then it answers without a signature', async () => {
    const base = inject('serviceUrls').catalog;
    const statuses = await Promise.all(['/health', '/ready', '/metrics'].map(async (p) => (await fetch(`${base}${p}`)).status));
    expect(statuses).toEqual([200, 200, 200]);
  });
});
