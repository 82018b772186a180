import type { NewStockMovement, ReplenishmentRequest, ReplenishmentStatus, Reservation, ReservationStatus, StockKey, StockLevel, StockLine } from '../domain/inventory.js';
import type { Prisma } from './prisma-client/client.js';

/**
 * The stock operations that must happen together, inside ONE database
 * transaction. Every change of a quantity is a conditional UPDATE (or an
 * upsert) evaluated by PostgreSQL against the current row, never a value read
 * earlier, so concurrent callers can neither oversell nor go below zero (a
 * CHECK constraint backs this up). Throwing inside the unit of work rolls
 * everything back.
 */
export interface InventoryTx {
  /** The request, locked until the transaction ends (SELECT … FOR UPDATE); null when unknown. */
  lockReplenishmentRequest(id: string): Promise<ReplenishmentRequest | null>;
  decideReplenishmentRequest(id: string, decision: { status: Exclude<ReplenishmentStatus, 'PENDING'>; decidedBy: string; reason: string | null }): Promise<ReplenishmentRequest>;
  /** Takes `quantity` off a level only when that much is there; null (and no change) otherwise. */
  takeStock(locationId: string, productId: string, quantity: number): Promise<StockLevel | null>;
  /**
   * Adds to a level, creating it when missing (with `productName`, or the
   * name another location has for the product, or '').
   */
  addStock(locationId: string, productId: string, quantity: number, productName?: string): Promise<StockLevel>;
  /** Quantity on hand right now; null when the product is not stocked there. */
  quantityOnHand(locationId: string, productId: string): Promise<number | null>;
  /** Whether any location stocks the product (it is known to inventory). */
  isProductKnown(productId: string): Promise<boolean>;
  /**
   * Appends to the ledger and, for each movement, a StockChanged event (with
   * the level's quantity after the change) to the outbox. Every change of a
   * quantity goes through here.
   */
  recordMovements(movements: NewStockMovement[]): Promise<void>;
  /**
   * Inserts a HELD reservation; false when the id is already taken. A
   * concurrent insert of the same id makes this wait until that transaction
   * ends, so the id is claimed by exactly one caller.
   */
  claimReservation(id: string, locationId: string, expiresAt: Date): Promise<boolean>;
  insertReservationLines(id: string, lines: StockLine[]): Promise<void>;
  /** Moves a reservation from one status to another only if it is in `from`; null otherwise. */
  transitionReservation(id: string, from: ReservationStatus, to: ReservationStatus): Promise<Reservation | null>;
  reservationLines(id: string): Promise<StockLine[]>;
  /** Records a RELEASED reservation with no location and no lines; false when the id exists. */
  insertReservationTombstone(id: string): Promise<boolean>;
  findReservation(id: string): Promise<Reservation | null>;
  /** Marks a return as put back on the shelf; false when it already was. */
  claimReturn(returnId: string): Promise<boolean>;
}

/** The Prisma transaction the writes run in. */
export type Tx = Prisma.TransactionClient;

/** What a unit of work changed, to publish and invalidate once it has committed. */
export interface Effects {
  events: number;
  levels: StockKey[];
}
