import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { storeId, warehouseId } from '../support/demo.js';
import { gqlOk, login } from '../support/graphql-client.js';
import { waitFor } from '../support/wait-for.js';
import type { RetailDatabase } from './retail-database.js';
import { KEY_POOL, play, SALE, type Scenario, type World } from './retail-scenario.js';
import { externalMovements, level, revenueByStore, stockChanges, tally, toCents, type Tally } from './retail-tally.js';

/**
 * The invariants of a retail chain after random concurrent work
 * (retail-scenario.ts), checked through the API and in the subgraphs'
 * tables: by the property test against one system and by test/replicas
 * against two processes of everything. The products are the caller's own
 * (setUpWorld), sold at stores 4 and 5, so the demo data other tests rely on
 * is untouched; the report window of a run must hold only its own sales.
 */
export const PRICES = ['2.35', '4.10', '9.99'];
const INITIAL = { store: 25, warehouse: 60 };
const CREATE = `mutation PropertyProduct($i: CreateProductInput!) { createProduct(input: $i) { id price } }`;
const ADJUST = `mutation PropertySetup($s: ID!, $p: ID!, $d: Int!) { adjustStock(storeId: $s, productId: $p, delta: $d, reason: "property test stock") { quantity } }`;

/** Creates the caller's products and gives them stock at stores 4 and 5 and at the warehouse. */
export async function setUpWorld(): Promise<World> {
  const admin = await login('admin@retail.test');
  const tag = randomUUID().slice(0, 8);
  const products: Array<{ id: string; price: string }> = [];
  for (const [n, price] of PRICES.entries()) {
    const { createProduct } = await gqlOk(CREATE, { i: { sku: `PROP-${tag}-${n}`, name: `Property test item ${n} ${tag}`, category: 'Property test', price } }, admin);
    products.push(createProduct);
  }
  const world: World = {
    products,
    stores: [storeId(4), storeId(5)],
    warehouse: warehouseId,
    tokens: { tills: [await login('clerk4@retail.test'), await login('clerk5@retail.test')], admin, logistics: await login('logistics@retail.test') },
  };
  for (const p of products) {
    for (const s of [...world.stores, world.warehouse]) await gqlOk(ADJUST, { s, p: p.id, d: s === warehouseId ? INITIAL.warehouse : INITIAL.store }, admin);
  }
  return world;
}

/**
 * The checks of random runs on one world: `catchUp` once before the first
 * run, then `checkRun` per scenario (it remembers every sale and return
 * answered so far: the database must hold exactly these).
 */
