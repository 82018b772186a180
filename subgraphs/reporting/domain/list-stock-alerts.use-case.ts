import { decodeCursor, encodeCursor, pageSize, toConnection } from '../../../platform/graphql/pagination.js';
import { isUuid } from '../../../platform/graphql/ids.js';
import type { Context } from '../context.js';
import { alertTags, reportCache, reportRequest } from '../data-access/report-cache.js';
import { countStockAlerts, findStockAlerts, STOCK_ALERT_LIST_CAP, type AlertFilter } from '../data-access/stock-alert.repository.js';
import type { StockAlert } from './reporting.js';
import { stockAlertScope } from './reporting-access.js';

export interface AlertListArgs {
  storeId?: string | null;
  includeResolved?: boolean | null;
}

function filterOf(ctx: Context, args: AlertListArgs): AlertFilter | null {
  const storeId = stockAlertScope(ctx.viewer, args.storeId);
  if (storeId !== undefined && !isUuid(storeId)) return null;
  return { storeId: storeId?.toLowerCase(), includeResolved: args.includeResolved ?? false };
}

/**
 * UC7 (deprecated list): critical stock alerts, newest first, cut at
 * STOCK_ALERT_LIST_CAP: open ones, and resolved ones too with
 * includeResolved. Head office and logistics see every store (or the one
 * named); a store manager sees their own store.
 */
export async function listStockAlerts(ctx: Context, args: AlertListArgs): Promise<StockAlert[]> {
  const filter = filterOf(ctx, args);
  return filter ? findStockAlerts(filter, { limit: STOCK_ALERT_LIST_CAP }) : [];
}

interface AlertCursor {
  t: string;
  id: string;
}

const isAlertCursor = (v: unknown): v is AlertCursor =>
  typeof v === 'object' && v !== null && typeof (v as AlertCursor).t === 'string' && !Number.isNaN(Date.parse((v as AlertCursor).t)) && isUuid((v as AlertCursor).id);

const cursorOf = (alert: StockAlert) => encodeCursor({ t: new Date(alert.raisedAt).toISOString(), id: alert.id } satisfies AlertCursor);

/** UC7, paged: the same alerts and rules, `first` (1…100, default 20) after the cursor, with the total; cached until an alert of the store changes. */
export async function listStockAlertPage(ctx: Context, args: AlertListArgs & { first?: number | null; after?: string | null }) {
  const limit = pageSize(args.first);
  const position = decodeCursor(args.after, isAlertCursor);
  const filter = filterOf(ctx, args);
  if (!filter) return toConnection<StockAlert>({ items: [], hasNextPage: false, totalCount: 0 }, cursorOf);
  const key = `alerts:${filter.storeId ?? 'all'}:${filter.includeResolved}:${limit}:${args.after ?? ''}`;
  const page = await reportCache().getOrCompute(reportRequest(key, [filter.storeId ? alertTags.store(filter.storeId) : alertTags.all]), async () => {
    const after = position && { raisedAt: new Date(position.t), id: position.id };
    const [rows, totalCount] = await Promise.all([findStockAlerts(filter, { after, limit: limit + 1 }), countStockAlerts(filter)]);
    return { items: rows.slice(0, limit), hasNextPage: rows.length > limit, totalCount };
  });
  return toConnection<StockAlert>(page, cursorOf);
}
