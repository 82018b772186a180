import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freeServicePorts } from './ports.js';
import { composedSubgraphs } from '../../supergraph/subgraph-list.js';
import { demoProducts, demoSalesHistory, demoStores } from '../demo/demo-dataset.js';
import { startSystem, type RunningSystem } from './start-system.js';

/**
 * The embedded default as `npm start` runs it without REDIS_URL: every
 * subgraph in its own process, the event bus hosted by the launcher (local
 * socket), an in-process LRU cache in each process. (The e2e suite runs
 * against Redis when the machine has one; this proves the other way.)
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
      ...(await freeServicePorts()),
    },
    stdio: 'ignore',
  });
}, 180_000);
afterAll(async () => {
  await system?.stop();
});

async function gql(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<any> {
  const res = await fetch(system.routerUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: any; errors?: unknown[] };
  if (body.errors?.length) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

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
});
