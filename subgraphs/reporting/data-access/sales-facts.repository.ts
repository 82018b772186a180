import type { ProductFigures, ReportWindow, StoreTotals } from '../domain/reporting.js';
import { reportingDb, reportingSql } from './reporting-database.js';

/**
 * Queries of the sales read model; money comes back as exact decimal
 * strings. A window [from, to) is read from the daily totals for the report
 * days it covers whole and from the sales facts for the parts of a day at
 * either end (see windowOf): a 90-day report reads 90 rows per store, not
 * every sale line.
 */

interface WindowRow {
  firstDay: string;
  endDay: string;
  fullFrom: Date;
  fullTo: Date;
}

/** How [from, to) splits into whole report days (in `timeZone`) and the facts before and after them. */
export async function windowOf(from: Date, to: Date, timeZone: string): Promise<ReportWindow> {
  const [row] = await reportingDb().$queryRawUnsafe<WindowRow[]>(
    `SELECT to_char(first_day, 'YYYY-MM-DD') AS "firstDay", to_char(end_day, 'YYYY-MM-DD') AS "endDay",
            first_day::timestamp AT TIME ZONE $3 AS "fullFrom", end_day::timestamp AT TIME ZONE $3 AS "fullTo"
     FROM (SELECT CASE WHEN f = date_trunc('day', f) THEN f::date ELSE f::date + 1 END AS first_day, t::date AS end_day
           FROM (SELECT $1::timestamptz AT TIME ZONE $3 AS f, $2::timestamptz AT TIME ZONE $3 AS t) AS instants) AS days`,
    from,
    to,
    timeZone,
  );
  if (!row || row.firstDay >= row.endDay) return { from, to, firstDay: '', endDay: '', fullFrom: to, fullTo: to };
  return { from, to, firstDay: row.firstDay, endDay: row.endDay, fullFrom: row.fullFrom, fullTo: row.fullTo };
}

/** The parameters every window query takes, in this order: days [$1, $2), facts in [$3, $4) and [$5, $6). */
function windowParams(w: ReportWindow): unknown[] {
  return [w.firstDay || '1970-01-01', w.endDay || '1970-01-01', w.from, w.fullFrom, w.fullTo, w.to];
}

const DAYS = `day >= $1::date AND day < $2::date`;
const EDGES = `(("occurredAt" >= $3::timestamptz AND "occurredAt" < $4::timestamptz) OR ("occurredAt" >= $5::timestamptz AND "occurredAt" < $6::timestamptz))`;

/** `columns` of the facts matching `where` in the part-days, as two range scans (each can be index-only, where one OR is a bitmap heap scan). */
const edgeFacts = (columns: string, where: string) =>
  `SELECT ${columns} FROM "SalesFact" WHERE ${where} AND "occurredAt" >= $3::timestamptz AND "occurredAt" < $4::timestamptz
   UNION ALL
   SELECT ${columns} FROM "SalesFact" WHERE ${where} AND "occurredAt" >= $5::timestamptz AND "occurredAt" < $6::timestamptz`;

/** Revenue, units and sales made per store in the window; stores without any are absent. */
export async function sumSalesByStore(w: ReportWindow): Promise<StoreTotals[]> {
  const rows = await reportQuery<{ storeId: string; revenue: string; unitsSold: number; saleCount: number }>(
    `SELECT "storeId"::text AS "storeId", SUM(revenue)::text AS revenue, SUM(units)::int AS "unitsSold", SUM(sales)::int AS "saleCount"
     FROM (SELECT "storeId", revenue, "unitsSold" AS units, "saleCount" AS sales FROM "StoreDailySales" WHERE ${DAYS}
           UNION ALL
           SELECT "storeId", SUM(revenue), SUM(quantity), COUNT(DISTINCT "saleId") FILTER (WHERE kind = 'SALE')
           FROM (${edgeFacts('"storeId", revenue, quantity, "saleId", kind', 'true')}) AS edge GROUP BY "storeId") AS parts
     GROUP BY "storeId"`,
    windowParams(w),
  );
  return rows.map((r) => ({ storeId: r.storeId, revenue: r.revenue, unitsSold: Number(r.unitsSold), saleCount: Number(r.saleCount) }));
}

