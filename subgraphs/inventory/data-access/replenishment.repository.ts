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

/** Newest first. */
export async function listReplenishmentRequests(filter: { status?: ReplenishmentStatus; storeId?: string }): Promise<ReplenishmentRequest[]> {
  const where: Prisma.ReplenishmentRequestWhereInput = {};
  if (filter.status) where.status = filter.status;
  if (filter.storeId) where.storeId = filter.storeId;
  const rows = await inventoryDb().replenishmentRequest.findMany({ where, orderBy: [{ requestedAt: 'desc' }, { id: 'asc' }] });
  return rows.map(toReplenishmentRequest);
}
