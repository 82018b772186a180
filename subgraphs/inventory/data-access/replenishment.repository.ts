import type { ReplenishmentRequest, ReplenishmentStatus } from '../domain/inventory.js';
import { inventoryDb } from './inventory-database.js';
import type { Prisma } from './prisma-client/client.js';
import { toReplenishmentRequest } from './rows.js';

export async function insertReplenishmentRequest(request: {
  storeId: string;
  productId: string;
  quantity: number;
  requestedBy: string;
}): Promise<ReplenishmentRequest> {
  return toReplenishmentRequest(await inventoryDb().replenishmentRequest.create({ data: request }));
}

export async function findReplenishmentRequest(id: string): Promise<ReplenishmentRequest | null> {
  const row = await inventoryDb().replenishmentRequest.findUnique({ where: { id } });
  return row && toReplenishmentRequest(row);
}

/** Keyset position in the requests, newest first: the last request seen. */
export interface RequestPosition {
  requestedAt: Date;
  id: string;
}

export interface RequestPageQuery {
  status?: ReplenishmentStatus;
  storeId?: string;
  after?: RequestPosition;
  limit: number;
}

/** One page of requests, newest first (requestedAt, then id, both descending: an index read backwards), and the total. */
export async function findReplenishmentRequestPage(query: RequestPageQuery): Promise<{ items: ReplenishmentRequest[]; hasNextPage: boolean; totalCount: number }> {
  const where: Prisma.ReplenishmentRequestWhereInput = {};
  if (query.status) where.status = query.status;
  if (query.storeId) where.storeId = query.storeId;
  const page: Prisma.ReplenishmentRequestWhereInput = query.after
    ? { AND: [where, { OR: [{ requestedAt: { lt: query.after.requestedAt } }, { requestedAt: query.after.requestedAt, id: { lt: query.after.id } }] }] }
    : where;
  const [rows, totalCount] = await Promise.all([
    inventoryDb().replenishmentRequest.findMany({ where: page, orderBy: [{ requestedAt: 'desc' }, { id: 'desc' }], take: query.limit + 1 }),
    inventoryDb().replenishmentRequest.count({ where }),
  ]);
  return { items: rows.slice(0, query.limit).map(toReplenishmentRequest), hasNextPage: rows.length > query.limit, totalCount };
}
