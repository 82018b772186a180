import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freeServicePorts } from './ports.js';
import { composedSubgraphs } from '../../contracts/subgraphs.js';
import { demoProducts, demoSalesHistory, demoStores } from '../../demo/demo-dataset.js';
import { startSystem, type RunningSystem } from './start-system.js';

/**
 * The embedded default as `npm start` runs it without REDIS_URL: every
 * subgraph in its own process, the event bus hosted by the launcher (local
 * socket), an in-process LRU cache in each process and the router's
 * response cache in its memory, tag bumps relayed between them by the
 * launcher. (The e2e suite runs against Redis when the machine has one;
 * this proves the other way.)
 */
let system: RunningSystem;

beforeAll(async () => {
  system = await startSystem({
    subgraphs: composedSubgraphs,
    env: {
      DATABASE_URL: process.env.DATABASE_URL,
      REDIS_URL: '',
      EVENT_BUS: '',
      LOG_LEVEL: 'warn',
      PASSWORD_HASH_COST: '1024',
      SEED_DEMO_DATA: 'true',
      RESPONSE_CACHE_ENABLED: 'true',
      ...(await freeServicePorts()),
    },
    stdio: 'ignore',
  });
}, 180_000);
afterAll(async () => {
  await system?.stop();
});

async function gqlWithExtensions(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<{ data: any; extensions?: any }> {
  const res = await fetch(system.routerUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-response-cache-debug': '1', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: any; errors?: unknown[]; extensions?: any };
  if (body.errors?.length) throw new Error(JSON.stringify(body.errors));
  return { data: body.data, extensions: body.extensions };
}

const gql = async (query: string, variables: Record<string, unknown> = {}, token?: string): Promise<any> => (await gqlWithExtensions(query, variables, token)).data;

const login = async (email: string) => (await gql(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, { e: email, p: email.split('@')[0] })).login.token as string;

describe('embedded default (no Redis)', () => {
  it('when the system starts without Redis, then the demo history reaches the reports, a new sale shows within 2 seconds, and stock reads see their writes', async () => {
    const admin = await login('admin@retail.test');
    const clerk = await login('clerk2@retail.test');
    const REPORT = `query($from: DateTime!, $to: DateTime!) { salesReport(from: $from, to: $to) { saleCount totalRevenue } }`;
    const window = { from: new Date(Date.now() - 15 * 86_400_000).toISOString(), to: new Date(Date.now() + 3_600_000).toISOString() };
    const seeded = demoSalesHistory(new Date()).length;
    let history = 0;
    for (const deadline = Date.now() + 60_000; history < seeded && Date.now() < deadline; await sleep(200)) history = (await gql(REPORT, window, admin)).salesReport.saleCount;
    expect(history).toBe(seeded);

    const store = demoStores[1]!.id;
    const product = demoProducts[64]!;
    const STOCK = `query($s: ID!, $p: ID!) { product(id: $p) { stock(storeId: $s) { quantity } } store(id: $s) { stock(first: 100) { edges { node { quantity product { id } } } } } }`;
    const stock = async () => {
      const data = await gql(STOCK, { s: store, p: product.id });
      return [data.product.stock.quantity, data.store.stock.edges.find((e: any) => e.node.product.id === product.id).node.quantity];
    };
    const [before] = await stock();
    await stock();
    await gql(`mutation($s: ID!, $p: ID!) { adjustStock(storeId: $s, productId: $p, delta: 10, reason: "embedded test") { quantity } }`, { s: store, p: product.id }, admin);
    expect(await stock()).toEqual([before + 10, before + 10]);

    await gql(`mutation($i: RecordSaleInput!) { recordSale(input: $i) { id } }`, { i: { storeId: store, lines: [{ productId: product.id, quantity: 2 }] } }, clerk);
    expect(await stock()).toEqual([before + 8, before + 8]);
    const sold = Date.now();
    let count = history;
    while (count === history && Date.now() - sold < 10_000) {
      count = (await gql(REPORT, window, admin)).salesReport.saleCount;
      if (count === history) await sleep(50);
    }
    expect(count).toBe(history + 1);
    expect(Date.now() - sold).toBeLessThan(2_000);
  });

  it('when the router caches answers without Redis, then repeated reads are served from its memory and a read after a write has answered, by the router or inside a sale, is fresh', async () => {
    const admin = await login('admin@retail.test');
    const clerk = await login('clerk1@retail.test');
    const store = demoStores[0]!.id;
    const product = demoProducts[21]!;
    const STOCK = `query($s: ID!, $p: ID!) { product(id: $p) { name stock(storeId: $s) { quantity } } }`;
    const read = async () => {
      const { data, extensions } = await gqlWithExtensions(STOCK, { s: store, p: product.id });
      return { quantity: data.product.stock.quantity as number, served: (extensions?.responseCache ?? []).map((f: { outcome: string }) => f.outcome) as string[] };
    };
    let first = await read();
    // The router trusts its memory once the launcher's relay has acknowledged its epoch reset (again after any cut-off
    // of a process too busy to acknowledge a bump in time: a loaded machine may see a few).
    let cached = await read();
    for (const deadline = Date.now() + 10_000; !cached.served.includes('hit') && Date.now() < deadline; cached = await read()) await sleep(100);
    expect(cached.served).toContain('hit');
    expect(cached.quantity).toBe(first.quantity);

    await gql(`mutation($s: ID!, $p: ID!) { adjustStock(storeId: $s, productId: $p, delta: 5, reason: "embedded cache") { quantity } }`, { s: store, p: product.id }, admin);
    first = await read();
    expect(first.quantity).toBe(cached.quantity + 5);

    // The sale's stock moves in inventory, called by sales: its bump reaches the router before sales answers.
    await read();
    await gql(`mutation($i: RecordSaleInput!) { recordSale(input: $i) { id } }`, { i: { storeId: store, lines: [{ productId: product.id, quantity: 3 }] } }, clerk);
    expect((await read()).quantity).toBe(cached.quantity + 2);
  });
});
