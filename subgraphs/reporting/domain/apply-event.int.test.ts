import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { settings } from '../test-support/settings.js';
import { disconnectReportingDb, reportingDb } from '../data-access/reporting-database.js';
import { findStockAlerts } from '../data-access/stock-alert.repository.js';
import { saleRecorded, saleReturned, stockChanged } from '../test-support/events.js';
import { applyEvent, applyEvents } from './apply-event.use-case.js';
import { computeSalesReport } from './get-sales-report.use-case.js';
import { topProductsOfStores } from './store-top-products.js';

afterAll(disconnectReportingDb);

const newStore = () => randomUUID();
const P1 = randomUUID();
const P2 = randomUUID();
const hour = (h: number) => new Date(Date.UTC(2026, 9, 10, h));
const window = { from: hour(0), to: hour(24) };
const ALL = { limit: 100 };

/** A store's row of the day's report, with its best sellers. */
async function storeFigures(storeId: string) {
  const report = await computeSalesReport(window.from, window.to, settings.timeZone);
  const top = await topProductsOfStores(report.window, [storeId], 10);
  const row = report.stores.find((s) => s.storeId === storeId);
  return row && { ...row, products: top.get(storeId) };
}

describe('applying events to the read model', () => {
  it('when the same SaleRecorded is delivered twice, then once more five times at once, then it counts once', async () => {
    const store = newStore();
    const sale = saleRecorded({ storeId: store, occurredAt: hour(9), lines: [{ productId: P1, quantity: 2, unitPrice: '3.10' }] });
    expect(await applyEvent(sale, settings)).toEqual({ sales: { storeId: store, productIds: [P1], day: '2026-10-10', utcDay: '2026-10-10' } });
    expect(await applyEvent(sale, settings)).toBeNull();
    expect(await Promise.all(Array.from({ length: 5 }, () => applyEvent(sale, settings)))).toEqual([null, null, null, null, null]);
    expect(await storeFigures(store)).toMatchObject({ revenue: '6.20', saleCount: 1, unitsSold: 2 });
    expect(await reportingDb().processedEvent.count({ where: { eventId: sale.id } })).toBe(1);
  });

  it('when a sale is partly returned, then revenue and units are net of the return while the sale still counts once', async () => {
    const store = newStore();
    const sale = saleRecorded({ storeId: store, occurredAt: hour(10), lines: [{ productId: P1, quantity: 3, unitPrice: '2.50' }, { productId: P2, quantity: 1, unitPrice: '9.99' }] });
    await applyEvent(sale, settings);
    await applyEvent(saleReturned(sale, hour(11), [{ productId: P1, quantity: 2 }]), settings);
    expect(await storeFigures(store)).toMatchObject({
      revenue: '12.49',
      saleCount: 1,
      unitsSold: 2,
      products: [
        { productId: P1, unitsSold: 1, revenue: '2.50' },
        { productId: P2, unitsSold: 1, revenue: '9.99' },
      ].sort((a, b) => b.unitsSold - a.unitsSold || Number(b.revenue) - Number(a.revenue)),
    });
  });

  it('when a store falls to the threshold, then one alert is raised; lower quantities update it; restocking above resolves it; falling again raises a new one', async () => {
    const store = newStore();
    const product = randomUUID();
    const level = (quantity: number, sequence: number) => applyEvent(stockChanged({ storeId: store, productId: product, quantity, sequence }), settings);
    await level(20, 1);
    expect(await findStockAlerts({ storeId: store, includeResolved: true }, ALL)).toEqual([]);
    await level(5, 2);
    await level(3, 3);
    const open = await findStockAlerts({ storeId: store, includeResolved: false }, ALL);
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ productId: product, quantity: 3, threshold: 5, resolvedAt: null });
    await level(6, 4);
    expect(await findStockAlerts({ storeId: store, includeResolved: false }, ALL)).toEqual([]);
    expect((await findStockAlerts({ storeId: store, includeResolved: true }, ALL))[0]!.resolvedAt).toBeInstanceOf(Date);
    await level(1, 5);
    const all = await findStockAlerts({ storeId: store, includeResolved: true }, ALL);
    expect(all).toHaveLength(2);
    expect(all.filter((a) => a.resolvedAt === null)).toMatchObject([{ quantity: 1 }]);
  });

  it('when an older StockChanged arrives after a newer one, then it changes neither the quantity nor the alerts', async () => {
    const store = newStore();
    const product = randomUUID();
    await applyEvent(stockChanged({ storeId: store, productId: product, quantity: 50, sequence: 20 }), settings);
    expect(await applyEvent(stockChanged({ storeId: store, productId: product, quantity: 2, sequence: 19 }), settings)).toEqual({});
    expect(await findStockAlerts({ storeId: store, includeResolved: true }, ALL)).toEqual([]);
    expect((await reportingDb().stockFact.findUnique({ where: { storeId_productId: { storeId: store, productId: product } } }))?.quantity).toBe(50);
  });

  it('when the warehouse runs low, then no store alert is raised', async () => {
    const warehouse = newStore();
    await applyEvent(stockChanged({ storeId: warehouse, productId: P1, quantity: 0, warehouse: true }), settings);
    expect(await findStockAlerts({ storeId: warehouse, includeResolved: true }, ALL)).toEqual([]);
  });

  it('when many stock changes of one level are applied at once in any order, then the last known quantity is the newest and at most one alert is open', async () => {
    const store = newStore();
    const product = randomUUID();
    const quantities = [30, 4, 8, 2, 12, 0, 7, 3, 9, 1];
    const events = quantities.map((quantity, i) => stockChanged({ storeId: store, productId: product, quantity, sequence: i + 1 }));
    await Promise.all([...events].reverse().map((e) => applyEvent(e, settings)));
    expect((await reportingDb().stockFact.findUnique({ where: { storeId_productId: { storeId: store, productId: product } } }))?.quantity).toBe(1);
    expect(await findStockAlerts({ storeId: store, includeResolved: false }, ALL)).toMatchObject([{ quantity: 1 }]);
  });

  it('when one batch carries a level falling, recovering and falling again, and a second batch lowers it, then the alerts are those of applying them one by one', async () => {
    const store = newStore();
    const product = randomUUID();
    const level = (quantity: number, sequence: number) => stockChanged({ storeId: store, productId: product, quantity, sequence });
    const applied = await applyEvents([level(20, 1), level(4, 2), level(2, 3), level(9, 4), level(1, 5)], settings);
    expect(applied.map((a) => a.change.alertRaised ?? false)).toEqual([false, true, false, false, true]);
    await applyEvents([level(0, 6), saleRecorded({ storeId: store, occurredAt: new Date(), lines: [{ productId: product, quantity: 1, unitPrice: '2.00' }] })], settings);
    const alerts = await findStockAlerts({ storeId: store, includeResolved: true }, ALL);
    expect(alerts.map((a) => ({ quantity: a.quantity, open: a.resolvedAt === null })).sort((a, b) => a.quantity - b.quantity)).toEqual([
      { quantity: 0, open: true },
      { quantity: 2, open: false },
    ]);
  });
});