const RANKED = `ORDER BY SUM(units) DESC, SUM(revenue) DESC, "productId"`;

/**
 * Report queries group hundreds of thousands of rows: they get the memory to
 * do it without spilling to disk, for their own transaction only, and no
 * parallel workers unless `parallel` (a report's queries already run side by
 * side, and gathering costs more than it saves below millions of rows).
 * No JIT: the planner's costs of these queries over millions of rows pass
 * its thresholds, and compiling took up to 1.6 s of a 0.3 s query (EXPLAIN
 * ANALYZE on the chain), for executions of a few milliseconds per store.
 */
async function reportQuery<R>(text: string, values: readonly unknown[], parallel = false): Promise<R[]> {
  return reportingSql().transaction(async (tx) => {
    await tx.execute(`SET LOCAL work_mem = '64MB'`);
    await tx.execute(`SET LOCAL jit = off`);
    if (!parallel) await tx.execute(`SET LOCAL max_parallel_workers_per_gather = 0`);
    return tx.query<R>(text, values);
  });
}

type ProductRow = { productId: string; unitsSold: number; revenue: string };
const toFigures = (r: ProductRow): ProductFigures => ({ productId: r.productId, unitsSold: Number(r.unitsSold), revenue: r.revenue });

/** Products each whole day of a window offers as candidates (its best sellers, in index order). */
const CANDIDATES_PER_DAY = 50;

/**
 * The `limit` best sellers of the window (units, then revenue, then id),
 * without summing every product of every day when it can: the threshold
 * algorithm over each day's best sellers. Candidates are the first
 * CANDIDATES_PER_DAY of each whole day (an index read in order); a product
 * that is none of them sold at most the Nth best's units on each day, plus
 * what it sold in the part-days: when the last of the `limit` best
 * candidates (summed exactly) sold more than that bound, no other product
 * can rank among them. Otherwise (few products, flat sales) every product of
 * the window is summed.
 */
