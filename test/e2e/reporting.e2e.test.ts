import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { demoSalesHistory } from '../../demo/demo-dataset.js';
import { product, storeId } from '../support/demo.js';
import { errorCode, gql, gqlOk, login } from '../support/graphql-client.js';
import { quantity, setQuantity } from '../support/stock-levels.js';

// Products 30–39 belong to this file.
const RECORD = `mutation($i: RecordSaleInput!) { recordSale(input: $i) { id total createdAt lines { quantity unitPrice lineTotal product { id } } } }`;
const RETURN = `mutation($i: ReturnSaleInput!) { returnSale(input: $i) { id refund createdAt } }`;
const REPORT = `query($from: DateTime!, $to: DateTime!) {
  salesReport(from: $from, to: $to) {
    from to generatedAt totalRevenue saleCount
    stores { store { id code } revenue saleCount unitsSold remainingStock topProducts(limit: 100) { product { id } unitsSold revenue } }
    topProducts(limit: 100) { product { id name } unitsSold revenue }
  }
}`;

const cents = (amount: string) => {
  const [whole, fraction = ''] = amount.replace('-', '').split('.');
  const value = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  return amount.startsWith('-') ? -value : value;
};



/** Polls until `check` passes (it throws otherwise); returns how long that took. */
async function eventually(check: () => Promise<void>, timeoutMs = 10_000): Promise<number> {
  const started = Date.now();
  for (;;) {
    try {
      await check();
      return Date.now() - started;
    } catch (error) {
      if (Date.now() - started > timeoutMs) throw error;
      await sleep(50);
    }
  }
}

const report = async (from: Date, to: Date) => (await gqlOk(REPORT, { from: from.toISOString(), to: to.toISOString() }, await login('admin@retail.test'))).salesReport;

