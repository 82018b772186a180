import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoSalesHistory, demoStores } from '../../../demo/demo-dataset.js';
import type { HttpService } from '../../../platform/server/http-service.js';
import { codeOf, customerToken, post, postOk, staffToken } from '../test-support/graphql.js';
import { startInProcessSales } from '../test-support/in-process-sales.js';
import { disconnectSalesDb, salesDb } from '../data-access/sales-database.js';
import { seedDemoSales } from './seed-demo-sales.use-case.js';

// History needs no other subgraph: the demo sales are seeded straight into this file's database.
let sales: HttpService & { graphqlUrl: string };
const now = new Date();
const S1 = demoStores[0]!.id;
const S2 = demoStores[1]!.id;
const history = demoSalesHistory(now);
const ofStore1 = history.filter((s) => s.storeId === S1);

beforeAll(async () => {
  expect(await seedDemoSales(now)).toBe(true);
  sales = await startInProcessSales();
});

afterAll(async () => {
  await sales?.shutdown();
  await disconnectSalesDb();
});

const SALES = `query($r: [_Any!]!, $first: Int, $after: String, $from: DateTime, $to: DateTime) {
  _entities(representations: $r) { ... on Store { sales(first: $first, after: $after, from: $from, to: $to) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { id createdAt total store { id } lines { quantity unitPrice lineTotal product { id } } returns { id } } }
  } } }
}`;
const storeSales = (token: string | undefined, variables: Record<string, unknown>, storeId = S1) =>
  post(sales.graphqlUrl, SALES, { r: [{ __typename: 'Store', id: storeId }], ...variables }, token);

describe('a store sales history', () => {
  it('when the demo history is seeded, then every sale is COMPLETED with exact totals, and seeding again does nothing', async () => {
    expect(await salesDb().sale.count()).toBe(history.length);
    expect(await salesDb().sale.count({ where: { status: { not: 'COMPLETED' } } })).toBe(0);
    const sample = history[0]!;
    const row = await salesDb().sale.findUniqueOrThrow({ where: { id: sample.id }, include: { lines: true } });
    const expectedCents = sample.lines.reduce((sum, l) => sum + BigInt(l.unitPrice.replace('.', '')) * BigInt(l.quantity), 0n);
    expect(BigInt(row.total.toFixed(2).replace('.', ''))).toBe(expectedCents);
    expect(row.lines).toHaveLength(sample.lines.length);
    expect(await seedDemoSales(now)).toBe(false);
  });

  it('when a manager pages through the history, then every sale of the store comes once, newest first', async () => {
    const manager = await staffToken('STORE_MANAGER', S1);
    const seen: Array<{ id: string; createdAt: string }> = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const result = await storeSales(manager, { first: 25, after });
      expect(result.errors).toBeUndefined();
      const page: any = result.data._entities[0].sales;
      expect(page.totalCount).toBe(ofStore1.length);
      for (const edge of page.edges) {
        expect(edge.node.store.id).toBe(S1);
        expect(edge.node.lines.length).toBeGreaterThan(0);
        seen.push(edge.node);
      }
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      pages++;
    } while (after);
    expect(pages).toBe(Math.ceil(ofStore1.length / 25));
    expect(new Set(seen.map((s) => s.id)).size).toBe(ofStore1.length);
    const times = seen.map((s) => Date.parse(s.createdAt));
    expect(times).toEqual([...times].sort((x, y) => y - x));
  });

  it('when a time window is given, then only sales inside it are listed', async () => {
    const from = new Date(now.getTime() - 3 * 86_400_000);
    const to = new Date(now.getTime() - 1 * 86_400_000);
    const expected = ofStore1.filter((s) => s.createdAt >= from && s.createdAt < to).length;
    const result = await storeSales(await staffToken('HQ_ADMIN'), { first: 100, from: from.toISOString(), to: to.toISOString() });
    expect(result.data._entities[0].sales.totalCount).toBe(expected);
    expect(result.data._entities[0].sales.edges).toHaveLength(expected);
  });

  it.each([
    ['a customer', 'FORBIDDEN', () => customerToken()],
    ['a clerk of another store', 'FORBIDDEN', () => staffToken('CLERK', S2)],
    ['logistics', 'FORBIDDEN', () => staffToken('LOGISTICS')],
    ['nobody', 'UNAUTHENTICATED', async () => undefined],
  ])('when %s asks for store 1 sales, then %s', async (_, expected, token) => {
    expect(codeOf(await storeSales(await token(), { first: 1 }))).toBe(expected);
  });

  it('when the page size or cursor is bad, then BAD_USER_INPUT', async () => {
    const clerk = await staffToken('CLERK', S1);
    expect(codeOf(await storeSales(clerk, { first: 0 }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await storeSales(clerk, { first: 101 }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await storeSales(clerk, { after: 'bm90LWEtY3Vyc29y' }))).toBe('BAD_USER_INPUT');
    const forged = Buffer.from(JSON.stringify({ createdAt: now.toISOString(), id: 'x' })).toString('base64url');
    expect(codeOf(await storeSales(clerk, { after: forged }))).toBe('BAD_USER_INPUT');
  });

  it('when sales are referenced by id from another subgraph, then they resolve together and unknown ones are null', async () => {
    const ids = [ofStore1[0]!.id, '5a1e0000-0000-4000-8000-00000000dead', history.at(-1)!.id];
    const data = await postOk(sales.graphqlUrl, `query($r: [_Any!]!) { _entities(representations: $r) { ... on Sale { id store { id } } } }`, {
      r: ids.map((id) => ({ __typename: 'Sale', id })),
    });
    expect(data._entities.map((s: any) => s?.id ?? null)).toEqual([ids[0], null, ids[2]]);
  });
});
