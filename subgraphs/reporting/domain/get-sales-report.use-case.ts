import type { Context } from '../context.js';
import { reportCache, reportRequest } from '../data-access/report-cache.js';
import { findTopProducts, listKnownStoreIds, sumSalesByStore, windowOf } from '../data-access/sales-facts.repository.js';
import { sumMoney } from './money.js';
import { compareStores, validateLimit, validateWindow } from './report-rules.js';
import type { ProductFigures, ReportWindow, SalesReport, StoreFigures, StoreTotals } from './reporting.js';
import { requireHeadOffice } from './reporting-access.js';
import { reportWindowTags } from './store-top-products.js';

/**
 * UC1 (head office): revenue, sale count and units per store, for sales
 * (minus returns) made in [from, to). Every store is listed, highest revenue
 * first; best sellers (overall and per store) are read only when asked for,
 * `limit` of them, ranked by SQL. Each part is cached until an event lands in
 * one of the window's days.
 */
export async function getSalesReport(ctx: Context, args: { from: Date | string; to: Date | string }): Promise<SalesReport> {
  requireHeadOffice(ctx.viewer);
  const { from, to } = validateWindow(new Date(args.from), new Date(args.to));
  return reportCache().getOrCompute(reportRequest(`report:${from.toISOString()}:${to.toISOString()}`, reportWindowTags(from, to)), () => computeSalesReport(from, to, ctx.settings.timeZone));
}

export async function computeSalesReport(from: Date, to: Date, timeZone: string): Promise<SalesReport> {
  const window = await windowOf(from, to, timeZone);
  const [totals, knownStores] = await Promise.all([sumSalesByStore(window), listKnownStoreIds()]);
  const byStore = new Map<string, StoreTotals>(knownStores.map((storeId) => [storeId, { storeId, revenue: '0.00', saleCount: 0, unitsSold: 0 }]));
  for (const t of totals) byStore.set(t.storeId, t);
  const stores = [...byStore.values()].sort(compareStores);
  return {
    from,
    to,
    generatedAt: new Date(),
    totalRevenue: sumMoney(stores.map((s) => s.revenue)),
    saleCount: stores.reduce((n, s) => n + s.saleCount, 0),
    stores,
    window,
  };
}

/** A report's store rows, each with the window its best sellers are read over. */
export function storesOf(report: SalesReport): StoreFigures[] {
  return report.stores.map((store) => ({ ...store, window: report.window }));
}

/** The `limit` best sellers of a report's window (default 10). */
export async function getTopProducts(window: ReportWindow, limit: number | null | undefined): Promise<ProductFigures[]> {
  const size = validateLimit(limit, 10);
  return reportCache().getOrCompute(
    reportRequest(`top:${window.from.toISOString()}:${window.to.toISOString()}:${size}`, reportWindowTags(window.from, window.to)),
    () => findTopProducts(window, size),
  );
}

/** A store's `limit` best sellers in a report's window (default 3); the stores of one request are ranked in one query. */
export async function getStoreTopProducts(ctx: Context, store: StoreFigures, limit: number | null | undefined): Promise<ProductFigures[]> {
  const size = validateLimit(limit, 3);
  return ctx.loaders.storeTopProducts.load({ storeId: store.storeId, window: store.window, limit: size });
}
