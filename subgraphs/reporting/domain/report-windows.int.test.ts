import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { settings } from '../test-support/settings.js';
import type { DomainEvent, SaleRecordedPayload, SaleReturnedPayload } from '../../../contracts/domain-events.js';
import { deriveMissingDailyTotals } from '../data-access/daily-totals.repository.js';
import { disconnectReportingDb, reportingSql } from '../data-access/reporting-database.js';
import { windowOf } from '../data-access/sales-facts.repository.js';
import { saleRecorded, saleReturned, stockChanged } from '../test-support/events.js';
import { applyEvents } from './apply-event.use-case.js';
import { computeSalesReport, getTopProducts } from './get-sales-report.use-case.js';
import { topProductsOfStores } from './store-top-products.js';
import { fromCents, toCents } from './money.js';

afterAll(disconnectReportingDb);

/** A few days of sales and returns at two stores, at every hour, so that windows cut days anywhere. */
const day0 = Date.UTC(2026, 5, 1);
const at = (hours: number) => new Date(day0 + hours * 3_600_000);
const stores = [randomUUID(), randomUUID()];
const products = Array.from({ length: 5 }, () => randomUUID());
const prices = ['1.10', '2.25', '3.00', '0.99', '12.40'];

function history(): Array<DomainEvent<'SaleRecorded', SaleRecordedPayload> | DomainEvent<'SaleReturned', SaleReturnedPayload>> {
  const events: Array<DomainEvent<'SaleRecorded', SaleRecordedPayload> | DomainEvent<'SaleReturned', SaleReturnedPayload>> = [];
  for (let h = 0; h < 5 * 24; h += 1) {
    const store = stores[h % 2]!;
    const lines = [0, 1, 2].filter((i) => (h + i) % 3 !== 0).map((i) => ({ productId: products[(h + i) % 5]!, quantity: 1 + ((h * 7 + i) % 4), unitPrice: prices[(h + i) % 5]! }));
    const sale = saleRecorded({ storeId: store, occurredAt: at(h + 0.25), lines });
    events.push(sale);
    if (h % 5 === 0) events.push(saleReturned(sale, at(h + 0.75), [{ productId: lines[0]!.productId, quantity: 1 }]));
  }
  return events;
}

const events = history();

/** What a report over [from, to) must say, counted from the events themselves. */
function expected(from: Date, to: Date) {
  const inWindow = events.filter((e) => new Date(e.payload.occurredAt) >= from && new Date(e.payload.occurredAt) < to);
  const perStore = new Map<string, { revenue: bigint; units: number; sales: number }>();
  const perProduct = new Map<string, { units: number; revenue: bigint }>();
  const perStoreProduct = new Map<string, { units: number; revenue: bigint }>();
  for (const e of inWindow) {
    const sign = e.type === 'SaleRecorded' ? 1 : -1;
    const store = perStore.get(e.payload.storeId) ?? { revenue: 0n, units: 0, sales: 0 };
    if (e.type === 'SaleRecorded') store.sales++;
    for (const line of e.payload.lines) {
      const cents = BigInt(sign) * toCents(line.lineTotal);
      store.revenue += cents;
      store.units += sign * line.quantity;
      for (const [map, key] of [[perProduct, line.productId], [perStoreProduct, `${e.payload.storeId}|${line.productId}`]] as const) {
        const figures = map.get(key) ?? { units: 0, revenue: 0n };
        figures.units += sign * line.quantity;
        figures.revenue += cents;
        map.set(key, figures);
      }
    }
    perStore.set(e.payload.storeId, store);
  }
  const ranked = (entries: Array<[string, { units: number; revenue: bigint }]>) =>
    entries
      .sort(([a, x], [b, y]) => y.units - x.units || (y.revenue > x.revenue ? 1 : y.revenue < x.revenue ? -1 : 0) || (a < b ? -1 : 1))
      .map(([productId, f]) => ({ productId, unitsSold: f.units, revenue: fromCents(f.revenue) }));
  return {
    stores: new Map([...perStore].map(([id, s]) => [id, { revenue: fromCents(s.revenue), unitsSold: s.units, saleCount: s.sales }])),
    top: ranked([...perProduct]),
    topOf: (store: string) => ranked([...perStoreProduct].filter(([k]) => k.startsWith(`${store}|`)).map(([k, f]) => [k.split('|')[1]!, f])),
  };
}

