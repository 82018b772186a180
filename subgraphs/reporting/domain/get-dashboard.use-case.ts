import { config } from '../../../platform/config/config.js';
import type { Context } from '../context.js';
import { reportCache, reportRequest, reportTags } from '../data-access/report-cache.js';
import { listKnownStoreIds, sumDailyRevenue } from '../data-access/sales-facts.repository.js';
import { sumMoney } from './money.js';
import { addDays, dayOf, daysEnding, validateDays } from './report-rules.js';
import type { Dashboard, DailyRevenue } from './reporting.js';
import { requireHeadOffice } from './reporting-access.js';

/**
 * UC3 (head office): per store, revenue today and over the last 7 days
 * (today and the 6 days before, REPORT_TIME_ZONE), net of returns. Stock-outs
 * and overstock are added by inventory.
 */
export async function getDashboard(ctx: Context): Promise<Dashboard> {
  requireHeadOffice(ctx.viewer);
  const today = dayOf(new Date(), config().REPORT_TIME_ZONE);
  return reportCache().getOrCompute(reportRequest(`dashboard:${today}`, [reportTags.stores, ...daysEnding(today, 7).map(reportTags.reportDay)]), () =>
    computeDashboard(today),
  );
}

export async function computeDashboard(today: string): Promise<Dashboard> {
  const [stores, daily] = await Promise.all([listKnownStoreIds(), sumDailyRevenue(addDays(today, -6), today)]);
  const ids = [...new Set([...stores, ...daily.map((d) => d.storeId)])].sort();
  return {
    generatedAt: new Date(),
    today,
    stores: ids.map((storeId) => {
      const own = daily.filter((d) => d.storeId === storeId);
      return {
        storeId,
        today,
        revenueToday: sumMoney(own.filter((d) => d.day === today).map((d) => d.revenue)),
        revenueLast7Days: sumMoney(own.map((d) => d.revenue)),
      };
    }),
  };
}

/** A store's revenue per day for the `days` days ending `today`, oldest first, zero on days without sales. */
export async function getDailyRevenue(ctx: Context, storeId: string, today: string, days: number | null | undefined): Promise<DailyRevenue[]> {
  const count = validateDays(days);
  const series = await ctx.loaders.dailyRevenue.load(`${today}/${count}`);
  return series.get(storeId) ?? daysEnding(today, count).map((date) => ({ date, revenue: '0.00' }));
}

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
