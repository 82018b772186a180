import { reportingDb } from './reporting-database.js';

/** Queries of the sales read model; money comes back as exact decimal strings. */

export interface StoreProductRow {
  storeId: string;
  productId: string;
  unitsSold: number;
  revenue: string;
}

/** Units and revenue (net of returns) per store and product for facts in [from, to). */
export async function sumByStoreAndProduct(from: Date, to: Date): Promise<StoreProductRow[]> {
  const rows = await reportingDb().$queryRawUnsafe<Array<{ storeId: string; productId: string; unitsSold: number; revenue: string }>>(
    `SELECT "storeId"::text AS "storeId", "productId"::text AS "productId", SUM(quantity)::int AS "unitsSold", SUM(revenue)::text AS revenue
     FROM "SalesFact" WHERE "occurredAt" >= $1::timestamptz AND "occurredAt" < $2::timestamptz
     GROUP BY "storeId", "productId"`,
    from,
    to,
  );
  return rows.map((r) => ({ ...r, unitsSold: Number(r.unitsSold) }));
}

/** Sales made per store in [from, to) (returns do not count). */
export async function countSalesByStore(from: Date, to: Date): Promise<Map<string, number>> {
  const rows = await reportingDb().$queryRawUnsafe<Array<{ storeId: string; sales: number }>>(
    `SELECT "storeId"::text AS "storeId", COUNT(DISTINCT "saleId")::int AS sales
     FROM "SalesFact" WHERE kind = 'SALE' AND "occurredAt" >= $1::timestamptz AND "occurredAt" < $2::timestamptz
     GROUP BY "storeId"`,
    from,
    to,
  );
  return new Map(rows.map((r) => [r.storeId, Number(r.sales)]));
}

/** Revenue (net) of these stores in [from, to); stores without facts are absent. */
export async function sumRevenueOfStores(storeIds: readonly string[], from: Date, to: Date): Promise<Map<string, string>> {
  if (storeIds.length === 0) return new Map();
  const rows = await reportingDb().$queryRawUnsafe<Array<{ storeId: string; revenue: string }>>(
    `SELECT "storeId"::text AS "storeId", SUM(revenue)::text AS revenue FROM "SalesFact"
     WHERE "storeId" = ANY($1::uuid[]) AND "occurredAt" >= $2::timestamptz AND "occurredAt" < $3::timestamptz
     GROUP BY "storeId"`,
    storeIds,
    from,
    to,
  );
  return new Map(rows.map((r) => [r.storeId, r.revenue]));
}

/** Units sold (net) of these products in [from, to); products without facts are absent. */
export async function sumUnitsOfProducts(productIds: readonly string[], from: Date, to: Date): Promise<Map<string, number>> {
  if (productIds.length === 0) return new Map();
  const rows = await reportingDb().$queryRawUnsafe<Array<{ productId: string; units: number }>>(
    `SELECT "productId"::text AS "productId", SUM(quantity)::int AS units FROM "SalesFact"
     WHERE "productId" = ANY($1::uuid[]) AND "occurredAt" >= $2::timestamptz AND "occurredAt" < $3::timestamptz
     GROUP BY "productId"`,
    productIds,
    from,
    to,
  );
  return new Map(rows.map((r) => [r.productId, Number(r.units)]));
}

/** Revenue (net) per store and report day, for days from `firstDay` to `lastDay` (YYYY-MM-DD, inclusive). */
export async function sumDailyRevenue(firstDay: string, lastDay: string): Promise<Array<{ storeId: string; day: string; revenue: string }>> {
  return reportingDb().$queryRawUnsafe(
    `SELECT "storeId"::text AS "storeId", to_char(day, 'YYYY-MM-DD') AS day, SUM(revenue)::text AS revenue
     FROM "DailySales" WHERE day >= $1::date AND day <= $2::date
     GROUP BY "storeId", day`,
    firstDay,
    lastDay,
  );
}

/** Every store the read model knows from its stock (StockChanged); reports add stores with sales in their window. */
export async function listKnownStoreIds(): Promise<string[]> {
  const rows = await reportingDb().$queryRawUnsafe<Array<{ storeId: string }>>(
    `SELECT DISTINCT "storeId"::text AS "storeId" FROM "StockFact" WHERE "locationKind" = 'STORE' ORDER BY 1`,
  );
  return rows.map((r) => r.storeId);
}
