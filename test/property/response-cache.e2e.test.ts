import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signAccessToken } from '../../platform/auth/access-token.js';
import { product, storeId, warehouseId } from '../support/demo.js';
import { RECORD_SALE, saleOf } from '../support/fault-operations.js';
import { startFaultSystem, type FaultSystem } from '../support/fault-system.js';
import { waitFor } from '../support/wait-for.js';

/**
 * The router's response cache against the same system without it
 * (docs/response-cache.md): random interleavings of writes by every role and
 * reads by random identities; every read is asked through the cache and
 * again with `x-response-cache: bypass` at the same moment, and the answers
 * must be equal: a stale answer after a write has answered, or an answer of
 * another identity's scope, fails with the seed to replay
 * (RESPONSE_CACHE_SEED=<seed>). Reporting's reads (dashboard, sales report,
 * revenue, units, alert pages) are eventual: they are compared once the read
 * model has applied every event of the writes that answered (the contract
 * allows it 2 s more to bump its tags), and without `generatedAt` (a cached
 * answer keeps the time it was computed).
 */
let fault: FaultSystem;
const IDENTITIES = ['anonymous', 'clerk1', 'clerk2', 'manager1', 'manager3', 'logistics', 'admin', 'customer'] as const;
const identities: Record<string, string | undefined> = {};
const stores = [storeId(1), storeId(2), storeId(3)];
const products = [1, 2, 3, 4, 5, 6].map((i) => product(i).id);
const sales: Array<{ id: string; store: number }> = [];

/** A demo account signed in through the API: `me` then answers with a real account of its own. */
async function signIn(email: string): Promise<string> {
  const { body } = await fault.gql(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, { e: email, p: email.split('@')[0] });
  return (body.data as { login: { token: string } }).login.token;
}

beforeAll(async () => {
  fault = await startFaultSystem({ subgraphs: ['catalog', 'inventory', 'sales', 'accounts', 'reporting'], redis: true, env: { RESPONSE_CACHE_ENABLED: 'true' } });
  Object.assign(identities, {
    anonymous: undefined,
    clerk1: await signIn('clerk1@retail.test'),
    clerk2: await signIn('clerk2@retail.test'),
    manager1: await signIn('manager1@retail.test'),
    // No demo manager of store 3: a token signed for one, whose account does not exist (`me` is null for it).
    manager3: await signAccessToken({ kind: 'staff', id: 'manager-3', role: 'STORE_MANAGER', storeId: stores[2]! }),
    logistics: await signIn('logistics@retail.test'),
    admin: await signIn('admin@retail.test'),
    customer: await signIn('customer@retail.test'),
  });
});
afterAll(async () => {
  await fault?.stop();
});

interface Answer {
  data?: unknown;
  errors?: Array<{ message: string; path?: unknown; extensions?: { code?: string } }>;
  extensions?: { responseCache?: Array<{ subgraph: string; outcome: string }> };
}

async function ask(query: string, variables: Record<string, unknown>, token: string | undefined, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(fault.routerUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(30_000),
  });
  return (await res.json()) as Answer;
}

/** The data without `generatedAt`: a cached report keeps the time it was computed at, as reporting's own cache does. */
const withoutGeneratedAt = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(withoutGeneratedAt)
    : value !== null && typeof value === 'object'
      ? Object.fromEntries(Object.entries(value).filter(([k]) => k !== 'generatedAt').map(([k, v]) => [k, withoutGeneratedAt(v)]))
      : value;

/** What must be equal with and without the cache: data and errors (message, code, path). */
const comparable = (a: Answer) => ({ data: withoutGeneratedAt(a.data), errors: a.errors?.map((e) => ({ message: e.message, code: e.extensions?.code, path: e.path })) });