export async function findTopProducts(w: ReportWindow, limit: number): Promise<ProductFigures[]> {
  if (limit === 0) return [];
  if (w.firstDay) {
    const rows = await reportQuery<ProductRow & { unseen: string; found: string }>(
      `WITH days AS (SELECT day::date FROM generate_series($1::date, $2::date - 1, interval '1 day') AS day),
       best AS (
         SELECT d.day, b."productId", b."unitsSold", b.rank
         FROM days d CROSS JOIN LATERAL (
           SELECT "productId", "unitsSold", row_number() OVER (ORDER BY "unitsSold" DESC) AS rank
           FROM "ProductDailySales" WHERE day = d.day ORDER BY "unitsSold" DESC LIMIT $8
         ) AS b
       ),
       day_bound AS (SELECT GREATEST(CASE WHEN max(rank) = $8 THEN min("unitsSold") ELSE 0 END, 0) AS units FROM best GROUP BY day),
       candidates AS (SELECT DISTINCT "productId" FROM best),
       edge_lines AS MATERIALIZED (${edgeFacts('"productId", quantity, revenue', 'true')}),
       candidate_edges AS (SELECT "productId", SUM(quantity) AS units, SUM(revenue) AS revenue FROM edge_lines WHERE "productId" IN (SELECT "productId" FROM candidates) GROUP BY 1),
       exact AS (
         SELECT c."productId", COALESCE(d.units, 0) + COALESCE(e.units, 0) AS units, COALESCE(d.revenue, 0) + COALESCE(e.revenue, 0) AS revenue
         FROM candidates c
         CROSS JOIN LATERAL (SELECT SUM("unitsSold") AS units, SUM(revenue) AS revenue FROM "ProductDailySales" p WHERE p."productId" = c."productId" AND ${DAYS}) AS d
         LEFT JOIN candidate_edges e USING ("productId")
       ),
       ranked AS (SELECT * FROM exact ORDER BY units DESC, revenue DESC, "productId" LIMIT $7),
       unseen AS (
         SELECT COALESCE((SELECT SUM(units) FROM day_bound), 0)
              + GREATEST(COALESCE((SELECT MAX(units) FROM (SELECT SUM(quantity) AS units FROM edge_lines WHERE "productId" NOT IN (SELECT "productId" FROM candidates) GROUP BY "productId") AS others), 0), 0) AS units
       )
       SELECT r."productId"::text AS "productId", r.units::int AS "unitsSold", r.revenue::text AS revenue,
              (SELECT units FROM unseen)::text AS unseen, (SELECT count(*) FROM ranked)::text AS found
       FROM ranked r ORDER BY r.units DESC, r.revenue DESC, r."productId"`,
      [...windowParams(w), limit, Math.max(CANDIDATES_PER_DAY, limit)],
    );
    const last = rows.at(-1);
    if (last && Number(last.found) === limit && Number(last.unitsSold) > Number(last.unseen)) return rows.map(toFigures);
  }
  const rows = await reportQuery<ProductRow>(
    `SELECT "productId"::text AS "productId", SUM(units)::int AS "unitsSold", SUM(revenue)::text AS revenue
     FROM (SELECT "productId", "unitsSold" AS units, revenue FROM "ProductDailySales" WHERE ${DAYS}
           UNION ALL
           SELECT "productId", quantity, revenue FROM "SalesFact" WHERE ${EDGES}) AS parts
     GROUP BY "productId" ${RANKED} LIMIT $7`,
    [...windowParams(w), limit],
    true,
  );
  return rows.map(toFigures);
}

/** Stores ranked by one query; the stores of a report are ranked in this many queries at once (on as many pooled connections). */
const STORE_CHUNKS = 4;

/** Products each whole week of a window offers as a store's candidates (its leaders of the week, in index order). */
const CANDIDATES_PER_WEEK = 20;
/**
 * Below this many whole weeks, the rest of the window (its other days, read
 * per product) is most of it and ranking by weeks costs more than it saves.
 */
const MIN_WHOLE_WEEKS = 4;
/**
 * Above this many best sellers the bound rarely decides: on the chain
 * (90 days, 200 stores) 172 stores were decided for 3 best sellers, none
 * for 10 (a store's 10th best sells less than the 20th bests of its weeks add up to).
 */
const MAX_LIMIT_BY_WEEKS = 5;

type StoreProductRow = { storeId: string; productId: string; unitsSold: number; revenue: string };

/** `chunks` slices of `ids`, as even as can be. */
function chunksOf<T>(ids: readonly T[], chunks: number): T[][] {
  const size = Math.ceil(ids.length / chunks);
  return Array.from({ length: Math.ceil(ids.length / size) }, (_, i) => ids.slice(i * size, (i + 1) * size));
}

/**
 * The `limit` best sellers of each of these stores in the window, best
 * first (units, then revenue, then id). The stores in a few concurrent
 * queries so that PostgreSQL ranks them on every core. Each store is first
 * ranked from its leaders of each whole week of the window (the threshold
 * algorithm, see rankStoresByWeeks); the stores it cannot decide (flat
 * sales, short windows) are ranked from every day's rows.
 */
