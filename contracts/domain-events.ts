/**
 * The published language between bounded contexts: every domain event that
 * leaves a subgraph through its transactional outbox, with the facts a
 * consumer needs. Payloads are plain JSON (money as exact decimal strings,
 * times as ISO-8601 strings); a consumer never reads the producer's tables.
 */

/** The envelope every event travels in. */
export interface DomainEvent<TType extends string = string, TPayload = unknown> {
  /** Unique id (UUID): consumers apply each event once by this id. */
  id: string;
  type: TType;
  /** Producing subgraph (also the name of its stream). */
  source: EventSource;
  /**
   * Position in the producer's outbox. For one stock level, later changes
   * always have a higher sequence (they are written under the level's row lock).
   */
  sequence: number;
  occurredAt: string;
  payload: TPayload;
}

export type EventSource = 'sales' | 'inventory';

/** Stream of each producing subgraph (the bus adds its key prefix). */
export const eventStreams: Record<EventSource, string> = { sales: 'events:sales', inventory: 'events:inventory' };

export interface SoldLine {
  productId: string;
  quantity: number;
  /** Decimal string, the price snapshot of the sale. */
  unitPrice: string;
  /** Decimal string, quantity × unitPrice. */
  lineTotal: string;
}

export interface SaleRecordedPayload {
  saleId: string;
  storeId: string;
  customerId: string | null;
  total: string;
  lines: SoldLine[];
  occurredAt: string;
}

export interface SaleReturnedPayload {
  returnId: string;
  saleId: string;
  storeId: string;
  /** Decimal string: what was refunded (sum of the line totals). */
  refund: string;
  /** Returned quantities at the sale's unit prices. */
  lines: SoldLine[];
  occurredAt: string;
}

export type StockChangeKind =
  | 'INITIAL'
  | 'SALE_RESERVED'
  | 'SALE_RELEASED'
  | 'RETURN_RESTOCKED'
  | 'ADJUSTMENT'
  | 'REPLENISHMENT_OUT'
  | 'REPLENISHMENT_IN';

export interface StockChangedPayload {
  /** The store or the warehouse. */
  storeId: string;
  locationKind: 'STORE' | 'WAREHOUSE';
  productId: string;
  /** Quantity on hand right after the change. */
  quantity: number;
  delta: number;
  kind: StockChangeKind;
  /** Reservation, request or return behind the change, when there is one. */
  reference: string | null;
  occurredAt: string;
}

export interface ReplenishmentDecidedPayload {
  requestId: string;
  storeId: string;
  productId: string;
  quantity: number;
  decidedBy: string | null;
  reason: string | null;
  occurredAt: string;
}

export type SaleRecorded = DomainEvent<'SaleRecorded', SaleRecordedPayload>;
export type SaleReturned = DomainEvent<'SaleReturned', SaleReturnedPayload>;
export type StockChanged = DomainEvent<'StockChanged', StockChangedPayload>;
export type ReplenishmentApproved = DomainEvent<'ReplenishmentApproved', ReplenishmentDecidedPayload>;
export type ReplenishmentRejected = DomainEvent<'ReplenishmentRejected', ReplenishmentDecidedPayload>;

export type KnownEvent = SaleRecorded | SaleReturned | StockChanged | ReplenishmentApproved | ReplenishmentRejected;

/** What a producer hands to its outbox: the envelope is completed there. */
export interface NewOutboxEvent<E extends KnownEvent = KnownEvent> {
  type: E['type'];
  payload: E['payload'];
  occurredAt: Date;
}
