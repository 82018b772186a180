import DataLoader from 'dataloader';
import { isUuid } from '../../../platform/graphql/ids.js';
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

export function createStoreStockFactsLoader(source: StoreStockFactsSource = fromDatabase): DataLoader<string, StoreStockFacts> {
  return new DataLoader(async (ids) => {
    const valid = [...new Set(ids.filter(isUuid).map((id) => id.toLowerCase()))];
    const [sums, low, high] = valid.length
      ? await Promise.all([source.sum(valid), source.outside(valid, { atMost: LOW_STOCK_THRESHOLD }), source.outside(valid, { atLeast: OVERSTOCK_THRESHOLD })])
      : [new Map<string, number>(), [], []];
    return ids.map((id) => {
      const key = id.toLowerCase();
      return {
        remainingStock: sums.get(key) ?? 0,
        stockOuts: low.filter((l) => l.locationId === key),
        overstock: high.filter((l) => l.locationId === key),
      };
    });
  });
}
