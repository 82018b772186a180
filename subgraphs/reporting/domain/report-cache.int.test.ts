import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { settings } from '../test-support/settings.js';
import type { Viewer } from '../../../platform/auth/viewer.js';
import { cacheCounts } from '../../../platform/cache/cache-metrics.js';
import { createLogger } from '../../../platform/logging/logger.js';
import { createContext } from '../context.js';
import { closeReportCache, invalidateReports, reportCache } from '../data-access/report-cache.js';
import { disconnectReportingDb } from '../data-access/reporting-database.js';
import { saleRecorded, saleReturned } from '../test-support/events.js';
import { applyEvent } from './apply-event.use-case.js';
import { getDailyRevenue, getDashboard } from './get-dashboard.use-case.js';
import { getSalesReport } from './get-sales-report.use-case.js';
import { getProductUnitsSold, getStoreRevenue } from './get-store-revenue.use-case.js';

afterAll(async () => {
  await closeReportCache();
  await disconnectReportingDb();
});

const admin: Viewer = { kind: 'staff', id: 'admin', role: 'HQ_ADMIN', storeId: null };
const ctx = () => createContext({ viewer: admin, logger: createLogger('report-cache-test') }, settings);
/** What the consumer does with each event: apply it, then invalidate what it changed. */
const consume = async (event: Parameters<typeof applyEvent>[0]) => {
  const change = await applyEvent(event, settings);
  if (change) await invalidateReports(change);
};
const store = randomUUID();
const product = randomUUID();

describe('cached reports (in-process LRU, the embedded default)', () => {
  it('when a report is asked again, then it comes from the cache; when a sale lands in its window, then the next one includes it', async () => {
    expect(reportCache().kind).toBe('memory');
    const from = new Date(Date.now() - 3_600_000);
    const to = new Date(Date.now() + 3_600_000);
    const first = await getSalesReport(ctx(), { from, to });
    const hits = cacheCounts('reports').hit;
    expect((await getSalesReport(ctx(), { from, to })).totalRevenue).toBe(first.totalRevenue);
    expect(cacheCounts('reports').hit).toBe(hits + 1);

    const sale = saleRecorded({ storeId: store, occurredAt: new Date(), lines: [{ productId: product, quantity: 2, unitPrice: '4.25' }] });
    await consume(sale);
    const after = await getSalesReport(ctx(), { from, to });
    expect(after.saleCount).toBe(first.saleCount + 1);
    expect(after.stores.find((s) => s.storeId === store)).toMatchObject({ revenue: '8.50', unitsSold: 2 });
    expect(await getStoreRevenue(ctx(), store, { from, to })).toBe('8.50');
    expect(await getProductUnitsSold(ctx(), product, { from, to })).toBe(2);

    await consume(saleReturned(sale, new Date(), [{ productId: product, quantity: 1 }]));
    expect((await getSalesReport(ctx(), { from, to })).stores.find((s) => s.storeId === store)).toMatchObject({ revenue: '4.25', unitsSold: 1 });
    expect(await getStoreRevenue(ctx(), store, { from, to })).toBe('4.25');
    expect(await getProductUnitsSold(ctx(), product, { from, to })).toBe(1);
  });

  it('when a sale lands today, then a report over an earlier window stays cached (precise invalidation)', async () => {
    const from = new Date('2026-01-01T00:00:00Z');
    const to = new Date('2026-01-08T00:00:00Z');
    await getSalesReport(ctx(), { from, to });
    await consume(saleRecorded({ storeId: store, occurredAt: new Date(), lines: [{ productId: product, quantity: 1, unitPrice: '1.00' }] }));
    const hits = cacheCounts('reports').hit;
    await getSalesReport(ctx(), { from, to });
    expect(cacheCounts('reports').hit).toBe(hits + 1);
  });

  it('when a sale is applied, then the dashboard and the daily series read right after include it', async () => {
    const dashboard = await getDashboard(ctx());
    const today = dashboard.today;
    const before = dashboard.stores.find((s) => s.storeId === store)?.revenueToday ?? '0.00';
    const series = await getDailyRevenue(ctx(), store, today, 3);
    await consume(saleRecorded({ storeId: store, occurredAt: new Date(), lines: [{ productId: product, quantity: 3, unitPrice: '2.00' }] }));
    const after = await getDashboard(ctx());
    expect(Number(after.stores.find((s) => s.storeId === store)!.revenueToday)).toBeCloseTo(Number(before) + 6, 2);
    const seriesAfter = await getDailyRevenue(ctx(), store, today, 3);
    expect(Number(seriesAfter.at(-1)!.revenue)).toBeCloseTo(Number(series.at(-1)!.revenue) + 6, 2);
  });
});