const READS = {
  storeStock: `query($s: ID!) { store(id: $s) { id name stock(first: 8) { totalCount edges { node { quantity updatedAt product { id name price } } } } } }`,
  lowStock: `query($s: ID!) { store(id: $s) { stock(lowStockOnly: true, orderBy: QUANTITY_ASC, first: 5) { totalCount edges { node { quantity product { name } } } } } }`,
  product: `query($p: ID!, $s: ID!) { product(id: $p) { id name price active stock(storeId: $s) { quantity } } }`,
  search: `query($q: String) { products(search: $q, first: 5) { totalCount edges { node { id name price } } } categories }`,
  locations: `{ stores { id code name } warehouse { id stock(first: 3) { edges { node { quantity } } } } }`,
  salesHistory: `query($s: ID!) { store(id: $s) { id sales(first: 3) { totalCount } } }`,
  // Cached per user (USER scope): another identity must never get it.
  me: `{ me { id email name role store { id code } } }`,
};

/** Reporting's reads: its read model is fed by events, after the writes answered. */
const REPORT_READS = {
  dashboard: `{ dashboard { generatedAt revenueDays(days: 3) stores { store { id } revenueToday revenueLast7Days revenueByDay(days: 3) dailyRevenue(days: 2) { date revenue } stockOutCount overstockCount stockOuts(first: 100) { quantity product { id name } } overstock(first: 100) { quantity product { id } } } } }`,
  salesReport: `query($from: DateTime!, $to: DateTime!) { salesReport(from: $from, to: $to) { generatedAt totalRevenue saleCount stores { store { id } revenue saleCount unitsSold remainingStock topProducts(limit: 2) { product { id } unitsSold revenue } } topProducts(limit: 3) { product { id name } unitsSold revenue } } }`,
  storeRevenue: `query($s: ID!, $from: DateTime!, $to: DateTime!) { store(id: $s) { id name revenue(from: $from, to: $to) } }`,
  unitsSold: `query($p: ID!, $from: DateTime!, $to: DateTime!) { product(id: $p) { id name unitsSold(from: $from, to: $to) } }`,
  alerts: `query($s: ID) { stockAlertConnection(storeId: $s, first: 5) { totalCount pageInfo { hasNextPage } edges { node { id quantity threshold store { id } product { id name } } } } }`,
  alertList: `query($s: ID) { stockAlerts(storeId: $s) { id quantity store { id } } }`,
};
/** The web app's dashboard page (web/src): its alerts' stores and products repeat, so the router deduplicates them. */
const WEB_DASHBOARD = `{ dashboard { generatedAt revenueDays(days: 7) stores { store { id code name } revenueToday revenueLast7Days revenueByDay(days: 7) stockOutCount overstockCount
  stockOuts(first: 3) { quantity product { id name } } overstock(first: 3) { quantity product { id name } } } }
  stockAlertConnection(first: 10) { totalCount edges { node { id quantity threshold raisedAt store { id code } product { id sku name } } } } }`;
/** One window for every report read of the run (the same variables: the cache can serve them again); it holds today's sales. */
const window = { from: new Date(Date.now() - 2 * 86_400_000).toISOString(), to: new Date(Date.now() + 86_400_000).toISOString() };

const WRITES = {
  adjust: `mutation($s: ID!, $p: ID!, $d: Int!) { adjustStock(storeId: $s, productId: $p, delta: $d, reason: "count") { quantity } }`,
  request: `mutation($s: ID!, $p: ID!, $q: Int!) { requestReplenishment(storeId: $s, productId: $p, quantity: $q) { id } }`,
  approve: `mutation($id: ID!) { approveReplenishment(id: $id) { status } }`,
  reject: `mutation($id: ID!) { rejectReplenishment(id: $id, reason: "no") { status } }`,
  returnSale: `mutation($i: ReturnSaleInput!) { returnSale(input: $i) { refund } }`,
  updateProduct: `mutation($id: ID!, $i: UpdateProductInput!) { updateProduct(id: $id, input: $i) { price } }`,
};

type Action =
  | { kind: 'read'; read: keyof typeof READS; who: string; store: number; product: number; search: string }
  | { kind: 'report'; who: string; store: number | null; product: number }
  | { kind: 'sell'; store: number; product: number; quantity: number }
  | { kind: 'return' }
  | { kind: 'adjust'; who: 'manager1' | 'admin'; store: number; product: number; delta: number }
  | { kind: 'replenish'; store: number; product: number; quantity: number; approve: boolean }
  | { kind: 'product'; product: number; cents: number; active: boolean };

