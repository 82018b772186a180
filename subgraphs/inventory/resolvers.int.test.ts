import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { signAccessToken, signServiceToken } from '../../platform/auth/access-token.js';
import { demoProducts, demoStockQuantity } from '../../demo/demo-dataset.js';
import type { HttpService } from '../../platform/server/http-service.js';
import { startSubgraphServer } from '../../platform/server/subgraph-server.js';
import { loadConfig } from '../../platform/config/config.js';
import { postToSubgraph } from '../../test/support/subgraph-request.js';
import type { Context } from './context.js';
import { findLocationsByIds } from './data-access/location.repository.js';
import { findStockLevels } from './data-access/stock.repository.js';
import { createLocationLoader } from './domain/location-loader.js';
import { seedDemoInventory } from './domain/seed-demo-inventory.use-case.js';
import { createStockLevelLoader } from './domain/stock-level-loader.js';
import { createInventorySubgraph } from './inventory-subgraph.js';
import { productId, setQuantity, storeId, unknownId, viewers, warehouseId } from './test-support/callers-and-stock.js';

interface Response {
  data?: any;
  errors?: Array<{ message: string; extensions?: Record<string, any> }>;
}

let service: HttpService;
/** Database lookups made by the request DataLoaders since the last reset. */
const lookups = { locations: 0, stockLevels: 0 };

