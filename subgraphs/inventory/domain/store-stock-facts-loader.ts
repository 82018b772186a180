import DataLoader from 'dataloader';
import { isUuid } from '../../../platform/graphql/ids.js';
import { stockCache, stockRequest, stockTags } from '../data-access/stock-cache.js';
import { sumStockFigures, type LocationStockFigures } from '../data-access/stock-histogram.repository.js';
import { countLevelsAtLeast, findWorstLevels } from '../data-access/stock.repository.js';
import type { StockLevel } from './inventory.js';
import type { StockThresholds } from './inventory-settings.js';

/** Stock figures of a store for reports and the dashboard, batched over the stores of one request. */
export interface StoreStockFacts {
  remainingStock: number;
  stockOutCount: number;
  overstockCount: number;
}

export interface StoreStockFactsSource {
  figures(locationIds: readonly string[], low: number, high: number): Promise<Map<string, LocationStockFigures>>;
  countAtLeast(locationIds: readonly string[], atLeast: number): Promise<Map<string, number>>;
}

const figuresFromDatabase: StoreStockFactsSource = { figures: sumStockFigures, countAtLeast: countLevelsAtLeast };

/** The facts of these stores (valid lowercase ids), from the stock histogram (and the levels when the overstock bound is above its cap). */
async function computeFacts(source: StoreStockFactsSource, ids: readonly string[], thresholds: StockThresholds): Promise<StoreStockFacts[]> {
  const figures = await source.figures(ids, thresholds.low, thresholds.high);
  const uncounted = ids.filter((id) => figures.get(id)?.highCount === null);
  const counted = uncounted.length > 0 ? await source.countAtLeast(uncounted, thresholds.high) : new Map<string, number>();
  return ids.map((id) => {
    const f = figures.get(id);
    return { remainingStock: f?.remainingStock ?? 0, stockOutCount: f?.lowCount ?? 0, overstockCount: f?.highCount ?? counted.get(id) ?? 0 };
  });
}

const none: StoreStockFacts = { remainingStock: 0, stockOutCount: 0, overstockCount: 0 };

/** Batches the stock facts of the stores of one request; each store's facts are cached until its stock changes. */
export function createStoreStockFactsLoader(thresholds: StockThresholds, source: StoreStockFactsSource = figuresFromDatabase): DataLoader<string, StoreStockFacts> {
  return new DataLoader(async (ids) => {
    const valid = [...new Set(ids.filter(isUuid).map((id) => id.toLowerCase()))];
    const requests = valid.map((id) => stockRequest(`facts:${id}`, [stockTags.location(id)]));
    const facts = await stockCache().getOrComputeMany(requests, (missed) => computeFacts(source, missed.map((r) => valid[requests.indexOf(r)]!), thresholds));
    const byId = new Map(valid.map((id, i) => [id, facts[i]!]));
    return ids.map((id) => byId.get(id.toLowerCase()) ?? none);
  });
}

/** The first levels of a store's stock-outs (lowest first) or overstock (highest first). */
export interface WorstLevelsKey {
  storeId: string;
  kind: 'stockOuts' | 'overstock';
  first: number;
}

export type WorstLevelsSource = (locationIds: readonly string[], bound: { atMost: number } | { atLeast: number }, limit: number) => Promise<StockLevel[]>;

const worstKeyOf = (k: WorstLevelsKey) => `${k.kind}:${k.first}:${k.storeId.toLowerCase()}`;

/** Batches the worst levels of a request's stores: one query per kind and page size, each store's page cached until its stock changes. */
export function createWorstLevelsLoader(thresholds: StockThresholds, source: WorstLevelsSource = findWorstLevels): DataLoader<WorstLevelsKey, StockLevel[], string> {
  return new DataLoader(
    async (keys) => {
      const groups = new Map<string, { kind: WorstLevelsKey['kind']; first: number; ids: string[] }>();
      for (const k of keys) {
        if (!isUuid(k.storeId)) continue;
        const group = groups.get(`${k.kind}:${k.first}`) ?? { kind: k.kind, first: k.first, ids: [] };
        group.ids.push(k.storeId.toLowerCase());
        groups.set(`${k.kind}:${k.first}`, group);
      }
      const pages = new Map<string, StockLevel[]>();
      await Promise.all(
        [...groups.values()].map(async ({ kind, first, ids }) => {
          const unique = [...new Set(ids)];
          const requests = unique.map((id) => stockRequest(`worst:${kind}:${first}:${id}`, [stockTags.location(id)]));
          const bound = kind === 'stockOuts' ? { atMost: thresholds.low } : { atLeast: thresholds.high };
          const found = await stockCache().getOrComputeMany(requests, async (missed) => {
            const missedIds = missed.map((r) => unique[requests.indexOf(r)]!);
            const levels = await source(missedIds, bound, first);
            return missedIds.map((id) => levels.filter((l) => l.locationId.toLowerCase() === id));
          });
          unique.forEach((id, i) => pages.set(worstKeyOf({ storeId: id, kind, first }), found[i]!));
        }),
      );
      return keys.map((k) => pages.get(worstKeyOf(k)) ?? []);
    },
    { cacheKeyFn: worstKeyOf },
  );
}