const index = (n: number) => fc.integer({ min: 0, max: n - 1 });
const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('read' as const), read: fc.constantFrom(...(Object.keys(READS) as Array<keyof typeof READS>)), who: fc.constantFrom(...IDENTITIES), store: index(3), product: index(6), search: fc.constantFrom('', 'a', 'e') }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('report' as const),
      // Mostly those who see the figures (a stale entry shows only to them), every identity now and then.
      who: fc.oneof({ weight: 3, arbitrary: fc.constantFrom('admin', 'manager1', 'manager3', 'logistics') }, { weight: 1, arbitrary: fc.constantFrom(...IDENTITIES) }),
      store: fc.option(index(3), { nil: null }),
      product: index(6),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('sell' as const), store: index(2), product: index(6), quantity: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'return' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('adjust' as const), who: fc.constantFrom('manager1' as const, 'admin' as const), store: index(1), product: index(6), delta: fc.integer({ min: -3, max: 5 }).filter((d) => d !== 0) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('replenish' as const), store: index(3), product: index(6), quantity: fc.integer({ min: 1, max: 4 }), approve: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('product' as const), product: index(6), cents: fc.integer({ min: 100, max: 9_999 }), active: fc.boolean() }) },
);

const clerkOf = (store: number) => (store === 0 ? identities.clerk1 : identities.clerk2);
const managerOf = (store: number) => (store === 0 ? identities.manager1 : store === 2 ? identities.manager3 : identities.admin);

async function write(a: Exclude<Action, { kind: 'read' | 'report' }>): Promise<void> {
  switch (a.kind) {
    case 'sell': {
      const answer = await ask(RECORD_SALE, { i: saleOf(stores[a.store]!, products[a.product]!, a.quantity) }, clerkOf(a.store));
      const id = (answer.data as { recordSale?: { id: string } } | null)?.recordSale?.id;
      if (id) sales.push({ id, store: a.store });
      return;
    }
    case 'return': {
      const sale = sales.shift();
      if (sale) await ask(WRITES.returnSale, { i: { saleId: sale.id, idempotencyKey: randomUUID() } }, clerkOf(sale.store));
      return;
    }
    case 'adjust':
      await ask(WRITES.adjust, { s: stores[a.store], p: products[a.product], d: a.delta }, identities[a.who]);
      return;
    case 'replenish': {
      const answer = await ask(WRITES.request, { s: stores[a.store], p: products[a.product], q: a.quantity }, managerOf(a.store));
      const id = (answer.data as { requestReplenishment?: { id: string } } | null)?.requestReplenishment?.id;
      if (id) await ask(a.approve ? WRITES.approve : WRITES.reject, { id }, identities.logistics);
      return;
    }
    case 'product':
      await ask(WRITES.updateProduct, { id: products[a.product], i: { price: (a.cents / 100).toFixed(2), active: a.active } }, identities.admin);
  }
}

async function readBothWays(a: Extract<Action, { kind: 'read' }>): Promise<void> {
  const variables = { s: a.read === 'locations' ? undefined : stores[a.store], p: products[a.product], q: a.search };
  const token = identities[a.who];
  const first = await ask(READS[a.read], variables, token);
  const second = await ask(READS[a.read], variables, token); // a hit where the first stored it
  const direct = await ask(READS[a.read], variables, token, { 'x-response-cache': 'bypass' });
  // Only refusals of who asks: never an error of the cache or of Redis.
  const unexpected = [first, second, direct].flatMap((r) => r.errors ?? []).filter((e) => !['FORBIDDEN', 'UNAUTHENTICATED'].includes(e.extensions?.code ?? ''));
  expect(unexpected).toEqual([]);
  expect({ read: a.read, who: a.who, answer: comparable(first) }).toEqual({ read: a.read, who: a.who, answer: comparable(direct) });
  expect({ read: a.read, who: a.who, answer: comparable(second) }).toEqual({ read: a.read, who: a.who, answer: comparable(direct) });
}