async function run(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<Response> {
  return (await postToSubgraph(`${service.url}/graphql`, query, variables, token)) as Response;
}

async function ok(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<any> {
  const result = await run(query, variables, token);
  expect(result.errors).toBeUndefined();
  return result.data;
}

const codeOf = (r: Response) => r.errors?.[0]?.extensions?.code;

beforeAll(async () => {
  await seedDemoInventory();
  const inventory = createInventorySubgraph({ config: loadConfig() });
  service = await startSubgraphServer({
    ...inventory.server,
    createContext: async (base) => {
      const ctx: Context = await inventory.server.createContext(base);
      ctx.loaders.location = createLocationLoader((ids) => (lookups.locations++, findLocationsByIds(ids)));
      ctx.loaders.stockLevel = createStockLevelLoader((keys) => (lookups.stockLevels++, findStockLevels(keys)));
      return ctx;
    },
    host: '127.0.0.1',
    port: 0,
  });
});

afterAll(async () => {
  await service?.shutdown();
});

beforeEach(() => {
  lookups.locations = 0;
  lookups.stockLevels = 0;
});

describe('inventory subgraph over HTTP (PostgreSQL)', () => {
  it('when the database answers, then the subgraph reports ready', async () => {
    expect((await fetch(`${service.url}/ready`)).status).toBe(200);
  });

  it('when stores, the warehouse and unknown or malformed stores are asked for, then five stores by code, the warehouse and nulls', async () => {
    const data = await ok(`query($u: ID!, $w: ID!) { stores { code kind } warehouse { code kind } w: store(id: $w) { code } u: store(id: $u) { id } bad: store(id: "nope") { id } }`, {
      u: unknownId,
      w: warehouseId,
    });
    expect(data.stores.map((s: any) => s.code)).toEqual(['STORE-1', 'STORE-2', 'STORE-3', 'STORE-4', 'STORE-5']);
    expect(data.stores.every((s: any) => s.kind === 'STORE')).toBe(true);
    expect(data.warehouse).toEqual({ code: 'WAREHOUSE', kind: 'WAREHOUSE' });
    expect(data).toMatchObject({ w: { code: 'WAREHOUSE' }, u: null, bad: null });
  });

  it('when the router resolves many Store references, then one database lookup answers them all', async () => {
    const representations = [1, 2, 3, 4, 5, 1, 2].map((n) => ({ __typename: 'Store', id: storeId(n as 1) })).concat([{ __typename: 'Store', id: unknownId }]);
    const data = await ok(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Store { code } } }`, { r: representations });
    expect(data._entities.map((e: any) => e?.code ?? null)).toEqual(['STORE-1', 'STORE-2', 'STORE-3', 'STORE-4', 'STORE-5', 'STORE-1', 'STORE-2', null]);
    expect(lookups.locations).toBe(1);
  });

  it('when the router asks for the stock of many products at several locations, then one lookup answers all and each quantity is the seeded one', async () => {
    const representations = demoProducts.slice(50, 60).map((p) => ({ __typename: 'Product', id: p.id }));
    const data = await ok(
      `query($r: [_Any!]!, $s: ID!, $w: ID!) { _entities(representations: $r) { ... on Product { id here: stock(storeId: $s) { quantity store { code } product { id } } wh: stock(storeId: $w) { quantity } none: stock(storeId: "x") { quantity } } } }`,
      { r: representations, s: storeId(2), w: warehouseId },
    );
    data._entities.forEach((entity: any, i: number) => {
      expect(entity).toEqual({
        id: demoProducts[50 + i]!.id,
        here: { quantity: demoStockQuantity(1, 50 + i, false), store: { code: 'STORE-2' }, product: { id: demoProducts[50 + i]!.id } },
        wh: { quantity: demoStockQuantity(5, 50 + i, true) },
        none: null,
      });
    });
    expect(lookups.stockLevels).toBe(1);
    expect(lookups.locations).toBe(1);
  });

  it('when a store stock list is paged by product name, then every product appears once, in name order, with the right total', async () => {
    const query = `query($s: ID!, $after: String) { store(id: $s) { stock(first: 25, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { quantity product { id } store { code } } } } } }`;
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 5; page++) {
      const stock: any = (await ok(query, { s: storeId(3), after })).store.stock;
      expect(stock.totalCount).toBe(demoProducts.length);
      seen.push(...stock.edges.map((e: any) => e.node.product.id));
      if (!stock.pageInfo.hasNextPage) break;
      after = stock.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(demoProducts.length);
    expect(new Set(seen).size).toBe(demoProducts.length);
    const names = seen.map((id) => demoProducts.find((p) => p.id === id)!.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
  });

  it('when a stock list is paged by quantity descending, then quantities never increase across pages and no product repeats', async () => {
    const query = `query($s: ID!, $after: String) { store(id: $s) { stock(first: 7, orderBy: QUANTITY_DESC, after: $after) { pageInfo { hasNextPage endCursor } edges { node { quantity product { id } } } } } }`;
    const rows: Array<{ quantity: number; id: string }> = [];
    let after: string | null = null;
    do {
      const stock: any = (await ok(query, { s: storeId(4), after })).store.stock;
      rows.push(...stock.edges.map((e: any) => ({ quantity: e.node.quantity, id: e.node.product.id })));
      after = stock.pageInfo.hasNextPage ? stock.pageInfo.endCursor : null;
    } while (after);
    expect(rows).toHaveLength(demoProducts.length);
    expect(new Set(rows.map((r) => r.id)).size).toBe(demoProducts.length);
    const quantities = rows.map((r) => r.quantity);
    expect(quantities).toEqual([...quantities].sort((a, b) => b - a));
  });

  it('when the stock list is filtered to low stock, ascending, then only levels at or below 5 come, in order, paged without repeats', async () => {
    await Promise.all([setQuantity(storeId(5), productId(0), 5), setQuantity(storeId(5), productId(1), 0), setQuantity(storeId(5), productId(2), 6)]);
    const query = `query($s: ID!, $after: String) { store(id: $s) { stock(lowStockOnly: true, orderBy: QUANTITY_ASC, first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { quantity product { id } } } } } }`;
    const rows: Array<{ quantity: number; id: string }> = [];
    let after: string | null = null;
    let total = 0;
    do {
      const stock: any = (await ok(query, { s: storeId(5), after })).store.stock;
      total = stock.totalCount;
      rows.push(...stock.edges.map((e: any) => ({ quantity: e.node.quantity, id: e.node.product.id })));
      after = stock.pageInfo.hasNextPage ? stock.pageInfo.endCursor : null;
    } while (after);
    expect(rows).toHaveLength(total);
    expect(new Set(rows.map((r) => r.id)).size).toBe(total);
    expect(rows.every((r) => r.quantity <= 5)).toBe(true);
    expect(rows.map((r) => r.quantity)).toEqual(rows.map((r) => r.quantity).sort((a, b) => a - b));
    expect(rows.map((r) => r.id)).toEqual(expect.arrayContaining([productId(0), productId(1)]));
    expect(rows.map((r) => r.id)).not.toContain(productId(2));
  });

  it('when the stock list is searched by product name, then matches come case-insensitively; a cursor of another order is BAD_USER_INPUT', async () => {
    const data = await ok(`query($s: ID!) { store(id: $s) { stock(search: "JUICE", first: 100) { totalCount edges { cursor node { product { id } } } } } }`, { s: storeId(1) });
    const expected = demoProducts.filter((p) => /juice/i.test(p.name)).map((p) => p.id);
    expect(data.store.stock.totalCount).toBe(expected.length);
    expect(data.store.stock.edges.map((e: any) => e.node.product.id).sort()).toEqual([...expected].sort());
    const cursor = data.store.stock.edges[0].cursor;
    const wrong = await run(`query($s: ID!, $c: String) { store(id: $s) { stock(orderBy: QUANTITY_ASC, after: $c) { totalCount } } }`, { s: storeId(1), c: cursor });
    expect(codeOf(wrong)).toBe('BAD_USER_INPUT');
    expect(codeOf(await run(`query($s: ID!) { store(id: $s) { stock(first: 0) { totalCount } } }`, { s: storeId(1) }))).toBe('BAD_USER_INPUT');
  });

  it('when mutations arrive with tokens, then roles are enforced and results resolve store and product', async () => {
    const manager = await signAccessToken(viewers.manager(storeId(1)));
    const adjust = `mutation($s: ID!, $p: ID!, $d: Int!) { adjustStock(storeId: $s, productId: $p, delta: $d, reason: "count") { quantity store { code } product { id } } }`;
    const adjusted = (await ok(adjust, { s: storeId(1), p: productId(5), d: 1 }, manager)).adjustStock;
    expect(adjusted).toMatchObject({ store: { code: 'STORE-1' }, product: { id: productId(5) } });
    expect(codeOf(await run(adjust, { s: storeId(2), p: productId(5), d: 1 }, manager))).toBe('FORBIDDEN');
    expect(codeOf(await run(adjust, { s: storeId(1), p: productId(5), d: 1 }))).toBe('UNAUTHENTICATED');
    expect(codeOf(await run(adjust, { s: storeId(1), p: productId(5), d: -100000 }, manager))).toBe('INSUFFICIENT_STOCK');

    const request = (await ok(`mutation($s: ID!, $p: ID!) { requestReplenishment(storeId: $s, productId: $p, quantity: 3) { id status store { code } product { id } requestedAt decidedAt } }`, { s: storeId(1), p: productId(6) }, manager))
      .requestReplenishment;
    expect(request).toMatchObject({ status: 'PENDING', store: { code: 'STORE-1' }, product: { id: productId(6) }, decidedAt: null });
    const logistics = await signAccessToken(viewers.logistics);
    const listed = await ok(`{ replenishmentRequests(status: PENDING) { id store { code } } }`, {}, logistics);
    expect(listed.replenishmentRequests).toContainEqual({ id: request.id, store: { code: 'STORE-1' } });
    const approved = await ok(`mutation($id: ID!) { approveReplenishment(id: $id) { status decidedAt } }`, { id: request.id }, logistics);
    expect(approved.approveReplenishment.status).toBe('APPROVED');
  });

  it('when a service runs the saga operations over HTTP, then they work; a person’s token gets FORBIDDEN', async () => {
    const sales = await signServiceToken('sales');
    const id = randomUUID();
    const reserve = `mutation($i: ReserveStockInput!) { reserveStock(input: $i) { id status } }`;
    const input = { id, storeId: storeId(2), lines: [{ productId: productId(7), quantity: 1 }] };
    expect((await ok(reserve, { i: input }, sales)).reserveStock).toEqual({ id, status: 'HELD' });
    expect(codeOf(await run(reserve, { i: { ...input, id: randomUUID() } }, await signAccessToken(viewers.admin)))).toBe('FORBIDDEN');
    expect((await ok(`mutation($id: ID!) { commitReservation(id: $id) { status } }`, { id }, sales)).commitReservation.status).toBe('COMMITTED');
    expect((await ok(`mutation($id: ID!) { releaseReservation(id: $id) { status } }`, { id: randomUUID() }, sales)).releaseReservation).toBeNull();
    const restock = `mutation($i: RestockReturnInput!) { restockReturn(input: $i) }`;
    expect((await ok(restock, { i: { returnId: randomUUID(), storeId: storeId(2), lines: [{ productId: productId(7), quantity: 1 }] } }, sales)).restockReturn).toBe(true);
  });
});
