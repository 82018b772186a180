import type { Location, ReplenishmentRequest, Reservation, StockLevel } from '../domain/inventory.js';

/**
 * Row → plain object. Rows come from Prisma models or from raw SQL (same
 * column names), so only the fields the domain uses are read.
 */
export function toLocation(row: Location): Location {
  return { id: row.id, code: row.code, name: row.name, address: row.address, kind: row.kind };
}

export function toStockLevel(row: StockLevel): StockLevel {
  return { locationId: row.locationId, productId: row.productId, productName: row.productName, quantity: Number(row.quantity), updatedAt: row.updatedAt };
}

export function toReplenishmentRequest(row: ReplenishmentRequest): ReplenishmentRequest {
  return {
    id: row.id,
    storeId: row.storeId,
    productId: row.productId,
    quantity: Number(row.quantity),
    status: row.status,
    requestedBy: row.requestedBy,
    requestedAt: row.requestedAt,
    decidedBy: row.decidedBy,
    decidedAt: row.decidedAt,
    reason: row.reason,
  };
}

export function toReservation(row: Reservation): Reservation {
  return { id: row.id, locationId: row.locationId, status: row.status, expiresAt: row.expiresAt };
}
