import DataLoader from 'dataloader';
import { isUuid } from '../../../platform/graphql/ids.js';
import { sumRevenueOfStores, sumUnitsOfProducts, windowOf } from '../data-access/sales-facts.repository.js';
import { reportCache, reportRequest, reportTags, windowTags } from '../data-access/report-cache.js';
import { dailyRevenueOfStores } from './daily-revenue.js';
import { topProductsOfStores } from './store-top-products.js';
import type { DailyRevenue, ProductFigures, ReportWindow } from './reporting.js';

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

/** A figure of several ids over [from, to), read through the window's daily totals and edge facts. */
function overWindow<T>(fetch: (ids: readonly string[], window: ReportWindow) => Promise<Map<string, T>>, timeZone: string) {
  return async (ids: string[], from: Date, to: Date) => fetch(ids, await windowOf(from, to, timeZone));
}

export function createStoreRevenueLoader(timeZone: string, fetch = cachedWindowFetch('store-revenue', reportTags.storeDay, overWindow(sumRevenueOfStores, timeZone), '0.00')): DataLoader<WindowKey, string, string> {
  return windowLoader(fetch, '0.00');
}

export function createProductUnitsLoader(timeZone: string, fetch = cachedWindowFetch('product-units', reportTags.productDay, overWindow(sumUnitsOfProducts, timeZone), 0)): DataLoader<WindowKey, number, string> {
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

/** One store's best sellers over a report's window. */
export interface StoreTopKey {
  storeId: string;
  window: ReportWindow;
  limit: number;
}

const topKeyOf = (k: StoreTopKey) => `${k.window.from.toISOString()}|${k.window.to.toISOString()}|${k.limit}|${k.storeId}`;

/** Batches the best sellers of a request's stores: one ranking query per window and limit. */
export function createStoreTopProductsLoader(compute = topProductsOfStores): DataLoader<StoreTopKey, ProductFigures[], string> {
  return new DataLoader(
    async (keys) => {
      const groups = new Map<string, { window: ReportWindow; limit: number; storeIds: string[] }>();
      for (const k of keys) {
        const g = `${k.window.from.toISOString()}|${k.window.to.toISOString()}|${k.limit}`;
        const group = groups.get(g) ?? { window: k.window, limit: k.limit, storeIds: [] };
        group.storeIds.push(k.storeId);
        groups.set(g, group);
      }
      const results = new Map<string, ProductFigures[]>();
      await Promise.all(
        [...groups.values()].map(async (g) => {
          for (const [storeId, top] of await compute(g.window, g.storeIds, g.limit)) results.set(topKeyOf({ storeId, window: g.window, limit: g.limit }), top);
        }),
      );
      return keys.map((k) => results.get(topKeyOf(k)) ?? []);
    },
    { cacheKeyFn: topKeyOf },
  );
}