describe('reports from the event-fed read model', () => {
  it('when the system has just started, then the 14 days of demo history are in the report and on the dashboard', async () => {
    const admin = await login('admin@retail.test');
    const now = new Date();
    const from = new Date(now.getTime() - 15 * 86_400_000);
    const history = demoSalesHistory(now);
    await eventually(async () => {
      const data = await report(from, now);
      expect(data.saleCount).toBeGreaterThanOrEqual(history.length * 0.9);
    }, 60_000);
    const data = await report(from, now);
    expect(cents(data.totalRevenue)).toBeGreaterThan(0);
    expect(data.stores.map((s: any) => s.store.code).sort()).toEqual(['STORE-1', 'STORE-2', 'STORE-3', 'STORE-4', 'STORE-5']);
    expect(data.stores.reduce((n: number, s: any) => n + s.saleCount, 0)).toBe(data.saleCount);
    expect(data.stores.reduce((n: number, s: any) => n + cents(s.revenue), 0)).toBe(cents(data.totalRevenue));
    expect(data.topProducts.length).toBeGreaterThan(10);

    const dashboard = (
      await gqlOk(`{ dashboard { generatedAt revenueDays(days: 14) stores { store { code } revenueToday revenueLast7Days dailyRevenue(days: 14) { date revenue } revenueByDay(days: 14) } } }`, {}, admin)
    ).dashboard;
    expect(dashboard.stores).toHaveLength(5);
    for (const store of dashboard.stores) {
      expect(store.dailyRevenue).toHaveLength(14);
      expect(store.dailyRevenue.filter((d: any) => cents(d.revenue) > 0).length).toBeGreaterThan(5);
      expect(cents(store.revenueLast7Days)).toBeGreaterThan(0);
      // The same series as lists: the dates once, each store's amounts in their order.
      expect(dashboard.revenueDays).toEqual(store.dailyRevenue.map((d: any) => d.date));
      expect(store.revenueByDay).toEqual(store.dailyRevenue.map((d: any) => d.revenue));
    }
  });

  it('when a sale and then a return go through the router, then the report, the dashboard, Store.revenue and Product.unitsSold reflect each within 2 seconds', async () => {
    const p = product(30);
    const clerk = await login('clerk3@retail.test');
    const admin = await login('admin@retail.test');
    await setQuantity(p.id, storeId(3), 50);
    const from = new Date(Date.now() - 60_000);
    const to = new Date(Date.now() + 3_600_000);
    const READ = `query($s: ID!, $p: ID!, $from: DateTime!, $to: DateTime!) {
      salesReport(from: $from, to: $to) { totalRevenue }
      dashboard { stores { store { id } revenueToday } }
      store(id: $s) { revenue(from: $from, to: $to) }
      product(id: $p) { unitsSold(from: $from, to: $to) }
    }`;
    const read = async () => {
      const data = await gqlOk(READ, { s: storeId(3), p: p.id, from: from.toISOString(), to: to.toISOString() }, admin);
      return {
        total: cents(data.salesReport.totalRevenue),
        today: cents(data.dashboard.stores.find((s: any) => s.store.id === storeId(3)).revenueToday),
        store: cents(data.store.revenue),
        units: data.product.unitsSold,
      };
    };
    const before = await read();

    const { recordSale: sale } = await gqlOk(RECORD, { i: { storeId: storeId(3), lines: [{ productId: p.id, quantity: 4 }] } }, clerk);
    const afterSale = await eventually(async () => {
      expect(await read()).toEqual({ total: before.total + cents(sale.total), today: before.today + cents(sale.total), store: before.store + cents(sale.total), units: before.units + 4 });
    });
    expect(afterSale).toBeLessThan(2_000);

    const { returnSale: ret } = await gqlOk(RETURN, { i: { saleId: sale.id, lines: [{ productId: p.id, quantity: 1 }] } }, clerk);
    const net = cents(sale.total) - cents(ret.refund);
    const afterReturn = await eventually(async () => {
      expect(await read()).toEqual({ total: before.total + net, today: before.today + net, store: before.store + net, units: before.units + 3 });
    });
    expect(afterReturn).toBeLessThan(2_000);
  });

  it('when random sales and partial returns are made at every store, then the report equals the sum of the sales minus the returns', async () => {
    const products = [31, 32, 33, 34, 35].map(product);
    for (const n of [1, 2, 3, 4, 5] as const) for (const p of products) await setQuantity(p.id, storeId(n), 200);
    const from = new Date();
    let seed = 4242;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const expected = { revenue: 0, sales: 0, perStore: new Map<string, { revenue: number; units: number; sales: number }>(), units: new Map<string, number>() };
    const of = (store: string) => {
      if (!expected.perStore.has(store)) expected.perStore.set(store, { revenue: 0, units: 0, sales: 0 });
      return expected.perStore.get(store)!;
    };
    const add = (store: string, productId: string, units: number, amount: number) => {
      of(store).revenue += amount;
      of(store).units += units;
      expected.units.set(productId, (expected.units.get(productId) ?? 0) + units);
      expected.revenue += amount;
    };
    for (let i = 0; i < 25; i++) {
      const n = (1 + Math.floor(random() * 5)) as 1 | 2 | 3 | 4 | 5;
      const clerk = await login(`clerk${n}@retail.test`);
      const picked = [...new Set(Array.from({ length: 1 + Math.floor(random() * 3) }, () => products[Math.floor(random() * products.length)]!))];
      const lines = picked.map((p) => ({ productId: p.id, quantity: 1 + Math.floor(random() * 4) }));
      const { recordSale: sale } = await gqlOk(RECORD, { i: { storeId: storeId(n), lines } }, clerk);
      for (const line of sale.lines) add(storeId(n), line.product.id, line.quantity, cents(line.lineTotal));
      expected.sales += 1;
      of(storeId(n)).sales += 1;
      if (random() < 0.4) {
        const line = sale.lines[Math.floor(random() * sale.lines.length)];
        const back = 1 + Math.floor(random() * line.quantity);
        const { returnSale: ret } = await gqlOk(RETURN, { i: { saleId: sale.id, lines: [{ productId: line.product.id, quantity: back }] } }, clerk);
        expect(cents(ret.refund)).toBe(cents(line.unitPrice) * back);
        add(storeId(n), line.product.id, -back, -cents(ret.refund));
      }
    }
    const to = new Date(Date.now() + 1_000);

    await eventually(async () => {
      const data = await report(from, to);
      expect({ total: cents(data.totalRevenue), sales: data.saleCount }).toEqual({ total: expected.revenue, sales: expected.sales });
      for (const store of data.stores) {
        const want = expected.perStore.get(store.store.id) ?? { revenue: 0, units: 0, sales: 0 };
        expect({ code: store.store.code, revenue: cents(store.revenue), units: store.unitsSold, sales: store.saleCount }).toEqual({ code: store.store.code, ...want });
      }
      const byProduct = new Map(data.topProducts.map((t: any) => [t.product.id, t.unitsSold]));
      for (const [productId, units] of expected.units) expect(byProduct.get(productId) ?? 0).toBe(units);
    });

    const admin = await login('admin@retail.test');
    const perStore = await gqlOk(
      `query($from: DateTime!, $to: DateTime!) { stores { id revenue(from: $from, to: $to) } }`,
      { from: from.toISOString(), to: to.toISOString() },
      admin,
    );
    for (const store of perStore.stores) expect(cents(store.revenue)).toBe(expected.perStore.get(store.id)?.revenue ?? 0);
    for (const p of products) {
      const data = await gqlOk(`query($p: ID!, $from: DateTime!, $to: DateTime!) { product(id: $p) { unitsSold(from: $from, to: $to) } }`, { p: p.id, from: from.toISOString(), to: to.toISOString() }, admin);
      expect(data.product.unitsSold).toBe(expected.units.get(p.id) ?? 0);
    }
  });

  it('when a report names its stores, then inventory adds their remaining stock and the dashboard their stock-outs and overstock, counted and the first of them', async () => {
    const admin = await login('admin@retail.test');
    const [low, high] = [product(36), product(37)];
    await setQuantity(low.id, storeId(2), 1);
    await setQuantity(high.id, storeId(2), 150);
    const now = new Date();
    const data = await report(new Date(now.getTime() - 86_400_000), now);
    const store2 = data.stores.find((s: any) => s.store.id === storeId(2));
    const stock = await gqlOk(`query($s: ID!) { store(id: $s) { stock(first: 100) { edges { node { quantity } } } } }`, { s: storeId(2) });
    expect(store2.remainingStock).toBe(stock.store.stock.edges.reduce((n: number, e: any) => n + e.node.quantity, 0));

    // Other files raise products to 1,000 at the stores: the first 100 hold every level of the demo's 67 products.
    const dashboard = await gqlOk(
      `{ dashboard { stores { store { id } stockOutCount overstockCount stockOuts(first: 100) { quantity product { id name } } overstock(first: 100) { quantity product { id } } top: overstock(first: 2) { quantity } } } }`,
      {},
      admin,
    );
    const indicators = dashboard.dashboard.stores.find((s: any) => s.store.id === storeId(2));
    expect(indicators.stockOuts).toContainEqual({ quantity: 1, product: { id: low.id, name: low.name } });
    expect(indicators.stockOuts.every((l: any) => l.quantity <= 5)).toBe(true);
    expect(indicators.overstock).toContainEqual({ quantity: 150, product: { id: high.id } });
    expect(indicators.overstock.every((l: any) => l.quantity >= 100)).toBe(true);
    expect([indicators.stockOutCount, indicators.overstockCount]).toEqual([indicators.stockOuts.length, indicators.overstock.length]);
    expect(indicators.top).toEqual(indicators.overstock.slice(0, 2).map((l: any) => ({ quantity: l.quantity })));
  });

  it('when a store runs low, then one alert is raised for head office, logistics and that store\'s manager, and restocking resolves it', async () => {
    const p = product(38);
    await setQuantity(p.id, storeId(1), 30);
    const ALERTS = `query($s: ID, $r: Boolean) { stockAlerts(storeId: $s, includeResolved: $r) { id quantity threshold raisedAt resolvedAt store { code } product { id name } } }`;
    const alertsOf = async (email: string, s: string | null = storeId(1), includeResolved = false) =>
      (await gqlOk(ALERTS, { s, r: includeResolved }, await login(email))).stockAlerts.filter((a: any) => a.product.id === p.id);

    await setQuantity(p.id, storeId(1), 4);
    await eventually(async () => expect(await alertsOf('admin@retail.test')).toMatchObject([{ quantity: 4, threshold: 5, resolvedAt: null, store: { code: 'STORE-1' }, product: { name: p.name } }]));
    await setQuantity(p.id, storeId(1), 2);
    await eventually(async () => expect(await alertsOf('admin@retail.test')).toMatchObject([{ quantity: 2 }]));
    expect(await alertsOf('logistics@retail.test', null)).toHaveLength(1);
    expect(await alertsOf('manager1@retail.test', null)).toHaveLength(1);

    await setQuantity(p.id, storeId(1), 40);
    await eventually(async () => expect(await alertsOf('admin@retail.test')).toEqual([]));
    const history = await alertsOf('admin@retail.test', storeId(1), true);
    expect(history).toHaveLength(1);
    expect(new Date(history[0].resolvedAt).getTime()).toBeGreaterThanOrEqual(new Date(history[0].raisedAt).getTime());
  });

  it('when callers without the role ask, then reports are UNAUTHENTICATED or FORBIDDEN; bad windows are BAD_USER_INPUT', async () => {
    const window = { from: new Date(Date.now() - 86_400_000).toISOString(), to: new Date().toISOString() };
    const REVENUE = `query($s: ID!, $from: DateTime!, $to: DateTime!) { store(id: $s) { revenue(from: $from, to: $to) } }`;
    expect(errorCode(await gql(REPORT, window))).toBe('UNAUTHENTICATED');
    expect(errorCode(await gql(REPORT, window, await login('clerk1@retail.test')))).toBe('FORBIDDEN');
    expect(errorCode(await gql(`{ dashboard { generatedAt } }`, {}, await login('manager1@retail.test')))).toBe('FORBIDDEN');
    expect(errorCode(await gql(`{ stockAlerts { id } }`, {}, await login('clerk1@retail.test')))).toBe('FORBIDDEN');
    expect(errorCode(await gql(`query($s: ID) { stockAlerts(storeId: $s) { id } }`, { s: storeId(2) }, await login('manager1@retail.test')))).toBe('FORBIDDEN');
    expect((await gqlOk(REVENUE, { s: storeId(1), ...window }, await login('manager1@retail.test'))).store.revenue).toMatch(/^-?\d+\.\d{2}$/);
    expect(errorCode(await gql(REVENUE, { s: storeId(2), ...window }, await login('manager1@retail.test')))).toBe('FORBIDDEN');
    expect(errorCode(await gql(`query($p: ID!, $from: DateTime!, $to: DateTime!) { product(id: $p) { unitsSold(from: $from, to: $to) } }`, { p: product(39).id, ...window }, await login('manager1@retail.test')))).toBe('FORBIDDEN');
    expect(errorCode(await gql(REPORT, { from: window.to, to: window.from }, await login('admin@retail.test')))).toBe('BAD_USER_INPUT');
    expect(errorCode(await gql(`{ dashboard { stores { dailyRevenue(days: 0) { date } } } }`, {}, await login('admin@retail.test')))).toBe('BAD_USER_INPUT');
    expect(errorCode(await gql(`{ dashboard { stores { revenueByDay(days: 0) } } }`, {}, await login('admin@retail.test')))).toBe('BAD_USER_INPUT');
    expect(errorCode(await gql(`{ dashboard { revenueDays(days: 367) } }`, {}, await login('admin@retail.test')))).toBe('BAD_USER_INPUT');
  });
});