/** Events of the outboxes that reporting has not applied yet (every event is recorded as processed, even one it ignores). */
async function eventsNotYetApplied(): Promise<number> {
  const [row] = await fault.sql<{ n: string }>(
    `SELECT count(*) AS n FROM (SELECT id FROM sales."OutboxEvent" UNION ALL SELECT id FROM inventory."OutboxEvent") AS o
     WHERE NOT EXISTS (SELECT 1 FROM reporting."ProcessedEvent" p WHERE p."eventId" = o.id)`,
  );
  return Number(row!.n);
}

/**
 * A reporting read with and without the cache, once the read model has
 * applied every event of the writes that answered. Reporting bumps its tags
 * just after it commits an event (as for its own cache): the two may differ
 * for that moment, so they are compared until equal, for 2 s at most (the
 * contract's eventual bound). A stale entry whose tags were not bumped, or
 * an entry of another scope, stays different and fails.
 */
async function readReportBothWays(a: Extract<Action, { kind: 'report' }>, read: keyof typeof REPORT_READS): Promise<void> {
  // Alert pages without a store: every store's (head office, logistics) or the manager's own.
  const variables = { s: a.store === null ? (read === 'storeRevenue' ? stores[0] : undefined) : stores[a.store], p: products[a.product], ...window };
  const token = identities[a.who];
  await waitFor(eventsNotYetApplied, (n) => n === 0, 'reporting to apply the events of the writes that answered', 60_000);
  const pair = async () => {
    const cached = await ask(REPORT_READS[read], variables, token);
    const direct = await ask(REPORT_READS[read], variables, token, { 'x-response-cache': 'bypass' });
    return { cached, direct };
  };
  const deadline = Date.now() + 2_000;
  let { cached, direct } = await pair();
  while (!isDeepStrictEqual(comparable(cached), comparable(direct)) && Date.now() < deadline) {
    await sleep(100);
    ({ cached, direct } = await pair());
  }
  const unexpected = [cached, direct].flatMap((r) => r.errors ?? []).filter((e) => !['FORBIDDEN', 'UNAUTHENTICATED'].includes(e.extensions?.code ?? ''));
  expect(unexpected).toEqual([]);
  expect({ read, who: a.who, answer: comparable(cached) }).toEqual({ read, who: a.who, answer: comparable(direct) });
  const again = await ask(REPORT_READS[read], variables, token); // a hit where the first stored it
  expect({ read, who: a.who, answer: comparable(again) }).toEqual({ read, who: a.who, answer: comparable(direct) });
}

async function run(a: Action): Promise<void> {
  if (a.kind === 'read') await readBothWays(a);
  // Every report read of that identity: one written between two of them shows any stale entry.
  else if (a.kind === 'report') for (const read of Object.keys(REPORT_READS) as Array<keyof typeof REPORT_READS>) await readReportBothWays(a, read);
  else await write(a);
}

