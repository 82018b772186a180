import { reportingSql } from './reporting-database.js';

/**
 * StoreDailySales and ProductDailySales came after the sales facts: a read
 * model that has facts but none of these totals (a database migrated from
 * before them) gets them derived from its facts, days in `timeZone`, once.
 * The tables stay locked meanwhile, so a consumer's upserts wait and land
 * after. True when it derived them.
 */
export async function deriveMissingDailyTotals(timeZone: string): Promise<boolean> {
  return reportingSql().transaction(async (tx) => {
    await tx.execute(`LOCK TABLE "StoreDailySales", "ProductDailySales" IN SHARE ROW EXCLUSIVE MODE`);
    const [state] = await tx.query<{ missing: boolean }>(
      `SELECT NOT EXISTS (SELECT 1 FROM "StoreDailySales") AND NOT EXISTS (SELECT 1 FROM "ProductDailySales") AND EXISTS (SELECT 1 FROM "SalesFact") AS missing`,
    );
    if (!state?.missing) return false;
    await tx.execute(
      `INSERT INTO "StoreDailySales" (day, "storeId", revenue, "unitsSold", "saleCount")
       SELECT ("occurredAt" AT TIME ZONE $1::text)::date, "storeId", SUM(revenue), SUM(quantity), COUNT(DISTINCT "saleId") FILTER (WHERE kind = 'SALE')
       FROM "SalesFact" GROUP BY 1, 2`,
      [timeZone],
    );
    await tx.execute(
      `INSERT INTO "ProductDailySales" (day, "productId", revenue, "unitsSold")
       SELECT ("occurredAt" AT TIME ZONE $1::text)::date, "productId", SUM(revenue), SUM(quantity) FROM "SalesFact" GROUP BY 1, 2`,
      [timeZone],
    );
    return true;
  });
}