export function retailInvariants(world: World, db: RetailDatabase) {
  const locations = [...world.stores, world.warehouse];
  const answeredSales = new Set<string>();
  const answeredReturns = new Set<string>();
  const productIds = () => world.products.map((p) => p.id);

  /** Stock of every level of the file's products, read through the router. */
  async function stockThroughApi(): Promise<Map<string, number>> {
    const fields = locations.map((s, i) => `l${i}: stock(storeId: "${s}") { quantity }`).join(' ');
    const query = `query PropertyStock { ${world.products.map((p, i) => `p${i}: product(id: "${p.id}") { ${fields} }`).join(' ')} }`;
    const data = await gqlOk(query);
    const levels = new Map<string, number>();
    world.products.forEach((p, i) => locations.forEach((s, j) => levels.set(level(s, p.id), data[`p${i}`][`l${j}`].quantity)));
    return levels;
  }

  /** Report figures for [from, to): total, sale count, revenue of the two stores, units of each product. */
  async function reportFigures(from: Date, to: Date) {
    const units = world.products.map((p, i) => `u${i}: product(id: "${p.id}") { unitsSold(from: $from, to: $to) }`).join(' ');
    const revenue = world.stores.map((s, i) => `r${i}: store(id: "${s}") { revenue(from: $from, to: $to) }`).join(' ');
    const query = `query PropertyReport($from: DateTime!, $to: DateTime!) { salesReport(from: $from, to: $to) { totalRevenue saleCount } ${revenue} ${units} }`;
    const data = await gqlOk(query, { from: from.toISOString(), to: to.toISOString() }, world.tokens.admin);
    return {
      total: toCents(data.salesReport.totalRevenue),
      sales: data.salesReport.saleCount,
      stores: world.stores.map((_, i) => toCents(data[`r${i}`].revenue)),
      units: world.products.map((_, i) => data[`u${i}`].unitsSold as number),
    };
  }

  function expectedReport(t: Tally) {
    const revenue = revenueByStore(t);
    return {
      total: [...revenue.values()].reduce((n, r) => n + r, 0),
      sales: t.sales.size,
      stores: world.stores.map((s) => revenue.get(s) ?? 0),
      units: world.products.map((p) => externalMovements(t, p.id).sold - externalMovements(t, p.id).returned),
    };
  }

  function expectStock(t: Tally, before: Map<string, number>, after: Map<string, number>, source: string): void {
    const changes = stockChanges(t, world);
    const expected = new Map([...before].map(([key, quantity]) => [key, quantity + (changes.get(key) ?? 0)]));
    expect({ source, levels: Object.fromEntries(after) }).toEqual({ source, levels: Object.fromEntries(expected) });
    for (const p of world.products) {
      const total = (levels: Map<string, number>) => locations.reduce((n, s) => n + (levels.get(level(s, p.id)) ?? 0), 0);
      const { sold, returned, adjusted } = externalMovements(t, p.id);
      expect({ source, product: p.id, chainWide: total(after) }).toEqual({ source, product: p.id, chainWide: total(before) - sold + returned + adjusted });
    }
  }

  function expectLedgerByKind(t: Tally, before: Map<string, number>, after: Map<string, number>): void {
    const moved = (productId: string, kind: string) => (after.get(`${productId}:${kind}`) ?? 0) - (before.get(`${productId}:${kind}`) ?? 0);
    for (const p of world.products) {
      const { sold, returned, adjusted, replenished } = externalMovements(t, p.id);
      expect({
        product: p.id,
        sales: moved(p.id, 'SALE_RESERVED') + moved(p.id, 'SALE_RELEASED'),
        returns: moved(p.id, 'RETURN_RESTOCKED'),
        adjustments: moved(p.id, 'ADJUSTMENT'),
        out: moved(p.id, 'REPLENISHMENT_OUT'),
        in: moved(p.id, 'REPLENISHMENT_IN'),
      }).toEqual({ product: p.id, sales: 0 - sold, returns: returned, adjustments: adjusted, out: 0 - replenished, in: replenished });
    }
  }

  /** Each sale, return and approved request moved stock exactly once in the ledger; the rest not at all. */
  async function expectEachAppliedOnce(t: Tally): Promise<void> {
    const references = [...t.sales.keys(), ...t.returns.keys(), ...t.requests.keys()];
    const net = new Map<string, number>();
    for (const m of await db.movementsOf(references)) net.set(`${m.reference}:${m.locationId}:${m.productId}`, (net.get(`${m.reference}:${m.locationId}:${m.productId}`) ?? 0) + m.delta);
    const expected = new Map<string, number>();
    for (const sale of t.sales.values()) for (const [p, l] of sale.lines) expected.set(`${sale.id}:${sale.storeId}:${p}`, -l.quantity);
    for (const ret of t.returns.values()) for (const [p, q] of ret.lines) expected.set(`${ret.id}:${t.sales.get(ret.saleId)!.storeId}:${p}`, q);
    for (const id of t.approved) {
      const r = t.requests.get(id)!;
      expected.set(`${id}:${world.warehouse}:${r.productId}`, -r.quantity);
      expected.set(`${id}:${r.storeId}:${r.productId}`, r.quantity);
    }
    const nonZero = (m: Map<string, number>) => Object.fromEntries([...m].filter(([, v]) => v !== 0).sort());
    expect(nonZero(net)).toEqual(nonZero(expected));
  }

  /** Idempotency keys: one saga or return per key in the database, and it is the one every answer named. */
  async function expectKeysHeldOnce(t: Tally, runId: string): Promise<void> {
    const keys = [...Array(KEY_POOL).keys()].flatMap((k) => [`${runId}-sale-${k}`, `${runId}-return-${k}`]);
    const holders = await db.holdersOfKeys(keys);
    for (const key of keys) {
      const rows = holders.filter((h) => h.key === key);
      expect({ key, holders: rows.length }).toEqual({ key, holders: Math.min(rows.length, 1) });
      const answered = [...(t.keys.get(key) ?? [])];
      if (answered.length > 0) expect({ key, id: rows[0]?.id, status: rows[0]?.status }).toEqual({ key, id: answered[0], status: rows[0]?.kind === 'saga' ? 'COMPLETED' : null });
    }
  }

  async function expectSalesRecords(t: Tally): Promise<void> {
    for (const id of t.sales.keys()) answeredSales.add(id);
    for (const id of t.returns.keys()) answeredReturns.add(id);
    const stored = await db.salesOfProducts(productIds());
    expect(new Set(stored.map((s) => s.id))).toEqual(answeredSales);
    expect(new Set(stored.flatMap((s) => s.returnIds))).toEqual(answeredReturns);
    const returned = await db.returnedQuantities([...t.sales.keys()]);
    for (const sale of t.sales.values()) {
      const returns = [...t.returns.values()].filter((r) => r.saleId === sale.id);
      const refunded = returns.reduce((n, r) => n + r.refund, 0);
      expect({ sale: sale.id, refunded: toCents(stored.find((s) => s.id === sale.id)!.refundedTotal) }).toEqual({ sale: sale.id, refunded });
      for (const p of sale.lines.keys()) {
        const back = returns.reduce((n, r) => n + (r.lines.get(p) ?? 0), 0);
        expect({ sale: sale.id, product: p, returned: returned.get(`${sale.id}:${p}`) }).toEqual({ sale: sale.id, product: p, returned: back });
      }
    }
  }

  async function expectReports(t: Tally, from: Date, to: Date): Promise<void> {
    const want = expectedReport(t);
    // The read model is fed by events: equal within a few seconds (the contract says 2).
    const got = await waitFor(() => reportFigures(from, to), (r) => JSON.stringify(r) === JSON.stringify(want), 'the reports to show the run', 8_000).catch(() => reportFigures(from, to));
    expect(got).toEqual(want);
  }

  async function checkRun(s: Scenario): Promise<void> {
    const runId = randomUUID().slice(0, 8);
    const before = { levels: await db.levels(productIds()), kinds: await db.ledgerByKind(productIds()) };
    const from = new Date();
    const t = tally(await play(world, runId, s), world);
    expect(t.problems).toEqual([]);
    await waitFor(() => db.unsettled(world.stores), (n) => n === 0, 'sagas and restocks to finish', 10_000);

    expect(await db.negativeLevels()).toEqual([]);
    expect(await db.ledgerMismatches()).toEqual([]);
    expectStock(t, before.levels, await db.levels(productIds()), 'database');
    expectStock(t, before.levels, await stockThroughApi(), 'api');
    expectLedgerByKind(t, before.kinds, await db.ledgerByKind(productIds()));
    await expectEachAppliedOnce(t);
    await expectKeysHeldOnce(t, runId);
    await expectSalesRecords(t);
    await expectReports(t, from, new Date(Date.now() + 1_000));
  }

  /** The reporting read model may still be applying the demo history: a sale of the world's own, once reported, shows that what came before is in. */
  async function catchUp(): Promise<void> {
    const { recordSale: probe } = await gqlOk(SALE, { i: { storeId: world.stores[0], lines: [{ productId: world.products[0]!.id, quantity: 1 }] } }, world.tokens.tills[0]);
    answeredSales.add(probe.id);
    const UNITS = `query PropertyUnits($p: ID!, $from: DateTime!, $to: DateTime!) { product(id: $p) { unitsSold(from: $from, to: $to) } }`;
    const window = { from: new Date(Date.now() - 3_600_000).toISOString(), to: new Date(Date.now() + 3_600_000).toISOString() };
    await waitFor(async () => (await gqlOk(UNITS, { p: world.products[0]!.id, ...window }, world.tokens.admin)).product.unitsSold, (units) => units === 1, 'the read model to catch up', 60_000);
  }

  return { catchUp, checkRun };
}
