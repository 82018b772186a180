import { limitAnswerLifetime } from '../../../platform/response-cache/answer-lifetime.js';
import type { Context } from '../context.js';
import { reportCache, reportRequest, reportTags } from '../data-access/report-cache.js';
import { listKnownStoreIds, sumDailyRevenue } from '../data-access/sales-facts.repository.js';
import { sumMoney } from './money.js';
import { addDays, dayOf, daysEnding, secondsLeftInDay, validateDays } from './report-rules.js';
import type { Dashboard, DailyRevenue } from './reporting.js';
import { requireHeadOffice } from './reporting-access.js';

/**
 * UC3 (head office): per store, revenue today and over the last 7 days
 * (today and the 6 days before, REPORT_TIME_ZONE), net of returns, from the
 * daily totals per store (7 rows a store). Stock-outs and overstock are
 * added by inventory.
 */
export async function getDashboard(ctx: Context): Promise<Dashboard> {
  requireHeadOffice(ctx.viewer);
  const now = new Date();
  const today = dayOf(now, ctx.settings.timeZone);
  holdsUntilDayEnds(today, ctx.settings.timeZone, now);
  return reportCache().getOrCompute(reportRequest(`dashboard:${today}`, [reportTags.stores, ...daysEnding(today, 7).map(reportTags.reportDay)]), () =>
    computeDashboard(today),
  );
}

/**
 * Figures of "today" are wrong once the day is over, whatever the tags say:
 * a cached copy of this answer (the router's) may not outlive the day.
 */
function holdsUntilDayEnds(today: string, timeZone: string, now = new Date()): void {
  limitAnswerLifetime(secondsLeftInDay(today, timeZone, now));
}

export async function computeDashboard(today: string): Promise<Dashboard> {
  const [stores, daily] = await Promise.all([listKnownStoreIds(), sumDailyRevenue(addDays(today, -6), today)]);
  const byStore = new Map<string, Array<{ day: string; revenue: string }>>(stores.map((id) => [id, []]));
  for (const row of daily) {
    const own = byStore.get(row.storeId) ?? [];
    own.push(row);
    byStore.set(row.storeId, own);
  }
  return {
    generatedAt: new Date(),
    today,
    stores: [...byStore.keys()].sort().map((storeId) => {
      const own = byStore.get(storeId)!;
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
  holdsUntilDayEnds(today, ctx.settings.timeZone);
  const series = await ctx.loaders.dailyRevenue.load(`${today}/${count}`);
  return series.get(storeId) ?? daysEnding(today, count).map((date) => ({ date, revenue: '0.00' }));
}

/** The dates of a dashboard's series: the `days` days ending `today`, oldest first. */
export function getRevenueDays(ctx: Context, today: string, days: number | null | undefined): string[] {
  const count = validateDays(days);
  holdsUntilDayEnds(today, ctx.settings.timeZone);
  return daysEnding(today, count);
}

/** A store's revenue of each of those dates, in their order (dailyRevenue's amounts alone: the router shapes one list, not an object per day). */
export async function getRevenueByDay(ctx: Context, storeId: string, today: string, days: number | null | undefined): Promise<string[]> {
  return (await getDailyRevenue(ctx, storeId, today, days)).map((d) => d.revenue);
}
