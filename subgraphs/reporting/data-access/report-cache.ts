import { config } from '../../../platform/config/config.js';
import { createQueryCache } from '../../../platform/cache/create-query-cache.js';
import type { CacheRequest, QueryCache } from '../../../platform/cache/query-cache.js';
import type { AppliedChange } from '../domain/apply-event.use-case.js';
import { addDays } from '../domain/report-rules.js';

/**
 * Cached report answers. Each is tagged with what it depends on, by day:
 * a sale or return bumps the tags of its day (UTC, and the report day for
 * the dashboard), of its store on that day and of each product on that day,
 * right after the event is applied. A report over a window is stale only when
 * an event lands in one of its days. Windows longer than a year use one tag
 * that every sales event bumps. Stock alert pages are tagged by store (and
 * all stores) and go stale when an alert of the store is raised, changed or
 * resolved.
 */
let cache: QueryCache | undefined;

export function reportCache(): QueryCache {
  cache ??= createQueryCache('reports');
  return cache;
}

export const MAX_TAGGED_DAYS = 366;
const ALL_SALES = 'sales:all';

export const reportTags = {
  /** Every store the read model knows (a report lists them all). */
  stores: 'stores',
  day: (utcDay: string) => `sales:day:${utcDay}`,
  storeDay: (storeId: string) => (utcDay: string) => `sales:store:${storeId.toLowerCase()}:day:${utcDay}`,
  productDay: (productId: string) => (utcDay: string) => `sales:product:${productId.toLowerCase()}:day:${utcDay}`,
  /** A day in REPORT_TIME_ZONE (dashboard figures). */
  reportDay: (day: string) => `sales:rday:${day}`,
};

/** The tags of the UTC days that [from, to) touches, one per day (or the catch-all for long windows). */
export function windowTags(from: Date, to: Date, tagOfDay: (utcDay: string) => string): string[] {
  const first = from.toISOString().slice(0, 10);
  const last = new Date(to.getTime() - 1).toISOString().slice(0, 10);
  const days: string[] = [];
  for (let day = first; day <= last; day = addDays(day, 1)) {
    if (days.length === MAX_TAGGED_DAYS) return [ALL_SALES];
    days.push(tagOfDay(day));
  }
  return days;
}

/** Stock alert pages: those of one store, and those of every store. */
export const alertTags = {
  store: (storeId: string) => `alerts:store:${storeId.toLowerCase()}`,
  all: 'alerts:all',
};

export function reportRequest(key: string, tags: string[]): CacheRequest {
  return { key, tags, ttlSeconds: config().CACHE_REPORT_TTL_SECONDS };
}

/** After events were applied (and committed): the cached answers they change become stale (one invalidation for all of them). */
export async function invalidateReports(changes: AppliedChange | readonly AppliedChange[]): Promise<void> {
  const tags = new Set<string>();
  for (const change of Array.isArray(changes) ? changes : [changes as AppliedChange]) {
    if (change.sales) {
      const { storeId, productIds, day, utcDay } = change.sales;
      for (const tag of [ALL_SALES, reportTags.day(utcDay), reportTags.storeDay(storeId)(utcDay), reportTags.reportDay(day)]) tags.add(tag);
      for (const productId of productIds) tags.add(reportTags.productDay(productId)(utcDay));
    }
    if (change.newLocation) tags.add(reportTags.stores);
    if (change.alertsOf) {
      tags.add(alertTags.store(change.alertsOf));
      tags.add(alertTags.all);
    }
  }
  await reportCache().invalidate([...tags]);
}

export async function closeReportCache(): Promise<void> {
  await cache?.close();
  cache = undefined;
}
