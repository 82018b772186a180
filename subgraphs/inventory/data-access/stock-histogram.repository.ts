import { inventorySql } from './inventory-database.js';

/**
 * StockHistogram (kept by a trigger on StockLevel, see the migration): per
 * location and quantity, how many levels hold it and their units, as
 * partial sums. Quantities from QUANTITY_CAP up share one row.
 */
export const QUANTITY_CAP = 256;

export interface LocationStockFigures {
  remainingStock: number;
  /** Levels at or below the low bound. */
  lowCount: number;
  /** Levels at or above the high bound; null when the bound is above QUANTITY_CAP (the histogram cannot tell). */
  highCount: number | null;
}

/** Units on hand and the counts of levels at or below `low` and at or above `high`, per location, from a few hundred rows each. */
export async function sumStockFigures(locationIds: readonly string[], low: number, high: number): Promise<Map<string, LocationStockFigures>> {
  if (locationIds.length === 0) return new Map();
  const rows = await inventorySql().query<{ locationId: string; units: string; low: string; high: string }>(
    `SELECT "locationId"::text AS "locationId", SUM(units)::text AS units,
            COALESCE(SUM(levels) FILTER (WHERE quantity <= $2::int), 0)::text AS low,
            COALESCE(SUM(levels) FILTER (WHERE quantity >= $3::int), 0)::text AS high
     FROM "StockHistogram" WHERE "locationId" = ANY($1::uuid[]) GROUP BY "locationId"`,
    [locationIds, low, high],
  );
  const countable = high <= QUANTITY_CAP;
  return new Map(rows.map((r) => [r.locationId, { remainingStock: Number(r.units), lowCount: Number(r.low), highCount: countable ? Number(r.high) : null }]));
}

/** Folds the rows of each (location, quantity) into one; returns how many rows it folded. Safe to run concurrently with writes and with itself. */
export async function mergeStockHistogram(): Promise<number> {
  // One statement: rows deleted here are the ones summed back, and rows inserted meanwhile are not in its snapshot.
  return inventorySql().execute(
    `WITH folded AS (
       DELETE FROM "StockHistogram"
       WHERE ("locationId", quantity) IN (SELECT "locationId", quantity FROM "StockHistogram" GROUP BY 1, 2 HAVING count(*) > 1)
       RETURNING "locationId", quantity, levels, units
     )
     INSERT INTO "StockHistogram" ("locationId", quantity, levels, units)
     SELECT "locationId", quantity, SUM(levels), SUM(units) FROM folded GROUP BY 1, 2 HAVING SUM(levels) <> 0 OR SUM(units) <> 0`,
  );
}
