import { createHash } from 'node:crypto';
import { reportCache, reportRequest, reportTags, windowTags } from '../data-access/report-cache.js';
import { findTopProductsOfStores } from '../data-access/sales-facts.repository.js';
import type { ProductFigures, ReportWindow } from './reporting.js';

/** A report's tags: the known stores and each day of the window. */
export function reportWindowTags(from: Date, to: Date): string[] {
  return [reportTags.stores, ...windowTags(from, to, reportTags.day)];
}

/** Best sellers of several stores over one window, `limit` each: one cached answer per set of stores. */
export async function topProductsOfStores(window: ReportWindow, storeIds: readonly string[], limit: number): Promise<Map<string, ProductFigures[]>> {
  const ids = [...new Set(storeIds)].sort();
  const digest = createHash('sha1').update(ids.join(',')).digest('base64url');
  const entries = await reportCache().getOrCompute(
    reportRequest(`store-top:${window.from.toISOString()}:${window.to.toISOString()}:${limit}:${digest}`, reportWindowTags(window.from, window.to)),
    async () => {
      const byStore = new Map<string, ProductFigures[]>(ids.map((id) => [id, []]));
      for (const { storeId, ...figures } of await findTopProductsOfStores(window, ids, limit)) byStore.get(storeId)?.push(figures);
      return [...byStore.entries()];
    },
  );
  return new Map(entries);
}
