import { reportCache, reportRequest, reportTags } from '../data-access/report-cache.js';
import { sumDailyRevenue } from '../data-access/sales-facts.repository.js';
import { sumMoney } from './money.js';
import { daysEnding } from './report-rules.js';
import type { DailyRevenue } from './reporting.js';

/** Revenue per store and day for the `count` days ending `today` (every store in one query), cached until one of those days changes. */
export async function dailyRevenueOfStores(today: string, count: number): Promise<Map<string, DailyRevenue[]>> {
  const entries = await reportCache().getOrCompute(reportRequest(`daily:${today}:${count}`, daysEnding(today, count).map(reportTags.reportDay)), async () => [
    ...(await computeDailyRevenue(today, count)).entries(),
  ]);
  return new Map(entries);
}

export async function computeDailyRevenue(today: string, count: number): Promise<Map<string, DailyRevenue[]>> {
  const days = daysEnding(today, count);
  const rows = await sumDailyRevenue(days[0]!, today);
  const byStore = new Map<string, Map<string, string>>();
  for (const row of rows) {
    const perDay = byStore.get(row.storeId) ?? new Map<string, string>();
    perDay.set(row.day, row.revenue);
    byStore.set(row.storeId, perDay);
  }
  return new Map([...byStore.entries()].map(([storeId, perDay]) => [storeId, days.map((date) => ({ date, revenue: sumMoney([perDay.get(date) ?? '0']) }))]));
}
