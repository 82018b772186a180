import type { Context } from '../context.js';
import { reportCache, reportRequest, reportTags, windowTags } from '../data-access/report-cache.js';
import { countSalesByStore, listKnownStoreIds, sumByStoreAndProduct } from '../data-access/sales-facts.repository.js';
import { sumMoney } from './money.js';
import { compareProducts, compareStores, validateWindow } from './report-rules.js';
import type { ProductFigures, SalesReport, StoreFigures } from './reporting.js';
import { requireHeadOffice } from './reporting-access.js';

/**
 * UC1 (head office): revenue, sale count and units per store with their best
 * products, and the best products overall, for sales (minus returns) made
 * in [from, to). Every store is listed, highest revenue first. Cached until
 * an event lands in one of the window's days.
 */
export async function getSalesReport(ctx: Context, args: { from: Date | string; to: Date | string }): Promise<SalesReport> {
  requireHeadOffice(ctx.viewer);
  const { from, to } = validateWindow(new Date(args.from), new Date(args.to));
  return reportCache().getOrCompute(
    reportRequest(`report:${from.toISOString()}:${to.toISOString()}`, [reportTags.stores, ...windowTags(from, to, reportTags.day)]),
    () => computeSalesReport(from, to),
  );
}

export async function computeSalesReport(from: Date, to: Date): Promise<SalesReport> {
  const [rows, saleCounts, knownStores] = await Promise.all([sumByStoreAndProduct(from, to), countSalesByStore(from, to), listKnownStoreIds()]);
  const byStore = new Map<string, ProductFigures[]>(knownStores.map((id) => [id, []]));
  const byProduct = new Map<string, ProductFigures[]>();
  for (const row of rows) {
    const figures: ProductFigures = { productId: row.productId, unitsSold: row.unitsSold, revenue: row.revenue };
    byStore.set(row.storeId, [...(byStore.get(row.storeId) ?? []), figures]);
    byProduct.set(row.productId, [...(byProduct.get(row.productId) ?? []), figures]);
  }
  const stores: StoreFigures[] = [...byStore.entries()].map(([storeId, products]) => ({
    storeId,
    revenue: sumMoney(products.map((p) => p.revenue)),
    saleCount: saleCounts.get(storeId) ?? 0,
    unitsSold: products.reduce((n, p) => n + p.unitsSold, 0),
    products: [...products].sort(compareProducts),
  }));
  const products: ProductFigures[] = [...byProduct.entries()].map(([productId, perStore]) => ({
    productId,
    unitsSold: perStore.reduce((n, p) => n + p.unitsSold, 0),
    revenue: sumMoney(perStore.map((p) => p.revenue)),
  }));
  return {
    from,
    to,
    generatedAt: new Date(),
    totalRevenue: sumMoney(stores.map((s) => s.revenue)),
    saleCount: stores.reduce((n, s) => n + s.saleCount, 0),
    stores: stores.sort(compareStores),
    products: products.sort(compareProducts),
  };
}