export async function findTopProductsOfStores(w: ReportWindow, storeIds: readonly string[], limit: number): Promise<Array<ProductFigures & { storeId: string }>> {
  if (limit === 0 || storeIds.length === 0) return [];
  const byWeeks = await Promise.all(chunksOf(storeIds, STORE_CHUNKS).map((chunk) => rankStoresByWeeks(w, chunk, limit)));
  const decided = new Map<string, StoreProductRow[]>();
  for (const { storeId, ...row } of byWeeks.flat()) decided.set(storeId, [...(decided.get(storeId) ?? []), { storeId, ...row }]);
  const undecided = storeIds.filter((id) => !decided.has(id));
  const byDays = undecided.length === 0 ? [] : await Promise.all(chunksOf(undecided, STORE_CHUNKS).map((chunk) => rankStoresByDays(w, chunk, limit)));
  for (const row of byDays.flat()) decided.set(row.storeId, [...(decided.get(row.storeId) ?? []), row]);
  return storeIds.flatMap((id) => decided.get(id) ?? []).map((r) => ({ storeId: r.storeId, productId: r.productId, unitsSold: Number(r.unitsSold), revenue: r.revenue }));
}

/** Monday of the first week that starts on or after `firstDay`, and of the week `endDay` falls in (YYYY-MM-DD); equal when no whole week fits. */
function wholeWeeks(w: ReportWindow): { from: string; to: string; count: number } | null {
  if (!w.firstDay) return null;
  const day = (text: string) => new Date(`${text}T00:00:00Z`);
  const monday = (d: Date) => new Date(d.getTime() - ((d.getUTCDay() + 6) % 7) * 86_400_000);
  const first = day(w.firstDay);
  const from = first.getUTCDay() === 1 ? first : monday(new Date(first.getTime() + 7 * 86_400_000));
  const to = monday(day(w.endDay));
  return from < to ? { from: from.toISOString().slice(0, 10), to: to.toISOString().slice(0, 10), count: Math.round((to.getTime() - from.getTime()) / (7 * 86_400_000)) } : null;
}

/**
 * The threshold algorithm over each store's weeks (the whole weeks of the
 * window in WeeklySales; its other days and part-days summed per product as
 * they are): a store's candidates are its first CANDIDATES_PER_WEEK of each
 * whole week (an index read in order), summed exactly. A product that is
 * none of them sold at most the Nth leader's units in each week, plus what
 * it sold in the rest of the window; when the `limit`th best candidate sold
 * more than that bound, no other product can rank among the store's best.
 * Only the stores decided so are returned (with their best sellers).
 */