describe('response cache: differential against the same system without it', () => {
  it('when a store stock page is asked again once stored, then it is served whole from the cache (debug header), equal to the subgraphs\' answer, for another identity too', async () => {
    const debug = { 'x-response-cache-debug': '1' };
    // The very first read gives the tags their first versions (the subgraphs' query caches number them while it is
    // under way, so it is not stored: it might predate a write); the second is stored, each fetch and the whole answer.
    await ask(READS.storeStock, { s: warehouseId }, undefined, debug);
    const stored = await ask(READS.storeStock, { s: warehouseId }, undefined, debug);
    expect(stored.extensions?.responseCache?.map((f) => f.outcome)).toEqual(['miss', 'miss']);
    // Asked again until whole: right after start-up a store operation may outlast RESPONSE_CACHE_TIMEOUT_MS (then bypassed).
    const again = await waitFor(
      () => ask(READS.storeStock, { s: warehouseId }, identities.clerk1, debug),
      (a) => a.extensions?.responseCache?.[0]?.subgraph === '*',
      'the store stock page served whole from the cache',
      5_000,
    );
    expect(again.extensions?.responseCache).toEqual([{ subgraph: '*', outcome: 'hit' }]);
    const direct = await ask(READS.storeStock, { s: warehouseId }, undefined, { 'x-response-cache': 'bypass' });
    expect(comparable(again)).toEqual(comparable(direct));
    // The same page in another operation's text: not the stored whole answer, but each fetch's entry.
    const fetches = await ask(`${READS.storeStock} `, { s: warehouseId }, identities.clerk1, debug);
    expect(fetches.extensions?.responseCache).toEqual([
      { subgraph: 'inventory', outcome: 'hit' },
      { subgraph: 'catalog', outcome: 'hit' },
    ]);
    expect(comparable(fetches)).toEqual(comparable(direct));
  });

  it('when a user asks for their own account again, then it is served from the cache to that user only: every other identity gets its own', async () => {
    const debug = { 'x-response-cache-debug': '1' };
    const me = (who: string) => ask(READS.me, {}, identities[who], debug);
    const idOf = (a: Answer) => (a.data as { me: { id: string } | null }).me?.id ?? null;
    for (let i = 0; i < 2; i++) await me('customer');
    const hit = await waitFor(() => me('customer'), (a) => a.extensions?.responseCache?.[0]?.outcome === 'hit', 'the customer\'s account served from the cache', 5_000);
    expect(comparable(hit)).toEqual(comparable(await ask(READS.me, {}, identities.customer, { 'x-response-cache': 'bypass' })));
    const ids = new Set([idOf(hit)]);
    for (const who of ['clerk1', 'clerk2', 'manager1', 'admin']) {
      const other = await me(who);
      expect({ who, served: other.extensions?.responseCache?.[0]?.outcome }).not.toEqual({ who, served: 'hit' });
      ids.add(idOf(other));
    }
    expect(ids.size).toBe(5);
    // Anonymous callers have no account, and nothing of anyone's is served to them.
    expect((await me('anonymous')).data).toEqual({ me: null });
  });

  it('when head office\'s dashboard and alert pages are asked again, then they come from the cache (reporting\'s part and inventory\'s stock facts), and no other role or store is served them', async () => {
    const debug = { 'x-response-cache-debug': '1' };
    await waitFor(eventsNotYetApplied, (n) => n === 0, 'reporting to apply the demo data\'s events', 60_000);
    // A whole answer from the cache ('*') serves every subgraph's part.
    const outcomeOf = (subgraph: string) => (a: Answer) => a.extensions?.responseCache?.find((f) => f.subgraph === subgraph || f.subgraph === '*')?.outcome;
    const reportingOutcome = outcomeOf('reporting');
    // The first read numbers the tags (not stored: it might predate an event), the second is stored.
    await ask(REPORT_READS.dashboard, {}, identities.admin, debug);
    await ask(REPORT_READS.dashboard, {}, identities.admin, debug);
    const hit = await ask(REPORT_READS.dashboard, {}, identities.admin, debug);
    expect(reportingOutcome(hit)).toBe('hit');
    // Its stock facts too: inventory's StoreIndicators, tagged by the store's location.
    expect(outcomeOf('inventory')(hit)).toBe('hit');
    expect(comparable(hit)).toEqual(comparable(await ask(REPORT_READS.dashboard, {}, identities.admin, { 'x-response-cache': 'bypass' })));
    for (const who of ['manager1', 'clerk1', 'logistics', 'customer', 'anonymous']) {
      const refused = await ask(REPORT_READS.dashboard, {}, identities[who], debug);
      expect({ who, data: refused.data ?? null, codes: refused.errors?.map((e) => e.extensions?.code) }).toEqual({ who, data: null, codes: [who === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN'] });
    }

    const page = (who: string) => ask(REPORT_READS.alerts, {}, identities[who], debug);
    for (const who of ['admin', 'manager1', 'manager3']) await page(who), await page(who);
    const [all, own1, own3] = await Promise.all([page('admin'), page('manager1'), page('manager3')]);
    expect([all, own1, own3].map(reportingOutcome)).toEqual(['hit', 'hit', 'hit']);
    const storesOf = (a: Answer) => new Set((a.data as { stockAlertConnection: { edges: Array<{ node: { store: { id: string } } }> } }).stockAlertConnection.edges.map((e) => e.node.store.id));
    expect([...storesOf(own1)].every((id) => id === stores[0])).toBe(true);
    expect([...storesOf(own3)].every((id) => id === stores[2])).toBe(true);
    for (const [who, answer] of [['admin', all], ['manager1', own1], ['manager3', own3]] as const) {
      expect({ who, answer: comparable(answer) }).toEqual({ who, answer: comparable(await ask(REPORT_READS.alerts, {}, identities[who], { 'x-response-cache': 'bypass' })) });
    }
  });

  it('when the web app\'s dashboard page is asked again, then every fetch of it is served from the cache (entities asked for in several places too)', async () => {
    const debug = { 'x-response-cache-debug': '1' };
    await waitFor(eventsNotYetApplied, (n) => n === 0, 'reporting to apply the demo data\'s events', 60_000);
    for (let i = 0; i < 2; i++) await ask(WEB_DASHBOARD, {}, identities.admin, debug);
    const warm = await ask(WEB_DASHBOARD, {}, identities.admin, debug);
    expect(warm.extensions?.responseCache?.filter((f) => f.outcome !== 'hit')).toEqual([]);
    expect(comparable(warm)).toEqual(comparable(await ask(WEB_DASHBOARD, {}, identities.admin, { 'x-response-cache': 'bypass' })));
  });

  it('when a level of a store crosses the low-stock threshold after the dashboard was cached, then the next dashboard shows it (the stock write bumped the store\'s tag before it answered)', async () => {
    const debug = { 'x-response-cache-debug': '1' };
    const STOCK = `query($p: ID!, $s: ID!) { product(id: $p) { stock(storeId: $s) { quantity } } }`;
    const quantity = async () => ((await ask(STOCK, { p: products[5], s: stores[1] }, identities.admin)).data as { product: { stock: { quantity: number } } }).product.stock.quantity;
    const stockOutsOf = (a: Answer) =>
      (a.data as { dashboard: { stores: Array<{ store: { id: string }; stockOutCount: number }> } }).dashboard.stores.find((s) => s.store.id === stores[1])!.stockOutCount;
    await ask(REPORT_READS.dashboard, {}, identities.admin, debug);
    await ask(REPORT_READS.dashboard, {}, identities.admin, debug);
    const before = await ask(REPORT_READS.dashboard, {}, identities.admin, debug);
    expect(before.extensions?.responseCache?.find((f) => f.subgraph === 'inventory' || f.subgraph === '*')?.outcome).toBe('hit');
    const q = await quantity();
    // Into the low-stock range, or far out of it: either way the store's count of stock-outs changes.
    const delta = q > 5 ? 2 - q : 50;
    expect((await ask(WRITES.adjust, { s: stores[1], p: products[5], d: delta }, identities.admin)).errors).toBeUndefined();
    const after = await ask(REPORT_READS.dashboard, {}, identities.admin, debug);
    expect(stockOutsOf(after)).toBe(stockOutsOf(before) + (q > 5 ? 1 : -1));
    expect(comparable(after)).toEqual(comparable(await ask(REPORT_READS.dashboard, {}, identities.admin, { 'x-response-cache': 'bypass' })));
  });

  it('when writes of every role and reads of random identities interleave, then every answer with the cache equals the answer without it', async () => {
    const seed = Number(process.env.RESPONSE_CACHE_SEED ?? Date.now() % 2_147_483_647);
    const hitsBefore = await fault.routerMetric('response_cache_operations_total', { outcome: 'hit' });
    const wholeHitsBefore = await fault.routerMetric('response_cache_operations_total', { outcome: 'hit', type: 'operation' });
    const reportHitsBefore = await fault.routerMetric('response_cache_operations_total', { subgraph: 'reporting', type: 'Query', outcome: 'hit' });
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 15, maxLength: 30 }), async (actions) => {
        for (const a of actions) await run(a);
      }),
      { numRuns: 6, seed, endOnFailure: true },
    ).catch((error: unknown) => {
      throw new Error(`differential test failed; replay with RESPONSE_CACHE_SEED=${seed}\n${String(error)}`);
    });
    // Not vacuous: the cache did serve answers.
    expect(await fault.routerMetric('response_cache_operations_total', { outcome: 'hit' })).toBeGreaterThan(hitsBefore);
    // …whole answers among them: the second read of a pair is answered whole where the first stored it.
    expect(await fault.routerMetric('response_cache_operations_total', { outcome: 'hit', type: 'operation' })).toBeGreaterThan(wholeHitsBefore);
    expect(await fault.routerMetric('response_cache_operations_total', { subgraph: 'reporting', type: 'Query', outcome: 'hit' })).toBeGreaterThan(reportHitsBefore);
  });

  it('when an operator invalidates by tag or by type and key with an HQ_ADMIN token, then those entries are asked again; other callers and bad bodies are refused and change nothing', async () => {
    const debug = { 'x-response-cache-debug': '1' };
    const outcomes = async () => (await ask(READS.storeStock, { s: warehouseId }, undefined, debug)).extensions?.responseCache?.map((f) => f.outcome);
    await outcomes();
    await outcomes();
    expect(await outcomes()).toEqual(['hit']); // whole
    const invalidate = (body: unknown, token?: string) =>
      fetch(new URL('/cache/invalidate', fault.routerUrl), { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
    const codeOf = async (res: Response) => ({ status: res.status, code: ((await res.json()) as { errors?: Array<{ extensions: { code: string } }> }).errors?.[0]?.extensions.code });
    expect(await codeOf(await invalidate({ tags: ['stock:locations'] }))).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
    expect(await codeOf(await invalidate({ tags: ['stock:locations'] }, identities.manager1))).toEqual({ status: 403, code: 'FORBIDDEN' });
    expect(await codeOf(await invalidate({ tags: ['has space'] }, identities.admin))).toEqual({ status: 400, code: 'BAD_USER_INPUT' });
    expect(await codeOf(await invalidate({}, identities.admin))).toEqual({ status: 400, code: 'BAD_USER_INPUT' });
    expect(await outcomes()).toEqual(['hit']);

    const byTag = await invalidate({ tags: [`stock:location:${warehouseId.toLowerCase()}`] }, identities.admin);
    expect(await byTag.json()).toEqual({ enabled: true, invalidated: 1 });
    expect(await outcomes()).toEqual(['miss', 'hit']);
    expect(await outcomes()).toEqual(['hit']);

    const page = await ask(READS.storeStock, { s: warehouseId }, undefined);
    const first = (page.data as { store: { stock: { edges: Array<{ node: { product: { id: string } } }> } } }).store.stock.edges[0]!.node.product.id;
    expect((await invalidate({ entities: [{ type: 'Product', key: { id: first } }] }, identities.admin)).status).toBe(200);
    expect(await outcomes()).toEqual(['hit', 'partial']);
  });

  it('when Redis stops and starts again while reads and writes go on, then no read fails for it and none is stale, and the cache serves again', async () => {
    const seed = Number(process.env.RESPONSE_CACHE_SEED ?? Date.now() % 2_147_483_647);
    const runAll = async (actions: Action[]) => {
      for (const a of actions) await run(a);
    };
    // With Redis stopped, no event reaches reporting: its reads wait for Redis to come back.
    const storeActions = fc.array(action.filter((a) => a.kind !== 'report'), { minLength: 12, maxLength: 12 });
    const [before, after] = fc.sample(fc.array(action, { minLength: 12, maxLength: 12 }), { numRuns: 2, seed });
    const [during] = fc.sample(storeActions, { numRuns: 1, seed });
    try {
      await runAll(before!);
      await fault.redis!.stop();
      await runAll(during!);
      await fault.redis!.start();
      await runAll(after!);
    } catch (error) {
      throw new Error(`failed with Redis stopped and started; replay with RESPONSE_CACHE_SEED=${seed}\n${String(error)}`);
    }
    const debug = { 'x-response-cache-debug': '1' };
    await waitFor(
      async () => (await ask(READS.storeStock, { s: warehouseId }, undefined, debug)).extensions?.responseCache?.[0]?.outcome,
      (outcome) => outcome === 'hit',
      'the store stock page served from the cache again once Redis is back',
    );
  });
});
