import type { StockAlert } from '../domain/reporting.js';
import type { Prisma } from './prisma-client/client.js';
import { reportingDb } from './reporting-database.js';
import { toStockAlert } from './rows.js';

/** Alerts of one store or of all, open ones only unless includeResolved; newest first. */
export async function findStockAlerts(filter: { storeId?: string; includeResolved: boolean }): Promise<StockAlert[]> {
  const where: Prisma.StockAlertWhereInput = {};
  if (filter.storeId) where.storeId = filter.storeId;
  if (!filter.includeResolved) where.resolvedAt = null;
  const rows = await reportingDb().stockAlert.findMany({ where, orderBy: [{ raisedAt: 'desc' }, { id: 'asc' }], take: 1000 });
  return rows.map(toStockAlert);
}