export async function rankStoresByWeeks(w: ReportWindow, storeIds: readonly string[], limit: number): Promise<StoreProductRow[]> {
  const weeks = wholeWeeks(w);
  if (!weeks || weeks.count < MIN_WHOLE_WEEKS || limit > MAX_LIMIT_BY_WEEKS) return [];
  return reportQuery<StoreProductRow>(
    `WITH store AS (SELECT id, position FROM unnest($7::uuid[]) WITH ORDINALITY AS s(id, position)),
     leaders AS MATERIALIZED (
       SELECT store.id AS "storeId", l.week, l."productId", l."unitsSold", l.rank
       FROM store CROSS JOIN generate_series($10::date, $11::date - 7, interval '7 days') AS g(monday)
       CROSS JOIN LATERAL (
         SELECT x.week, x."productId", x."unitsSold", row_number() OVER (ORDER BY x."unitsSold" DESC) AS rank
         FROM "WeeklySales" x WHERE x."storeId" = store.id AND x.week = g.monday::date ORDER BY x."unitsSold" DESC LIMIT $9
       ) AS l
     ),
     week_bound AS (
       SELECT "storeId", SUM(units) AS units
       FROM (SELECT "storeId", CASE WHEN max(rank) = $9 THEN GREATEST(min("unitsSold"), 0) ELSE 0 END AS units FROM leaders GROUP BY "storeId", week) AS per_week
       GROUP BY "storeId"
     ),
     rest AS MATERIALIZED (
       SELECT "storeId", "productId", SUM(units) AS units
       FROM (SELECT "storeId", "productId", "unitsSold" AS units FROM "DailySales" WHERE "storeId" = ANY($7::uuid[]) AND day >= $1::date AND day < $10::date
             UNION ALL
             SELECT "storeId", "productId", "unitsSold" AS units FROM "DailySales" WHERE "storeId" = ANY($7::uuid[]) AND day >= $11::date AND day < $2::date
             UNION ALL
             ${edgeFacts('"storeId", "productId", quantity', '"storeId" = ANY($7::uuid[])')}) AS parts
       GROUP BY "storeId", "productId"
     ),
     candidates AS (SELECT DISTINCT "storeId", "productId" FROM leaders),
     exact AS (
       SELECT c."storeId", c."productId", COALESCE(wk.units, 0) + COALESCE(r.units, 0) AS units
       FROM candidates c
       CROSS JOIN LATERAL (SELECT SUM(x."unitsSold") AS units FROM "WeeklySales" x WHERE x."storeId" = c."storeId" AND x."productId" = c."productId" AND x.week >= $10::date AND x.week < $11::date) AS wk
       LEFT JOIN rest r USING ("storeId", "productId")
     ),
     placed AS (SELECT *, rank() OVER (PARTITION BY "storeId" ORDER BY units DESC) AS place FROM exact),
     unseen AS (
       SELECT r."storeId", GREATEST(max(r.units), 0) AS units
       FROM rest r LEFT JOIN candidates c USING ("storeId", "productId") WHERE c."productId" IS NULL GROUP BY r."storeId"
     ),
     decided AS (
       SELECT p."storeId"
       FROM placed p LEFT JOIN week_bound b USING ("storeId") LEFT JOIN unseen u USING ("storeId")
       WHERE p.place <= $8
       GROUP BY p."storeId", b.units, u.units
       HAVING count(*) >= $8 AND min(p.units) > COALESCE(b.units, 0) + COALESCE(u.units, 0)
     ),
     best AS (
       SELECT p."storeId", p."productId", p.units,
              COALESCE((SELECT SUM(x.revenue) FROM "WeeklySales" x WHERE x."storeId" = p."storeId" AND x."productId" = p."productId" AND x.week >= $10::date AND x.week < $11::date), 0)
              + COALESCE((SELECT SUM(d.revenue) FROM "DailySales" d WHERE d."storeId" = p."storeId" AND d."productId" = p."productId" AND ${DAYS} AND NOT (d.day >= $10::date AND d.day < $11::date)), 0)
              + COALESCE((SELECT SUM(revenue) FROM (${edgeFacts('revenue', '"storeId" = p."storeId" AND "productId" = p."productId"')}) AS own), 0) AS revenue
       FROM placed p WHERE p.place <= $8 AND p."storeId" IN (SELECT "storeId" FROM decided)
     ),
     ordered AS (SELECT *, row_number() OVER (PARTITION BY "storeId" ORDER BY units DESC, revenue DESC, "productId") AS n FROM best)
     SELECT o."storeId"::text AS "storeId", o."productId"::text AS "productId", o.units::int AS "unitsSold", o.revenue::text AS revenue
     FROM ordered o JOIN store ON store.id = o."storeId"
     WHERE o.n <= $8
     ORDER BY store.position, o.n`,
    [...windowParams(w), storeIds, limit, Math.max(CANDIDATES_PER_WEEK, limit), weeks.from, weeks.to],
  );
}

/**
 * The `limit` best sellers of each store from every day's rows: per store,
 * its rows of the window's days read from one covering index (index-only)
 * and its part-day facts, ranked by units alone, the ties at the last place
 * kept, and revenue summed for those few only to order them (summing exact
 * decimals for every product of a store made it about a third slower, A/B
 * on the chain).
 */
