/** Plain objects the inventory use cases work with (no Prisma types). */
import type { StockChangeKind } from '../../../contracts/domain-events.js';

export type LocationKind = 'STORE' | 'WAREHOUSE';
export type ReplenishmentStatus = 'PENDING' | 'APPROVED' | 'REJECTED';
export type ReservationStatus = 'HELD' | 'COMMITTED' | 'RELEASED';
/** A ledger movement's kind is the kind its StockChanged event carries. */
export type MovementKind = StockChangeKind;
export type StockOrder = 'PRODUCT_NAME' | 'QUANTITY_ASC' | 'QUANTITY_DESC';

/** A store or the warehouse. */
export interface Location {
  id: string;
  code: string;
  name: string;
  address: string | null;
  kind: LocationKind;
}

/** Names one stock level. */
export interface StockKey {
  locationId: string;
  productId: string;
}

/** Quantity on hand of one product at one location. */
export interface StockLevel {
  locationId: string;
  productId: string;
  /** Copied from catalog so the stock list can be searched and sorted here. */
  productName: string;
  quantity: number;
  updatedAt: Date;
}

/** One entry of the append-only ledger; quantity = sum of a level's movements. */
export interface NewStockMovement {
  locationId: string;
  productId: string;
  delta: number;
  kind: MovementKind;
  reference?: string | null;
  reason?: string | null;
  actorId?: string | null;
}

export interface ReplenishmentRequest {
  id: string;
  storeId: string;
  productId: string;
  quantity: number;
  status: ReplenishmentStatus;
  requestedBy: string;
  requestedAt: Date;
  decidedBy: string | null;
  decidedAt: Date | null;
  reason: string | null;
}

/** Stock held for a sale saga; `locationId` null marks a tombstone (released before anything was reserved). */
export interface Reservation {
  id: string;
  locationId: string | null;
  status: ReservationStatus;
  expiresAt: Date;
}

export interface StockLine {
  productId: string;
  quantity: number;
}
