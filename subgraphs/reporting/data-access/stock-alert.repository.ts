import type { StockAlert } from '../domain/reporting.js';
import { reportingSql } from './reporting-database.js';
import { toStockAlert } from './rows.js';

/** The deprecated stockAlerts list stops here. */
export const STOCK_ALERT_LIST_CAP = 1000;

export interface AlertFilter {
  storeId?: string;
  includeResolved: boolean;
}

/** Keyset position in alerts, newest first: the last alert seen. */
export interface AlertPosition {
  raisedAt: Date;
  id: string;
}

const COLUMNS = `id::text AS id, "storeId"::text AS "storeId", "productId"::text AS "productId", quantity, threshold, "raisedAt", "resolvedAt"`;

/** WHERE clause and parameters of a filter (parameters from $1). */
function filterSql(filter: AlertFilter): { where: string; values: unknown[] } {
  const clauses: string[] = [];
  const values: unknown[] = [];
  if (filter.storeId) clauses.push(`"storeId" = $${values.push(filter.storeId)}::uuid`);
  if (!filter.includeResolved) clauses.push(`"resolvedAt" IS NULL`);
  return { where: clauses.length ? clauses.join(' AND ') : 'true', values };
}

/**
 * Alerts newest first (raisedAt, then id, both descending): every filter
 * has an index that reads in that order backwards, so a page costs its own
 * rows whatever the position.
 */
export async function findStockAlerts(filter: AlertFilter, page: { after?: AlertPosition; limit: number }): Promise<StockAlert[]> {
  const { where, values } = filterSql(filter);
  const after = page.after ? ` AND ("raisedAt", id) < ($${values.push(page.after.raisedAt)}::timestamptz, $${values.push(page.after.id)}::uuid)` : '';
  const rows = await reportingSql().query<StockAlert>(
    `SELECT ${COLUMNS} FROM "StockAlert" WHERE ${where}${after} ORDER BY "raisedAt" DESC, id DESC LIMIT $${values.push(page.limit)}`,
    values,
  );
  return rows.map(toStockAlert);
}

/** Alerts matching the filter, from the per-store counts the consumer keeps (a sum over at most one row per store, not a count of every alert). */
export async function countStockAlerts(filter: AlertFilter): Promise<number> {
  const column = filter.includeResolved ? '"raisedCount"' : '"openCount"';
  const [row] = filter.storeId
    ? await reportingSql().query<{ n: string }>(`SELECT COALESCE(SUM(${column}), 0)::text AS n FROM "StoreAlertCount" WHERE "storeId" = $1::uuid`, [filter.storeId])
    : await reportingSql().query<{ n: string }>(`SELECT COALESCE(SUM(${column}), 0)::text AS n FROM "StoreAlertCount"`, []);
  return Number(row?.n ?? 0);
}