async function rankStoresByDays(w: ReportWindow, storeIds: readonly string[], limit: number): Promise<StoreProductRow[]> {
  return reportQuery<StoreProductRow>(
    `SELECT store.id::text AS "storeId", top."productId"::text AS "productId", top.units AS "unitsSold", top.revenue::text AS revenue
     FROM unnest($7::uuid[]) WITH ORDINALITY AS store(id, position)
     CROSS JOIN LATERAL (
       SELECT leader."productId", leader.units,
              COALESCE((SELECT SUM(revenue) FROM "DailySales" d WHERE d."storeId" = store.id AND d."productId" = leader."productId" AND ${DAYS}), 0)
              + COALESCE((SELECT SUM(revenue) FROM (${edgeFacts('revenue', '"storeId" = store.id AND "productId" = leader."productId"')}) AS own), 0) AS revenue
       FROM (SELECT "productId", SUM(units)::int AS units
             FROM (SELECT "productId", "unitsSold" AS units FROM "DailySales" WHERE "storeId" = store.id AND ${DAYS}
                   UNION ALL
                   ${edgeFacts('"productId", quantity', '"storeId" = store.id')}) AS parts
             GROUP BY "productId" ORDER BY SUM(units) DESC FETCH FIRST ($8::int) ROWS WITH TIES) AS leader
       ORDER BY leader.units DESC, revenue DESC, leader."productId" LIMIT $8
     ) AS top
     ORDER BY store.position, top.units DESC, top.revenue DESC, top."productId"`,
    [...windowParams(w), storeIds, limit],
  );
}

/** Revenue (net) of these stores in the window; stores without sales are absent. */
export async function sumRevenueOfStores(storeIds: readonly string[], w: ReportWindow): Promise<Map<string, string>> {
  if (storeIds.length === 0) return new Map();
  const rows = await reportingDb().$queryRawUnsafe<Array<{ storeId: string; revenue: string }>>(
    `SELECT "storeId"::text AS "storeId", SUM(revenue)::text AS revenue
     FROM (SELECT "storeId", revenue FROM "StoreDailySales" WHERE ${DAYS} AND "storeId" = ANY($7::uuid[])
           UNION ALL
           SELECT "storeId", revenue FROM "SalesFact" WHERE ${EDGES} AND "storeId" = ANY($7::uuid[])) AS parts
     GROUP BY "storeId"`,
    ...windowParams(w),
    storeIds,
  );
  return new Map(rows.map((r) => [r.storeId, r.revenue]));
}

/** Units sold (net) of these products in the window; products without sales are absent. */
export async function sumUnitsOfProducts(productIds: readonly string[], w: ReportWindow): Promise<Map<string, number>> {
  if (productIds.length === 0) return new Map();
  const rows = await reportingDb().$queryRawUnsafe<Array<{ productId: string; units: number }>>(
    `SELECT "productId"::text AS "productId", SUM(units)::int AS units
     FROM (SELECT "productId", "unitsSold" AS units FROM "ProductDailySales" WHERE ${DAYS} AND "productId" = ANY($7::uuid[])
           UNION ALL
           SELECT "productId", quantity FROM "SalesFact" WHERE ${EDGES} AND "productId" = ANY($7::uuid[])) AS parts
     GROUP BY "productId"`,
    ...windowParams(w),
    productIds,
  );
  return new Map(rows.map((r) => [r.productId, Number(r.units)]));
}

/** Revenue (net) per store and report day, for days from `firstDay` to `lastDay` (YYYY-MM-DD, inclusive). */
export async function sumDailyRevenue(firstDay: string, lastDay: string): Promise<Array<{ storeId: string; day: string; revenue: string }>> {
  return reportingDb().$queryRawUnsafe(
    `SELECT "storeId"::text AS "storeId", to_char(day, 'YYYY-MM-DD') AS day, revenue::text AS revenue
     FROM "StoreDailySales" WHERE day >= $1::date AND day <= $2::date`,
    firstDay,
    lastDay,
  );
}

/** Every store the read model knows from its stock (StockChanged); reports add stores with sales in their window. */
export async function listKnownStoreIds(): Promise<string[]> {
  const rows = await reportingDb().$queryRawUnsafe<Array<{ storeId: string }>>(`SELECT "storeId"::text AS "storeId" FROM "KnownStore" ORDER BY 1`);
  return rows.map((r) => r.storeId);
}
