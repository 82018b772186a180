import DataLoader from 'dataloader';
import { isUuid } from '../../../platform/graphql/ids.js';
import { sumRevenueOfStores, sumUnitsOfProducts } from '../data-access/sales-facts.repository.js';
import { computeDailyRevenue } from './get-dashboard.use-case.js';
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

export function createStoreRevenueLoader(fetch = sumRevenueOfStores): DataLoader<WindowKey, string, string> {
  return windowLoader(fetch, '0.00');
}

export function createProductUnitsLoader(fetch = sumUnitsOfProducts): DataLoader<WindowKey, number, string> {
  return windowLoader(fetch, 0);
}

/** Daily revenue series of every store for "<today>/<days>", computed once per request. */
export function createDailyRevenueLoader(compute = computeDailyRevenue): DataLoader<string, Map<string, DailyRevenue[]>> {
  return new DataLoader(async (keys) =>
    Promise.all(
      keys.map((key) => {
        const [today, days] = key.split('/');
        return compute(today!, Number(days));
      }),
    ),
  );
}
