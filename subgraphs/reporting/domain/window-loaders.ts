import DataLoader from 'dataloader';
import { isUuid } from '../../../platform/graphql/ids.js';
import { sumRevenueOfStores, sumUnitsOfProducts } from '../data-access/sales-facts.repository.js';
import { reportCache, reportRequest, reportTags, windowTags } from '../data-access/report-cache.js';
import { dailyRevenueOfStores } from './get-dashboard.use-case.js';
import type { DailyRevenue } from './reporting.js';

/** One figure of one store or product over a window. */
export interface WindowKey {
  id: string;
  from: Date;
  to: Date;
}

const keyOf = (k: WindowKey) => `${k.id}|${k.from.toISOString()}|${k.to.toISOString()}`;

/** Batches lookups of one request by window: one query per distinct window. */
function windowLoader<T>(fetch: (ids: string[], from: Date, to: Date) => Promise<Map<string, T>>, zero: T): DataLoader<WindowKey, T, string> {
  return new DataLoader(
    async (keys) => {
      const windows = new Map<string, { from: Date; to: Date; ids: string[] }>();
      for (const k of keys) {
        const w = `${k.from.toISOString()}|${k.to.toISOString()}`;
        const entry = windows.get(w) ?? { from: k.from, to: k.to, ids: [] };
        if (isUuid(k.id)) entry.ids.push(k.id);
        windows.set(w, entry);
      }
      const results = new Map<string, T>();
      await Promise.all(
        [...windows.values()].map(async (w) => {
          const found = await fetch([...new Set(w.ids)], w.from, w.to);
          for (const [id, value] of found) results.set(`${id}|${w.from.toISOString()}|${w.to.toISOString()}`, value);
        }),
      );
      return keys.map((k) => results.get(keyOf(k)) ?? zero);
    },
    { cacheKeyFn: keyOf },
  );
}

/** Figures of several ids over one window, from the cache where it has them (tagged per id and day), the rest in one query. */
function cachedWindowFetch<T>(
  name: string,
  tagOfDay: (id: string) => (utcDay: string) => string,
  fetch: (ids: string[], from: Date, to: Date) => Promise<Map<string, T>>,
  zero: T,
) {
  return async (ids: string[], from: Date, to: Date): Promise<Map<string, T>> => {
    const requests = ids.map((id) => reportRequest(`${name}:${id}:${from.toISOString()}:${to.toISOString()}`, windowTags(from, to, tagOfDay(id))));
    const values = await reportCache().getOrComputeMany<T>(requests, async (missed) => {
      const wanted = missed.map((r) => ids[requests.indexOf(r)]!);
      const found = await fetch(wanted, from, to);
      return wanted.map((id) => found.get(id) ?? zero);
    });
    return new Map(ids.map((id, i) => [id, values[i]!]));
  };
}

export function createStoreRevenueLoader(fetch = cachedWindowFetch('store-revenue', reportTags.storeDay, sumRevenueOfStores, '0.00')): DataLoader<WindowKey, string, string> {
  return windowLoader(fetch, '0.00');
}

export function createProductUnitsLoader(fetch = cachedWindowFetch('product-units', reportTags.productDay, sumUnitsOfProducts, 0)): DataLoader<WindowKey, number, string> {
  return windowLoader(fetch, 0);
}

/** Daily revenue series of every store for "<today>/<days>", computed once per request. */
export function createDailyRevenueLoader(compute = dailyRevenueOfStores): DataLoader<string, Map<string, DailyRevenue[]>> {
  return new DataLoader(async (keys) =>
    Promise.all(
      keys.map((key) => {
        const [today, days] = key.split('/');
        return compute(today!, Number(days));
      }),
    ),
  );
}
