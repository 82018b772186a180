import DataLoader from 'dataloader';
import { isUuid } from '../../../platform/graphql/ids.js';
import { stockCache, stockRequest, stockTags } from '../data-access/stock-cache.js';
import { findLevelsOutside, sumStockByLocation } from '../data-access/stock.repository.js';
import type { StockLevel } from './inventory.js';
import { LOW_STOCK_THRESHOLD, OVERSTOCK_THRESHOLD } from './stock-rules.js';

/** Stock facts of a store for reports and the dashboard, batched over the stores of one request. */
export interface StoreStockFacts {
  remainingStock: number;
  stockOuts: StockLevel[];
  overstock: StockLevel[];
}

export interface StoreStockFactsSource {
  sum(locationIds: readonly string[]): Promise<Map<string, number>>;
  outside(locationIds: readonly string[], bound: { atMost: number } | { atLeast: number }): Promise<StockLevel[]>;
}

const fromDatabase: StoreStockFactsSource = { sum: sumStockByLocation, outside: findLevelsOutside };

/** The facts of these stores (valid lowercase ids) from the database, in three queries. */
async function computeFacts(source: StoreStockFactsSource, ids: readonly string[]): Promise<StoreStockFacts[]> {
  const [sums, low, high] = await Promise.all([source.sum(ids), source.outside(ids, { atMost: LOW_STOCK_THRESHOLD }), source.outside(ids, { atLeast: OVERSTOCK_THRESHOLD })]);
  return ids.map((id) => ({
    remainingStock: sums.get(id) ?? 0,
    stockOuts: low.filter((l) => l.locationId === id),
    overstock: high.filter((l) => l.locationId === id),
  }));
}

const none: StoreStockFacts = { remainingStock: 0, stockOuts: [], overstock: [] };

/** Batches the stock facts of the stores of one request; each store's facts are cached until its stock changes. */
export function createStoreStockFactsLoader(source: StoreStockFactsSource = fromDatabase): DataLoader<string, StoreStockFacts> {
  return new DataLoader(async (ids) => {
    const valid = [...new Set(ids.filter(isUuid).map((id) => id.toLowerCase()))];
    const requests = valid.map((id) => stockRequest(`facts:${id}`, [stockTags.location(id)]));
    const facts = await stockCache().getOrComputeMany(requests, (missed) => computeFacts(source, missed.map((r) => valid[requests.indexOf(r)]!)));
    const byId = new Map(valid.map((id, i) => [id, facts[i]!]));
    return ids.map((id) => byId.get(id.toLowerCase()) ?? none);
  });
}