describe('reports over any window, from daily totals and the facts at either end', () => {
  it('when windows start and end anywhere in a day (or inside one day), then totals, sale counts and best sellers equal the events of exactly that window', async () => {
    // Known through their stock, the stores are listed (with zeros) in windows without their sales.
    await applyEvents([...stores.map((storeId) => stockChanged({ storeId, productId: products[0]!, quantity: 50 })), ...events], settings);
    const windows: Array<[number, number]> = [
      [0, 120],
      [5.5, 71.2],
      [23.9, 24.1],
      [10, 11],
      [24, 72],
      [0.3, 119.9],
      [47.75, 96.5],
    ];
    for (const [a, b] of windows) {
      const want = expected(at(a), at(b));
      const report = await computeSalesReport(at(a), at(b), settings.timeZone);
      for (const store of stores) {
        expect({ window: [a, b], store, ...report.stores.find((s) => s.storeId === store) }).toEqual({
          window: [a, b],
          store,
          storeId: store,
          ...(want.stores.get(store) ?? { revenue: '0.00', unitsSold: 0, saleCount: 0 }),
        });
      }
      expect({ window: [a, b], top: await getTopProducts(report.window, 3) }).toEqual({ window: [a, b], top: want.top.slice(0, 3) });
      const perStore = await topProductsOfStores(report.window, stores, 2);
      for (const store of stores) expect({ window: [a, b], store, top: perStore.get(store) }).toEqual({ window: [a, b], store, top: want.topOf(store).slice(0, 2) });
    }
  });

  it('when many products sell alike or a product sells mostly in the part-days, then the best sellers are still exactly those of the window', async () => {
    // 60 products a day at one unit each, on two whole days: the 50th best of each day bounds the rest as high as the leaders.
    const store = randomUUID();
    const flat = Array.from({ length: 60 }, () => randomUUID());
    const late = randomUUID();
    const base = Date.UTC(2026, 7, 10);
    const on = (day: number, hour: number) => new Date(base + day * 86_400_000 + hour * 3_600_000);
    const sales = [0, 1].flatMap((day) => flat.map((productId, i) => saleRecorded({ storeId: store, occurredAt: on(day, (i % 20) + 1), lines: [{ productId, quantity: 1, unitPrice: '1.00' }] })));
    // A product none of the whole days knows, sold a lot in the part-day after them.
    sales.push(saleRecorded({ storeId: store, occurredAt: on(2, 3), lines: [{ productId: late, quantity: 9, unitPrice: '2.00' }] }));
    await applyEvents(sales, settings);
    const from = on(0, 0);
    const to = on(2, 6);
    const report = await computeSalesReport(from, to, settings.timeZone);
    const top = await getTopProducts(report.window, 3);
    expect(top[0]).toEqual({ productId: late, unitsSold: 9, revenue: '18.00' });
    expect(top.slice(1)).toEqual([...flat].sort().slice(0, 2).map((productId) => ({ productId, unitsSold: 2, revenue: '2.00' })));
    expect(await getTopProducts(report.window, 100)).toHaveLength(61);
  });

  it('when a window is split in a time zone, then whole local days come from the totals and the rest, before and after, from the facts', async () => {
    expect(await windowOf(new Date('2026-10-10T00:00:00Z'), new Date('2026-10-12T00:00:00Z'), 'Asia/Kolkata')).toMatchObject({
      firstDay: '2026-10-11',
      endDay: '2026-10-12',
      fullFrom: new Date('2026-10-10T18:30:00Z'),
      fullTo: new Date('2026-10-11T18:30:00Z'),
    });
    const within = await windowOf(new Date('2026-10-10T01:00:00Z'), new Date('2026-10-10T20:00:00Z'), 'UTC');
    expect(within).toMatchObject({ firstDay: '', endDay: '', fullFrom: within.to, fullTo: within.to });
  });

  it('when daily totals are missing but facts are there (a database from before them), then they are derived once, equal to what the consumer keeps', async () => {
    const snapshot = async () =>
      reportingSql().query(
        `SELECT 'store' AS kind, day::text, "storeId"::text AS id, revenue::text, "unitsSold", "saleCount" FROM "StoreDailySales"
         UNION ALL SELECT 'product', day::text, "productId"::text, revenue::text, "unitsSold", 0 FROM "ProductDailySales" ORDER BY 1, 2, 3`,
      );
    const kept = await snapshot();
    expect(kept.length).toBeGreaterThan(0);
    await reportingSql().execute(`DELETE FROM "StoreDailySales"`);
    await reportingSql().execute(`DELETE FROM "ProductDailySales"`);
    expect(await deriveMissingDailyTotals('UTC')).toBe(true);
    expect(await snapshot()).toEqual(kept);
    expect(await deriveMissingDailyTotals('UTC')).toBe(false);
  });

  it('when a store is first seen through its stock, then reports list it with zeros; a warehouse is never listed', async () => {
    const [store, warehouse] = [randomUUID(), randomUUID()];
    await applyEvents([stockChanged({ storeId: store, productId: products[0]!, quantity: 40 }), stockChanged({ storeId: warehouse, productId: products[0]!, quantity: 400, warehouse: true })], settings);
    const report = await computeSalesReport(at(0), at(1), settings.timeZone);
    expect(report.stores.find((s) => s.storeId === store)).toEqual({ storeId: store, revenue: '0.00', unitsSold: 0, saleCount: 0 });
    expect(report.stores.some((s) => s.storeId === warehouse)).toBe(false);
  });
});
