import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operationHash } from '../../supergraph/operation-safelist.js';
import { product, storeId } from '../support/demo.js';
import { gqlOk, login, useEndpoint } from '../support/graphql-client.js';
import { postToSubgraph } from '../support/subgraph-request.js';
import { startReplicatedStack, type ReplicatedStack } from './replicated-stack.js';

/**
 * State that must be one across replicas: what one process writes, every
 * other reads at once (caches in Redis, invalidated by versioned tags); the
 * login failure counts; the persisted queries of the routers. Reads go
 * straight to each process (signed as the router signs), so each replica is
 * asked for sure.
 */
let stack: ReplicatedStack;
let admin: string;

beforeAll(async () => {
  stack = await startReplicatedStack();
  useEndpoint(stack.url);
  admin = await login('admin@retail.test');
});
afterAll(() => stack?.stop());

const atEach = <T>(service: 'catalog' | 'inventory' | 'reporting' | 'accounts', query: string, variables: Record<string, unknown> = {}, token?: string) =>
  Promise.all(stack.replicasOf(service).map((replica) => postToSubgraph<T>(`${stack.baseUrl(replica)}/graphql`, query, variables, token)));

describe('a write through one replica, read through the other', () => {
  it('when a product changes, then both catalog processes and both routers answer the new name at once, though each had it cached', async () => {
    const id = product(3).id;
    const read = `query ReplicaProduct($ids: [_Any!]!) { _entities(representations: $ids) { ... on Product { name price } } }`;
    for (let round = 0; round < 5; round++) {
      // Cached at both before the change.
      for (const answer of await atEach<any>('catalog', read, { ids: [{ __typename: 'Product', id }] })) expect(answer.errors).toBeUndefined();
      const name = `Replicated name ${round} ${randomUUID().slice(0, 6)}`;
      await gqlOk(`mutation Rename($id: ID!, $name: String!) { updateProduct(id: $id, input: { name: $name }) { name } }`, { id, name }, admin);
      const replicas = await atEach<any>('catalog', read, { ids: [{ __typename: 'Product', id }] });
      expect(replicas.map((r) => r.data?._entities[0].name)).toEqual([name, name]);
      const routers = await Promise.all(stack.system.routerUrls.map(async (url) => (await (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: `{ product(id: "${id}") { name } }` }) })).json()) as any));
      expect(routers.map((r) => r.data.product.name)).toEqual([name, name]);
    }
  });

  it('when stock is adjusted, then both inventory processes answer the new quantity at once, though each had the store page cached', async () => {
    const [store, productId] = [storeId(2), product(7).id];
    const read = `query ReplicaStock($s: ID!) { store(id: $s) { stock(first: 100) { edges { node { quantity product { id } } } } } }`;
    const quantities = async () => (await atEach<any>('inventory', read, { s: store })).map((r) => r.data.store.stock.edges.find((e: any) => e.node.product.id === productId).node.quantity);
    for (const delta of [5, -3, 7]) {
      const [before] = await quantities();
      const { adjustStock } = await gqlOk(`mutation Adjust($s: ID!, $p: ID!, $d: Int!) { adjustStock(storeId: $s, productId: $p, delta: $d, reason: "replicas") { quantity } }`, { s: store, p: productId, d: delta }, admin);
      expect(adjustStock.quantity).toBe(before! + delta);
      expect(await quantities()).toEqual([adjustStock.quantity, adjustStock.quantity]);
    }
  });

  it('when a sale is recorded, then the report of each reporting process shows it within seconds (the contract’s 2 s, with room for a loaded machine), though each had the report cached', async () => {
    const window = { from: new Date(Date.now() - 3_600_000).toISOString(), to: new Date(Date.now() + 3_600_000).toISOString() };
    const read = `query ReplicaReport($from: DateTime!, $to: DateTime!) { salesReport(from: $from, to: $to) { saleCount } }`;
    const counts = async () => (await atEach<any>('reporting', read, window, admin)).map((r) => r.data.salesReport.saleCount as number);
    const clerk = await login('clerk3@retail.test');
    for (let round = 0; round < 3; round++) {
      const before = await counts();
      expect(before[0]).toBe(before[1]);
      await gqlOk(`mutation Sell($i: RecordSaleInput!) { recordSale(input: $i) { id } }`, { i: { storeId: storeId(3), lines: [{ productId: product(9).id, quantity: 1 }] } }, clerk);
      await expect.poll(counts, { timeout: 5_000, interval: 100 }).toEqual([before[0]! + 1, before[0]! + 1]);
    }
  });
});

describe('limits and registrations shared by the replicas', () => {
  it('when failed logins for one account are spread over both accounts processes, then the limit counts them all: the next login is refused at either', async () => {
    const email = 'manager1@retail.test';
    const attempt = (replica: string, password: string) =>
      postToSubgraph<any>(`${stack.baseUrl(replica)}/graphql`, `mutation L($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, { e: email, p: password });
    const [first, second] = stack.replicasOf('accounts');
    for (let i = 0; i < 10; i++) {
      const answer = await attempt(i % 2 === 0 ? first! : second!, 'wrong password');
      expect(answer.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
    for (const replica of [first!, second!]) {
      const refused = await attempt(replica, 'manager1');
      expect({ replica, code: refused.errors?.[0]?.extensions?.code, token: refused.data?.login?.token }).toEqual({ replica, code: 'TOO_MANY_ATTEMPTS', token: undefined });
    }
  });

  it('when a persisted query is registered at one router, then the other runs it by its hash alone', async () => {
    const query = `query ReplicaApq${randomBytes(6).toString('hex')} { categories }`;
    const post = async (url: string, body: Record<string, unknown>) => (await (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json()) as any;
    const persisted = { persistedQuery: { version: 1, sha256Hash: operationHash(query) } };
    const [first, second] = stack.system.routerUrls;
    expect((await post(second!, { extensions: persisted })).errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    const registered = await post(first!, { query, extensions: persisted });
    expect(registered.data.categories.length).toBeGreaterThan(0);
    expect(await post(second!, { extensions: persisted })).toEqual(registered);
  });
});
